import type { HttpMethod } from './types.js';

/** HTTP statuses that are retried. @internal */
export const RETRY_STATUS_CODES: readonly number[] = [429, 502, 503, 504];

/** Network error codes that are retried (idempotent methods, or any method when the request was never sent). @internal */
export const RETRY_ERROR_CODES: readonly string[] = [
  'ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRINUSE', 'ECONNABORTED',
];

/** Codes that prove the request never reached the server. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** got timeout events that happen before the request is written. */
const NEVER_SENT_TIMEOUTS = new Set(['lookup', 'connect', 'secureConnect']);

/** How the transport retries. Durations in ms. @internal */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  random?: () => number;
}

/** What the policy needs to know about a failed attempt. @internal */
export interface FailedAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  method: HttpMethod;
  idempotent: boolean;
  status?: number;
  code?: string;
  /** got's timeout event (`lookup`, `connect`, `secureConnect`, `response`...). */
  timeoutEvent?: string;
  retryAfter?: string;
  now?: number;
}

/**
 * Parses a Retry-After header (seconds, or an HTTP date) to ms, capped at `capMs`; undefined when absent or invalid.
 * @internal
 */
export function parseRetryAfter(header: string | undefined, capMs: number, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else if (!/[a-z]/i.test(text)) return undefined;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = Math.max(0, date - now);
  }
  return Math.min(ms, capMs);
}

/**
 * True when an error proves the request was never sent (connection refused, DNS, connect timeout).
 * @internal
 */
export function neverSent(code: string | undefined, timeoutEvent: string | undefined): boolean {
  if (timeoutEvent !== undefined) return NEVER_SENT_TIMEOUTS.has(timeoutEvent);
  return code !== undefined && NEVER_SENT_CODES.has(code);
}

/**
 * The delay before the next attempt in ms, or 0 for "do not retry": exponential backoff with
 * full jitter, or the server's Retry-After (capped). POST/PATCH are retried only when the
 * request never reached the server, unless marked idempotent.
 * @internal
 */
export function retryDelay(policy: RetryPolicy, failed: FailedAttempt): number {
  if (failed.attempt > policy.maxRetries) return 0;
  const unsafeMethod = (failed.method === 'POST' || failed.method === 'PATCH') && !failed.idempotent;
  if (failed.status !== undefined) {
    if (!RETRY_STATUS_CODES.includes(failed.status) || unsafeMethod) return 0;
  } else {
    const retryable = failed.timeoutEvent !== undefined || (failed.code !== undefined && RETRY_ERROR_CODES.includes(failed.code));
    if (!retryable) return 0;
    if (unsafeMethod && !neverSent(failed.code, failed.timeoutEvent)) return 0;
  }
  const retryAfter = parseRetryAfter(failed.retryAfter, policy.maxRetryAfterMs, failed.now);
  if (retryAfter !== undefined) return Math.max(1, retryAfter);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failed.attempt - 1));
  return Math.max(1, Math.round((policy.random ?? Math.random)() * ceiling));
}
