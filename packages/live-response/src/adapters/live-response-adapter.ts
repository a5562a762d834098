import type { Transport } from '@cbapi/core';

/** A Live Response session object as the server sends it (every field kept). @public */
export interface SessionInfo {
  id: number | string;
  sensor_id?: number;
  /** Normalised to lower case by the adapter (`pending`, `active`, `error`, `close`, `timeout`, ...). */
  status: string;
  supported_commands?: string[];
  drives?: string[];
  current_working_directory?: string;
  session_timeout?: number;
  sensor_wait_timeout?: number;
  [field: string]: unknown;
}

/** Options the adapter's requests take. */
export interface AdapterRequestOptions {
  signal?: AbortSignal;
  /** Per-request timeout in ms. */
  timeout?: number;
}

/**
 * What differs between products' Live Response APIs: routes, session creation and closing, status
 * spelling. Everything else (commands, files, keepalive) is shared under `basePath`.
 * @public
 */
export interface LiveResponseAdapter {
  /** `'response'`, `'defense'` or your own name. Module jobs need a built-in name (it crosses to the worker). */
  readonly name: string;
  /** Route prefix without a trailing slash, e.g. `/api/v1/cblr`. */
  readonly basePath: string;
  /** Whether `listSessions` is available (Response: yes; Defense: no, sessions are never reused). */
  readonly canListSessions: boolean;
  /** Lists the server's sessions (statuses normalised). */
  listSessions(transport: Transport, options: AdapterRequestOptions & { activeOnly?: boolean }): Promise<SessionInfo[]>;
  /** Starts a session for a sensor; the reply usually is `pending`. */
  createSession(transport: Transport, sensorId: number, options: AdapterRequestOptions): Promise<SessionInfo>;
  /** Reads a session; with `wait` the server holds the reply until the session is available (long poll). */
  getSession(transport: Transport, sessionId: number | string, options: AdapterRequestOptions & { wait?: boolean }): Promise<SessionInfo>;
  /** Closes a session on the server. `known` is the last session document, when there is one. */
  closeSession(transport: Transport, sessionId: number | string, options: AdapterRequestOptions & { known?: SessionInfo }): Promise<void>;
}

/** Normalises a raw session document: lower-case status, kept fields. @internal */
export function normaliseSession(raw: unknown, what: string): SessionInfo {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TypeError(`${what}: expected a session object, got ${raw === null ? 'null' : typeof raw}`);
  }
  const doc = raw as Record<string, unknown>;
  const id = doc['id'] ?? doc['session_id'];
  if (typeof id !== 'number' && typeof id !== 'string') throw new TypeError(`${what}: the session has no id`);
  const status = typeof doc['status'] === 'string' ? doc['status'].toLowerCase() : 'pending';
  return { ...doc, id, status } as SessionInfo;
}
