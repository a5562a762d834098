import { ApiError } from '@cbapi/core';

const NAMES: Readonly<Record<number, ActionTypeName>> = { 0: 'email', 1: 'syslog', 2: 'http_post', 3: 'alert' };

/** What a watchlist or feed action does when it fires. @public */
export type ActionTypeName = 'email' | 'syslog' | 'http_post' | 'alert';

/**
 * The name of a feed or watchlist `action_type` code: 0 `email`, 1 `syslog`, 2 `http_post`, 3 `alert`.
 *
 * @param code - the wire value
 * @returns the name, or `'unknown'` for any other value
 * @internal
 */
export function actionTypeName(code: unknown): ActionTypeName | 'unknown' {
  const n = typeof code === 'string' && code.trim() !== '' ? Number(code) : code;
  return typeof n === 'number' ? (NAMES[n] ?? 'unknown') : 'unknown';
}

/**
 * The wire code of an action type name.
 *
 * @param name - `email`, `syslog`, `http_post` or `alert`
 * @returns the `action_type` code
 * @throws {@link ApiError} `Unknown Action type: <name>` for any other name
 * @internal
 */
export function actionTypeCode(name: string): number {
  for (const [code, n] of Object.entries(NAMES)) if (n === name) return Number(code);
  throw new ApiError(`Unknown Action type: ${name} (expected one of ${Object.values(NAMES).join(', ')})`);
}
