import { inspect } from 'node:util';
import { describe, expect, it, jest } from '@jest/globals';
import { ApiError } from './api-error.js';
import { CredentialError } from './credential-error.js';
import { InvalidHashError } from './invalid-hash-error.js';
import { InvalidObjectError } from './invalid-object-error.js';
import { InvalidQueryError } from './invalid-query-error.js';
import { LiveResponseError } from './live-response-error.js';
import { MoreThanOneResultError } from './more-than-one-result-error.js';
import { ObjectNotFoundError } from './object-not-found-error.js';
import { RateLimitError } from './rate-limit-error.js';
import { ServerError } from './server-error.js';
import { TimeoutError } from './timeout-error.js';
import { UnauthorizedError } from './unauthorized-error.js';
import { WaiterError } from './waiter-error.js';

const TOKEN = '0123456789abcdef0123456789abcdef';

describe('isInstance across the hierarchy', () => {
  const cases: Array<[string, ApiError]> = [
    ['ApiError', new ApiError('x')],
    ['CredentialError', new CredentialError('x')],
    ['ServerError', new ServerError('x', { status: 500 })],
    ['UnauthorizedError', new UnauthorizedError('x', { status: 401 })],
    ['RateLimitError', new RateLimitError('x', { status: 429 })],
    ['ObjectNotFoundError', new ObjectNotFoundError('x')],
    ['TimeoutError', new TimeoutError('x')],
    ['MoreThanOneResultError', new MoreThanOneResultError('x')],
    ['InvalidObjectError', new InvalidObjectError('x')],
    ['InvalidQueryError', new InvalidQueryError('x')],
    ['InvalidHashError', new InvalidHashError('x')],
    ['WaiterError', new WaiterError('x', { state: 'failure' })],
    ['LiveResponseError', new LiveResponseError({ status: 'error' })],
  ];

  it.each(cases)('%s is an ApiError, an Error, and named after its class', (name, error) => {
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(Object.prototype.toString.call(error)).toBe('[object Error]');
  });

  it('follows the subclass tree exactly', () => {
    const rate = new RateLimitError('x', { status: 429 });
    expect(ServerError.isInstance(rate)).toBe(true);
    expect(RateLimitError.isInstance(rate)).toBe(true);
    expect(UnauthorizedError.isInstance(rate)).toBe(false);
    expect(ObjectNotFoundError.isInstance(rate)).toBe(false);
    const unauthorized = new UnauthorizedError('x', { status: 403 });
    expect(ServerError.isInstance(unauthorized)).toBe(true);
    expect(RateLimitError.isInstance(unauthorized)).toBe(false);
    expect(ServerError.isInstance(new ObjectNotFoundError('x'))).toBe(false);
    expect(ServerError.isInstance(new ApiError('x'))).toBe(false);
    expect(CredentialError.isInstance(new TimeoutError('x'))).toBe(false);
  });

  it('says no to non-errors and plain errors', () => {
    for (const value of [undefined, null, 0, 'ApiError', {}, new Error('x'), { name: 'ApiError' }]) {
      expect(ApiError.isInstance(value)).toBe(false);
    }
  });

  it('works across a duplicate install (a second copy of the classes)', async () => {
    let copy: typeof import('./index.js') | undefined;
    await jest.isolateModulesAsync(async () => {
      copy = await import('./index.js');
    });
    // A second, unrelated class hierarchy with the same error names, as a second copy of the package has.
    class OtherApiError extends Error {
      static readonly errorName: string = 'ApiError';
      constructor(message: string) {
        super(message);
        for (let c: unknown = new.target; typeof c === 'function' && 'errorName' in c; c = Object.getPrototypeOf(c)) {
          Object.defineProperty(this, Symbol.for(`cbapi.error.${(c as { errorName: string }).errorName}`), { value: true });
        }
      }
    }
    class OtherServerError extends OtherApiError {
      static override readonly errorName: string = 'ServerError';
    }
    const foreign = new OtherServerError('from the other copy');
    expect(foreign).not.toBeInstanceOf(ServerError);
    expect(ServerError.isInstance(foreign)).toBe(true);
    expect(ApiError.isInstance(foreign)).toBe(true);
    expect(UnauthorizedError.isInstance(foreign)).toBe(false);
    expect(copy?.ObjectNotFoundError).toBeDefined();
    expect(copy?.ObjectNotFoundError).not.toBe(ObjectNotFoundError);
    if (copy) {
      const theirs = new copy.ObjectNotFoundError('x');
      expect(theirs).not.toBeInstanceOf(ObjectNotFoundError);
      expect(ObjectNotFoundError.isInstance(theirs)).toBe(true);
      expect(copy.ApiError.isInstance(new ServerError('y', { status: 500 }))).toBe(true);
    }
  });
});

