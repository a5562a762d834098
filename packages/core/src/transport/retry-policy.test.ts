import { describe, expect, it } from '@jest/globals';
import { neverSent, parseRetryAfter, retryDelay, type RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 60_000, random: () => 1 };

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds and HTTP dates, capped', () => {
    expect(parseRetryAfter('2', 60_000, now)).toBe(2000);
    expect(parseRetryAfter('0.5', 60_000, now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', 60_000, now)).toBe(7000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', 60_000, now)).toBe(0);
    expect(parseRetryAfter('3600', 60_000, now)).toBe(60_000);
  });
  it('ignores missing or invalid values', () => {
    expect(parseRetryAfter(undefined, 60_000)).toBeUndefined();
    expect(parseRetryAfter('  ', 60_000)).toBeUndefined();
    expect(parseRetryAfter('soon', 60_000)).toBeUndefined();
    expect(parseRetryAfter('-5', 60_000)).toBeUndefined();
  });
});

describe('neverSent', () => {
  it('knows which failures happen before the request is written', () => {
    expect(neverSent('ECONNREFUSED', undefined)).toBe(true);
    expect(neverSent('ENOTFOUND', undefined)).toBe(true);
    expect(neverSent('EAI_AGAIN', undefined)).toBe(true);
    expect(neverSent('ETIMEDOUT', 'connect')).toBe(true);
    expect(neverSent('ETIMEDOUT', 'secureConnect')).toBe(true);
    expect(neverSent('ETIMEDOUT', 'response')).toBe(false);
    expect(neverSent('ECONNRESET', undefined)).toBe(false);
    expect(neverSent(undefined, undefined)).toBe(false);
  });
});

describe('retryDelay', () => {
  it('backs off exponentially up to the ceiling (full jitter scaled by random)', () => {
    const delays = [1, 2, 3].map((attempt) => retryDelay(policy, { attempt, method: 'GET', idempotent: true, status: 503 }));
    expect(delays).toEqual([100, 200, 400]);
    expect(retryDelay({ ...policy, maxRetries: 10 }, { attempt: 8, method: 'GET', idempotent: true, status: 503 })).toBe(1000);
    expect(retryDelay({ ...policy, random: () => 0.5 }, { attempt: 2, method: 'GET', idempotent: true, code: 'ECONNRESET' })).toBe(100);
    expect(retryDelay({ ...policy, random: () => 0 }, { attempt: 1, method: 'GET', idempotent: true, status: 502 })).toBe(1);
  });
  it('stops after maxRetries', () => {
    expect(retryDelay(policy, { attempt: 4, method: 'GET', idempotent: true, status: 503 })).toBe(0);
  });
  it('retries only 429/502/503/504 and known network codes', () => {
    expect(retryDelay(policy, { attempt: 1, method: 'GET', idempotent: true, status: 500 })).toBe(0);
    expect(retryDelay(policy, { attempt: 1, method: 'GET', idempotent: true, status: 404 })).toBe(0);
    expect(retryDelay(policy, { attempt: 1, method: 'GET', idempotent: true, status: 429 })).toBe(100);
    expect(retryDelay(policy, { attempt: 1, method: 'GET', idempotent: true, code: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toBe(0);
    expect(retryDelay(policy, { attempt: 1, method: 'GET', idempotent: true })).toBe(0);
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']) {
      expect(retryDelay(policy, { attempt: 1, method: 'GET', idempotent: true, code })).toBe(100);
    }
  });
  it('honours Retry-After, capped', () => {
    expect(retryDelay(policy, { attempt: 1, method: 'GET', idempotent: true, status: 429, retryAfter: '3' })).toBe(3000);
    expect(retryDelay({ ...policy, maxRetryAfterMs: 50 }, { attempt: 1, method: 'GET', idempotent: true, status: 503, retryAfter: '3' })).toBe(50);
    expect(retryDelay(policy, { attempt: 1, method: 'GET', idempotent: true, status: 503, retryAfter: '0' })).toBe(1);
  });
  it('retries POST/PATCH only when the request never reached the server, unless idempotent', () => {
    expect(retryDelay(policy, { attempt: 1, method: 'POST', idempotent: false, status: 503 })).toBe(0);
    expect(retryDelay(policy, { attempt: 1, method: 'PATCH', idempotent: false, code: 'ECONNRESET' })).toBe(0);
    expect(retryDelay(policy, { attempt: 1, method: 'POST', idempotent: false, code: 'ETIMEDOUT', timeoutEvent: 'response' })).toBe(0);
    expect(retryDelay(policy, { attempt: 1, method: 'POST', idempotent: false, code: 'ECONNREFUSED' })).toBe(100);
    expect(retryDelay(policy, { attempt: 1, method: 'POST', idempotent: false, code: 'ETIMEDOUT', timeoutEvent: 'connect' })).toBe(100);
    expect(retryDelay(policy, { attempt: 1, method: 'POST', idempotent: true, status: 503 })).toBe(100);
    expect(retryDelay(policy, { attempt: 1, method: 'PUT', idempotent: false, status: 503 })).toBe(100);
  });
});
