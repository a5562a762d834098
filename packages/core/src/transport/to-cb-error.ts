import { ApiError } from '../errors/api-error.js';
import { ObjectNotFoundError } from '../errors/object-not-found-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ServerError } from '../errors/server-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { UnauthorizedError } from '../errors/unauthorized-error.js';
import { parseRetryAfter, RETRY_STATUS_CODES } from './retry-policy.js';
import type { HttpMethod } from './types.js';

/** What the error mapping knows about the request that failed. @internal */
export interface RequestContext {
  method: HttpMethod;
  /** `/path?query` as sent (redacted by the error classes). */
  path: string;
  /** The object asked for, for messages (`Sensor 42`). */
  object?: string;
  /** Attempts made so far (1 = no retry). */
  attempts: number;
  totalRetryDelayMs: number;
  baseUrl: string;
  timeoutMs: number;
  maxRetryAfterMs: number;
  /** The token, scrubbed from everything. */
  secrets: readonly string[];
}

/** An HTTP response the mapping reads (got's, or the stream's). @internal */
export interface ResponseLike {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  try {
    return JSON.stringify(body);
  } catch {
    return String(body);
  }
}

/** The server's own message: a JSON `reason`/`message`/`error` field, else the body text. @internal */
export function serverMessageOf(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed === 'object' && parsed !== null) {
      for (const key of ['reason', 'message', 'error']) {
        const value = (parsed as Record<string, unknown>)[key];
        if (typeof value === 'string' && value.trim()) return value.trim();
      }
    } else if (typeof parsed === 'string' && parsed.trim()) {
      return parsed.trim();
    }
  } catch {
    // not JSON: the text itself is the message
  }
  let message = trimmed;
  if (/^<(!doctype|html|head|body|title|h1)\b/i.test(trimmed)) {
    // An HTML error page (nginx/openresty): its title says it all.
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1];
    message = (title ?? trimmed.replace(/<[^>]*>/g, ' ')).replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
    if (!message) return undefined;
  }
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

function header(headers: ResponseLike['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Maps an HTTP error status to the SDK's error class: 404 → ObjectNotFoundError, 401/403 →
 * UnauthorizedError, 429 → RateLimitError, any other → ServerError.
 * @internal
 */
export function httpError(response: ResponseLike, ctx: RequestContext): ApiError {
  const status = response.statusCode;
  const text = bodyText(response.body);
  const serverMessage = serverMessageOf(text);
  const where = `${ctx.method} ${ctx.path}`;
  const suffix = serverMessage ? `: ${serverMessage}` : '';
  const common = {
    method: ctx.method, path: ctx.path, secrets: ctx.secrets,
    ...(serverMessage === undefined ? {} : { serverMessage }),
  };
  if (status === 404) {
    return new ObjectNotFoundError(`${ctx.object ?? `Object at ${ctx.path}`} not found (${where} returned 404)${suffix}`, {
      ...common, ...(ctx.object === undefined ? {} : { object: ctx.object }),
    });
  }
  const serverOptions = {
    ...common, status, body: text, attempts: ctx.attempts, totalRetryDelayMs: ctx.totalRetryDelayMs,
    isRetryable: RETRY_STATUS_CODES.includes(status),
  };
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  if (status === 401 || status === 403) {
    return new UnauthorizedError(`${status === 401 ? 'Unauthorized (401)' : 'Forbidden (403)'} for ${where}: check the API token and its permissions on ${ctx.baseUrl}${suffix}`, serverOptions);
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(header(response.headers, 'retry-after'), ctx.maxRetryAfterMs);
    return new RateLimitError(`Rate limited (429) on ${where}${tries}${suffix}`, {
      ...serverOptions, ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  return new ServerError(`Server returned ${status} for ${where}${tries}${suffix}`, serverOptions);
}

/** The fields of a got (or system) error the mapping reads; got itself is not imported here. */
interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  event?: string;
  cause?: unknown;
  response?: ResponseLike;
}

/**
 * The one place a failed request becomes an SDK error: HTTP statuses via {@link httpError},
 * timeouts → TimeoutError, network and TLS failures → ApiError with the code in the message and
 * the low-level error as `cause`. SDK errors pass through unchanged.
 * @internal
 */
export function toCbError(error: unknown, ctx: RequestContext): ApiError {
  if (ApiError.isInstance(error)) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  if (e.response !== undefined && e.response.statusCode >= 300) return httpError(e.response, ctx);
  // got wraps the system error; keep that one (it carries no request options, hence no token).
  // Never keep got's own error: its options hold the X-Auth-Token header.
  const cause = e.cause instanceof Error
    ? e.cause
    : Object.assign(new Error(e.message ?? String(error)), e.code === undefined ? {} : { code: e.code });
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  if (e.name === 'TimeoutError' || e.event !== undefined) {
    return new TimeoutError(`${ctx.method} ${ctx.path} timed out${e.event ? ` (${e.event})` : ''}${tries}: ${e.message ?? 'timeout'}`, {
      method: ctx.method, path: ctx.path, secrets: ctx.secrets, cause, timeoutMs: ctx.timeoutMs,
    });
  }
  const code = e.code && e.code !== 'ERR_GOT_REQUEST_ERROR' ? e.code : undefined;
  const detail = e.message ?? 'unknown error';
  return new ApiError(
    `Received a network connection error from ${ctx.baseUrl}${code && !detail.includes(code) ? ` (${code})` : ''} on ${ctx.method} ${ctx.path}${tries}: ${detail}`,
    { method: ctx.method, path: ctx.path, secrets: ctx.secrets, cause },
  );
}
