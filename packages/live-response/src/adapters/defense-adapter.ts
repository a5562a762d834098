import { ApiError } from '@cbapi/core';
import { normaliseSession, type LiveResponseAdapter, type SessionInfo } from './live-response-adapter.js';

const BASE = '/integrationServices/v3/cblr';

function asSession(raw: unknown, what: string): SessionInfo {
  try {
    return normaliseSession(raw, what);
  } catch (e) {
    throw new ApiError(`Unexpected Live Response reply: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Cb Defense (`/integrationServices/v3/cblr`, Defense API key auth on the transport): created with
 * `POST session/<sensor_id>`, upper-case statuses (`ACTIVE`), closed with
 * `PUT session {session_id, status: "CLOSE"}`. The server has no session listing, so sessions
 * are never reused.
 * @example
 * ```ts
 * const lr = createLiveResponse({ transport, credentials, adapter: 'defense' });
 * ```
 * @public
 */
export const defenseAdapter: LiveResponseAdapter = {
  name: 'defense',
  basePath: BASE,
  canListSessions: false,
  listSessions() {
    return Promise.reject(new ApiError('Cb Defense has no Live Response session listing'));
  },
  async createSession(transport, sensorId, { signal, timeout }) {
    const body = await transport.post<unknown>(`${BASE}/session/${sensorId}`, { json: { sensor_id: sensorId }, signal, timeout, object: `Device ${sensorId}` });
    return asSession(body, 'session create');
  },
  async getSession(transport, sessionId, { signal, timeout, wait }) {
    const body = await transport.get<unknown>(`${BASE}/session/${sessionId}`, {
      signal, timeout, searchParams: wait ? { wait: true } : undefined, object: `Live Response session ${sessionId}`,
    });
    return asSession(body, 'session');
  },
  async closeSession(transport, sessionId, { signal, timeout }) {
    await transport.put<unknown>(`${BASE}/session`, {
      json: { session_id: sessionId, status: 'CLOSE' }, signal, timeout, idempotent: true, object: `Live Response session ${sessionId}`,
    });
  },
};
