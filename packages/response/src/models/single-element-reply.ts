import { ObjectNotFoundError, ServerError } from '@cbapi/core';
import type { JsonObject } from '@cbapi/core';

/**
 * Reads the reply of `GET /api/group/<id>` or `GET /api/site/<id>`, which the server sends as a
 * one-element array (protocol §8.1-12).
 *
 * @param body - the parsed reply
 * @param what - the object, for messages (`SensorGroup 2`)
 * @param path - the route
 * @returns the document
 * @throws {@link ObjectNotFoundError} for an empty array (or no body)
 * @throws {@link ServerError} for any other shape
 * @internal
 */
export function singleElementReply(body: unknown, what: string, path: string): JsonObject {
  if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) {
    throw new ObjectNotFoundError(`${what} not found`, { object: what, method: 'GET', path });
  }
  const doc: unknown = Array.isArray(body) ? (body.length === 1 ? body[0] : undefined) : body;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ServerError(`Unexpected reply to GET ${path}: expected a one-element array`, { status: 200, method: 'GET', path, body: JSON.stringify(body) });
  }
  return doc as JsonObject;
}
