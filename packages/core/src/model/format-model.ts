import { deepEqual } from './deep-equal.js';
import type { JsonObject } from './types.js';

/** What `formatModel` lists. @internal */
export interface FormatModelInput {
  name: string;
  server: string | undefined;
  refreshedAt: Date | undefined;
  fullyLoaded: boolean;
  raw: JsonObject;
  current: JsonObject;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value === null) return 'None';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * cbapi's `__str__` listing: `"{Class} object, bound to {server}."`, a line of 79 `-`, a blank
 * line, then one line per key sorted: a 3-char marker (`(+)` new, `(*)` changed), the key
 * right-aligned in 20 characters, and the value cut to 47 characters + `...` when longer than 50.
 * @internal
 */
export function formatModel(input: FormatModelInput): string {
  let header = `${input.name} object, bound to ${input.server ?? '(no server)'}.`;
  if (input.refreshedAt) header += ` Last refreshed at ${input.refreshedAt.toString()}`;
  if (!input.fullyLoaded) header += ' Partially initialized. Use .refresh() to load all attributes';
  const lines = [header, '-'.repeat(79), ''];
  for (const key of Object.keys(input.current).sort()) {
    const value = input.current[key];
    let marker = '   ';
    if (!Object.hasOwn(input.raw, key) || input.raw[key] === undefined) marker = '(+)';
    else if (!deepEqual(input.raw[key], value)) marker = '(*)';
    let text = show(value);
    if (text.length > 50) text = `${text.slice(0, 47)}...`;
    lines.push(`${marker} ${key.padStart(20)}: ${text}`);
  }
  return lines.join('\n');
}