describe('redaction', () => {
  const everywhere = (error: Error): string[] => [
    error.message, error.stack ?? '', inspect(error, { depth: 5, showHidden: false }), JSON.stringify(error), String(error),
    String((error as ApiError).path), String((error as ServerError).body), String((error as ServerError).serverMessage),
  ];

  it('removes the token from message, path, body, stack, inspect and JSON', () => {
    const error = new ServerError(`Request failed with X-Auth-Token: ${TOKEN} on /api/v1/process?q=x&token=${TOKEN}`, {
      status: 500,
      method: 'GET',
      path: `/api/v1/process?token=${TOKEN}&q=x`,
      body: JSON.stringify({ token: TOKEN, password: 'hunter2', error: 'boom' }),
      serverMessage: `{"auth_token": "${TOKEN}"}`,
    });
    for (const text of everywhere(error)) expect(text).not.toContain(TOKEN);
    expect(error.path).toBe('/api/v1/process?token=[REDACTED]&q=x');
    expect(error.body).toContain('"password":"[REDACTED]"');
    expect(error.message).toContain('X-Auth-Token: [REDACTED]');
  });

  it('removes exact secrets given in options wherever they appear', () => {
    const error = new ObjectNotFoundError(`Sensor not found for ${TOKEN}`, { path: `/x/${TOKEN}`, secrets: [TOKEN] });
    for (const text of everywhere(error)) expect(text).not.toContain(TOKEN);
    const server = new ServerError('boom', { status: 502, body: `raw ${TOKEN}`, serverMessage: TOKEN, secrets: [TOKEN] });
    for (const text of everywhere(server)) expect(text).not.toContain(TOKEN);
  });

  it('truncates bodies to 2 KB and keeps the cause', () => {
    const cause = new Error('socket hang up');
    const error = new ServerError('x', { status: 500, body: 'a'.repeat(5000), cause, attempts: 3, totalRetryDelayMs: 1200, isRetryable: true });
    expect(error.body).toHaveLength(2048);
    expect(error.cause).toBe(cause);
    expect(error).toMatchObject({ attempts: 3, totalRetryDelayMs: 1200, isRetryable: true, errorCode: 500 });
    expect(new ServerError('x', { status: 500 })).toMatchObject({ attempts: 1, totalRetryDelayMs: 0, isRetryable: false, body: undefined });
  });
});

describe('error fields', () => {
  it('CredentialError carries profile, option, searched paths and tryNextLink', () => {
    const error = new CredentialError('missing', { profile: 'p', option: 'url', searchedPaths: [{ path: '/a', reason: 'missing' }], tryNextLink: true });
    expect(error).toMatchObject({ profile: 'p', option: 'url', searchedPaths: [{ path: '/a', reason: 'missing' }], tryNextLink: true });
    expect(new CredentialError('x')).toMatchObject({ searchedPaths: [], tryNextLink: false });
  });

  it('the others carry what they document', () => {
    expect(new RateLimitError('x', { status: 429, retryAfterMs: 5000 }).retryAfterMs).toBe(5000);
    expect(new ObjectNotFoundError('x', { object: 'Sensor 1', serverMessage: 'gone' })).toMatchObject({ object: 'Sensor 1', serverMessage: 'gone', status: 404 });
    expect(new TimeoutError('x', { timeoutMs: 10, observedResponses: { a: 2 }, lastReason: 'a' })).toMatchObject({ timeoutMs: 10, observedResponses: { a: 2 }, lastReason: 'a' });
    expect(new TimeoutError('x').observedResponses).toEqual({});
    expect(new MoreThanOneResultError('x', { count: 3 }).count).toBe(3);
    expect(new InvalidObjectError('x', { missingFields: ['md5hash'] }).missingFields).toEqual(['md5hash']);
    expect(new InvalidObjectError('x').missingFields).toEqual([]);
    expect(new WaiterError('x', { state: 'failure', observedResponses: { b: 1 }, lastReason: 'b', attempts: 4, elapsedMs: 90 }))
      .toMatchObject({ state: 'failure', observedResponses: { b: 1 }, lastReason: 'b', attempts: 4, elapsedMs: 90 });
    expect(new WaiterError('x', { state: 'failure' })).toMatchObject({ observedResponses: {}, attempts: 0, elapsedMs: 0 });
    const withRequest = new ApiError('x', { method: 'DELETE', path: '/api/v1/sensor/1' });
    expect(withRequest).toMatchObject({ method: 'DELETE', path: '/api/v1/sensor/1' });
    expect(new ApiError('x').path).toBeUndefined();
  });
});
