import { ApiError } from '@cbapi/core';
import { normaliseSession, type LiveResponseAdapter, type SessionInfo } from './live-response-adapter.js';

const BASE = '/api/v1/cblr';

function asSession(raw: unknown, what: string): SessionInfo {
  try {
    return normaliseSession(raw, what);
  } catch (e) {
    throw new ApiError(`Unexpected Live Response reply: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Cb Response (`/api/v1/cblr`): sessions listed with `active_only`, created with
 * `POST session {sensor_id}`, closed by PUTting the session document back with `status: "close"`.
 * @example
 * ```ts
 * const lr = createLiveResponse({ transport, credentials, adapter: responseAdapter });
 * ```
 * @public
 */
export const responseAdapter: LiveResponseAdapter = {
  name: 'response',
  basePath: BASE,
  canListSessions: true,
  async listSessions(transport, { signal, timeout, activeOnly }) {
    const body = await transport.get<unknown>(`${BASE}/session`, {
      signal, timeout, searchParams: activeOnly ? { active_only: true } : undefined, object: 'Live Response sessions',
    });
    if (!Array.isArray(body)) throw new ApiError('Unexpected Live Response reply: the session list is not an array');
    return body.map((s, i) => asSession(s, `session list item ${i}`));
  },
  async createSession(transport, sensorId, { signal, timeout }) {
    const body = await transport.post<unknown>(`${BASE}/session`, { json: { sensor_id: sensorId }, signal, timeout, object: `Sensor ${sensorId}` });
    return asSession(body, 'session create');
  },
  async getSession(transport, sessionId, { signal, timeout, wait }) {
    const body = await transport.get<unknown>(`${BASE}/session/${sessionId}`, {
      signal, timeout, searchParams: wait ? { wait: true } : undefined, object: `Live Response session ${sessionId}`,
    });
    return asSession(body, 'session');
  },
  async closeSession(transport, sessionId, { signal, timeout, known }) {
    const doc = known ?? (await responseAdapter.getSession(transport, sessionId, { signal, timeout }));
    await transport.put<unknown>(`${BASE}/session/${sessionId}`, {
      json: { ...doc, id: doc.id, status: 'close' }, signal, timeout, idempotent: true, object: `Live Response session ${sessionId}`,
    });
  },
};
