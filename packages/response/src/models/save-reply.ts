import type { JsonObject } from '@cbapi/core';

const STATUS_KEYS = new Set(['result', 'success', 'message', 'reason', 'id']);

/**
 * Normalises a save reply that is a status, not a document: `{"result": "success", "id": 2}` (or
 * `{"success": true, "id": 2}`) becomes `{"id": 2}` (adopt the id, then reload), and
 * `{"success": true}` becomes `{"result": "success"}` (reload). Documents, failures and other shapes
 * pass through unchanged, for core's `handleSaveReply` to judge.
 *
 * @param reply - the parsed reply body
 * @param primaryKey - the model's primary key (`id`, `username`, ...)
 * @returns the reply core should see
 * @internal
 */
export function statusReply(reply: unknown, primaryKey: string): unknown {
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) return reply;
  const r = reply as JsonObject;
  const keys = Object.keys(r);
  if (keys.length < 2 && !(keys.length === 1 && keys[0] === 'success')) return reply;
  if (!keys.every((k) => STATUS_KEYS.has(k) || k === primaryKey)) return reply;
  const ok = r['result'] === 'success' || r['success'] === true;
  if (!ok) return reply;
  const id = r[primaryKey];
  return id === undefined || id === null || id === '' ? { result: 'success' } : { [primaryKey]: id };
}
