import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../errors/api-error.js';
import { ObjectNotFoundError } from '../errors/object-not-found-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ServerError } from '../errors/server-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { UnauthorizedError } from '../errors/unauthorized-error.js';
import { httpError, serverMessageOf, toCbError, type RequestContext } from './to-cb-error.js';

const TOKEN = 'abcdef0123456789abcdef0123456789';
const ctx: RequestContext = {
  method: 'GET', path: '/api/v1/sensor/7', attempts: 1, totalRetryDelayMs: 0, baseUrl: 'https://cb.example.test',
  timeoutMs: 120_000, maxRetryAfterMs: 60_000, secrets: [TOKEN],
};

describe('serverMessageOf', () => {
  it('prefers reason, then message, then error of a JSON body', () => {
    expect(serverMessageOf('{"reason":"r","message":"m","error":"e"}')).toBe('r');
    expect(serverMessageOf('{"message":"m","error":"e"}')).toBe('m');
    expect(serverMessageOf('{"error":"e"}')).toBe('e');
    expect(serverMessageOf('"just a string"')).toBe('just a string');
  });
  it('falls back to the text, truncated, and gives undefined for nothing', () => {
    expect(serverMessageOf('{"other":1}')).toBe('{"other":1}');
    expect(serverMessageOf('  Bad Gateway  ')).toBe('Bad Gateway');
    expect(serverMessageOf('x'.repeat(600))).toHaveLength(501);
    expect(serverMessageOf('   ')).toBeUndefined();
  });
  it('reduces an HTML error page to its title, or its text', () => {
    expect(serverMessageOf('<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n<body><h1>503</h1></body></html>'))
      .toBe('503 Service Temporarily Unavailable');
    expect(serverMessageOf('<!DOCTYPE HTML>\n<h1>Unauthorized</h1>\n<p>Bad&nbsp;token</p>')).toBe('Unauthorized Bad token');
    expect(serverMessageOf('<html><body></body></html>')).toBeUndefined();
  });
});

describe('httpError', () => {
  it('reads string, Buffer, Uint8Array, object and missing bodies', () => {
    const withBody = (body: unknown): ServerError => httpError({ statusCode: 500, headers: {}, body }, ctx) as ServerError;
    expect(withBody('text').serverMessage).toBe('text');
    expect(withBody(Buffer.from('buf')).serverMessage).toBe('buf');
    expect(withBody(new Uint8Array([104, 105])).serverMessage).toBe('hi');
    expect(withBody({ reason: 'obj' }).serverMessage).toBe('obj');
    expect(withBody(undefined).serverMessage).toBeUndefined();
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(withBody(circular).body).toBe('[object Object]');
  });
  it('maps statuses to classes', () => {
    expect(ObjectNotFoundError.isInstance(httpError({ statusCode: 404, headers: {} }, { ...ctx, object: 'Sensor 7' }))).toBe(true);
    expect(UnauthorizedError.isInstance(httpError({ statusCode: 401, headers: {} }, ctx))).toBe(true);
    expect(httpError({ statusCode: 403, headers: {} }, ctx).message).toMatch(/^Forbidden \(403\)/);
    const limited = httpError({ statusCode: 429, headers: { 'retry-after': ['7'] } }, { ...ctx, attempts: 6 });
    expect(RateLimitError.isInstance(limited) && limited.retryAfterMs).toBe(7000);
    expect(limited.message).toBe('Rate limited (429) on GET /api/v1/sensor/7 after 6 attempts');
    expect(RateLimitError.isInstance(httpError({ statusCode: 429, headers: {} }, ctx)) && (httpError({ statusCode: 429, headers: {} }, ctx) as RateLimitError).retryAfterMs).toBeUndefined();
    const server = httpError({ statusCode: 409, headers: {}, body: 'conflict' }, ctx) as ServerError;
    expect(server).toMatchObject({ status: 409, isRetryable: false, serverMessage: 'conflict' });
    expect((httpError({ statusCode: 503, headers: {} }, ctx) as ServerError).isRetryable).toBe(true);
  });
  it('never carries the token', () => {
    const error = httpError({ statusCode: 500, headers: {}, body: `token ${TOKEN}` }, { ...ctx, path: `/x?token=${TOKEN}` }) as ServerError;
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(error.message).not.toContain(TOKEN);
  });
});

describe('toCbError', () => {
  it('passes SDK errors through', () => {
    const mine = new ApiError('mine');
    expect(toCbError(mine, ctx)).toBe(mine);
  });
  it('maps got-like errors by response, timeout and code', () => {
    expect(ServerError.isInstance(toCbError({ name: 'HTTPError', response: { statusCode: 502, headers: {} } }, ctx))).toBe(true);
    const timeout = toCbError(Object.assign(new Error("Timeout awaiting 'connect' for 10ms"), { name: 'TimeoutError', code: 'ETIMEDOUT', event: 'connect' }), ctx);
    expect(TimeoutError.isInstance(timeout) && timeout.message).toBe("GET /api/v1/sensor/7 timed out (connect): Timeout awaiting 'connect' for 10ms");
    const system = Object.assign(new Error('read EPIPE'), { code: 'EPIPE' });
    const wrapped = Object.assign(new Error('read EPIPE'), { name: 'RequestError', code: 'EPIPE', cause: system });
    const net = toCbError(wrapped, ctx);
    expect(net.cause).toBe(system);
    expect(net.message).toBe('Received a network connection error from https://cb.example.test on GET /api/v1/sensor/7: read EPIPE');
    const coded = toCbError(Object.assign(new Error('boom'), { code: 'ECONNRESET' }), { ...ctx, attempts: 3 });
    expect(coded.message).toBe('Received a network connection error from https://cb.example.test (ECONNRESET) on GET /api/v1/sensor/7 after 3 attempts: boom');
    expect(toCbError('weird', ctx).message).toMatch(/: weird$/);
    // got's own error (its options hold the token header) is never kept as the cause
    const gotError = Object.assign(new Error('This operation was aborted.'), { name: 'RequestError', code: 'ECONNRESET', cause: {}, options: { headers: { 'x-auth-token': TOKEN } } });
    const mapped = toCbError(gotError, ctx);
    expect(mapped.cause).not.toBe(gotError);
    expect((mapped.cause as { code?: string }).code).toBe('ECONNRESET');
    expect(JSON.stringify(mapped.cause)).not.toContain(TOKEN);
    expect(toCbError({ code: 'ERR_GOT_REQUEST_ERROR' }, ctx).message).toMatch(/: unknown error$/);
  });
});
