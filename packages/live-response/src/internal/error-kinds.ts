import { ApiError, LiveResponseError, ObjectNotFoundError, ServerError, TimeoutError, InvalidObjectError, UnauthorizedError, RateLimitError } from '@cbapi/core';

/** Error classification and cross-thread (de)serialisation. @internal */

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * A 404 that means "the session (or sensor) is gone, establish a new one": a body starting with
 * `Session` or `Sensor`, or JSON `{"status": "NOT_FOUND"}` (protocol.md §5.3, §8.1.17).
 */
export function isSessionGone(e: unknown): boolean {
  const status = (e as { status?: unknown } | null)?.status;
  if (!(ObjectNotFoundError.isInstance(e) || (ServerError.isInstance(e) && status === 404))) return false;
  const err = e as ObjectNotFoundError & { body?: string };
  for (const t of [text(err.serverMessage), text(err.body)]) {
    const s = t.trimStart();
    if (/^"?(Session|Sensor)/i.test(s) || /"status"\s*:\s*"NOT_FOUND"/.test(s) || s === 'NOT_FOUND') return true;
  }
  return false;
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** A server or network hiccup worth retrying a job for (never a LiveResponseError, a timeout or an abort). */
export function isTransient(e: unknown): boolean {
  if (LiveResponseError.isInstance(e) || TimeoutError.isInstance(e)) return false;
  if (ServerError.isInstance(e)) {
    const s = (e as ServerError).status;
    return (e as ServerError).isRetryable || s === 429 || s === 500 || s === 502 || s === 503 || s === 504;
  }
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  }
  return false;
}

/** A plain, structured-clonable description of an error. */
export interface SerializedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
  stack?: string;
}

const FIELDS = ['method', 'path', 'status', 'serverMessage', 'body', 'isRetryable', 'attempts', 'timeoutMs', 'object', 'sessionId', 'commandId', 'details', 'code', 'retryAfterMs'];

/** Turns any thrown value into a SerializedError (fields of @cbapi errors kept). */
export function serializeError(e: unknown): SerializedError {
  if (!(e instanceof Error) && (typeof e !== 'object' || e === null)) return { name: 'Error', message: String(e), fields: {} };
  const err = e as Error & Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = err[f];
    if (v === undefined || typeof v === 'function') continue;
    try {
      fields[f] = structuredClone(v);
    } catch {
      fields[f] = String(v);
    }
  }
  return { name: String(err.name ?? 'Error'), message: String(err.message ?? ''), fields, stack: typeof err.stack === 'string' ? err.stack : undefined };
}

/** Rebuilds a thrown error from a SerializedError: @cbapi error classes come back as themselves. */
export function deserializeError(s: SerializedError): Error {
  const f = s.fields;
  const base = { method: f['method'] as string | undefined, path: f['path'] as string | undefined };
  let err: Error;
  switch (s.name) {
    case 'LiveResponseError':
      err = new LiveResponseError((f['details'] as Record<string, unknown> | undefined) ?? {}, {
        ...base, sessionId: f['sessionId'] as number | undefined, commandId: f['commandId'] as number | undefined,
      });
      break;
    case 'TimeoutError':
      err = new TimeoutError(s.message, { ...base, timeoutMs: f['timeoutMs'] as number | undefined });
      break;
    case 'ObjectNotFoundError':
      err = new ObjectNotFoundError(s.message, { ...base, object: f['object'] as string | undefined, serverMessage: f['serverMessage'] as string | undefined });
      break;
    case 'ServerError':
    case 'UnauthorizedError':
    case 'RateLimitError': {
      const Cls = s.name === 'UnauthorizedError' ? UnauthorizedError : s.name === 'RateLimitError' ? RateLimitError : ServerError;
      err = new (Cls as typeof ServerError)(s.message, {
        ...base, status: (f['status'] as number | undefined) ?? 500, serverMessage: f['serverMessage'] as string | undefined,
        body: f['body'] as string | undefined, isRetryable: f['isRetryable'] as boolean | undefined, attempts: f['attempts'] as number | undefined,
      });
      break;
    }
    case 'InvalidObjectError':
      err = new InvalidObjectError(s.message, base);
      break;
    case 'ApiError':
      err = new ApiError(s.message, base);
      break;
    default: {
      err = new Error(s.message);
      err.name = s.name;
      if (f['code'] !== undefined) (err as Error & { code?: unknown }).code = f['code'];
    }
  }
  if (s.stack) err.stack = s.stack;
  return err;
}
