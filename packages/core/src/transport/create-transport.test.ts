import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import nock from 'nock';
import type { Credentials } from '../credentials/types.js';
import { ApiError } from '../errors/api-error.js';
import { CredentialError } from '../errors/credential-error.js';
import { ObjectNotFoundError } from '../errors/object-not-found-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ServerError } from '../errors/server-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { UnauthorizedError } from '../errors/unauthorized-error.js';
import { VERSION } from '../version.js';
import { createTransport } from './create-transport.js';
import type { Logger, Transport, TransportOptions } from './types.js';

const URL_ = 'https://cb.example.test';
const TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const credentials: Credentials = {
  url: URL_, token: TOKEN, sslVerify: true, sslVerifyHostname: true, sslForceTls12: false, ignoreSystemProxy: true,
};

const transports: Transport[] = [];
function make(options: TransportOptions & { product?: 'response' } = {}, creds: Credentials = credentials): { t: Transport; lines: string[] } {
  const lines: string[] = [];
  const logger: Logger = { debug: (m) => lines.push(m), warn: (m) => lines.push(`WARN ${m}`) };
  const t = createTransport(creds, { retryBaseDelayMs: 1, maxRetryDelayMs: 4, maxRetryAfterMs: 20, logger, ...options });
  transports.push(t);
  return { t, lines };
}
const scope = (): nock.Scope => nock(URL_, { reqheaders: { 'x-auth-token': TOKEN } });

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function expectNoToken(error: unknown): void {
  const e = error as Error;
  for (const text of [e.message, e.stack ?? '', inspect(e, { depth: 5 }), JSON.stringify(e), String((e as ApiError).path), String((e as ServerError).body)]) {
    expect(text).not.toContain(TOKEN);
  }
}

// nock's interceptor is process-global: an earlier test file in this worker may have left its
// own installed, whose listener refuses our mocked host. Install ours on top, and remove it after.

afterEach(() => {
  for (const t of transports.splice(0)) t.close();
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe('createTransport: requests', () => {
  it('sends the token, Accept, User-Agent and parses JSON; paths with or without /', async () => {
    scope()
      .matchHeader('accept', 'application/json')
      .matchHeader('user-agent', `cbapi-ts/${VERSION} (response) node/${process.versions.node} my-integration/1.0`)
      .get('/api/info').twice().reply(200, { version: '6.2.0' });
    const { t } = make({ product: 'response', userAgent: 'my-integration/1.0' });
    expect(t.baseUrl).toBe(URL_);
    expect(await t.get('/api/info')).toEqual({ version: '6.2.0' });
    expect(await t.get('api/info')).toEqual({ version: '6.2.0' });
    expect(t.stats).toEqual({ requests: 2, retries: 0 });
  });

  it('sends query strings sorted by key then value, as cbapi does', async () => {
    scope().get('/api/v1/process?cb.urlver=1&facet=false&q=process_name%3Acmd.exe+and+hostname%3Aa&rows=10&start=0')
      .reply(200, { results: [] });
    const { t } = make();
    await t.get('/api/v1/process', { searchParams: { start: 0, rows: 10, q: 'process_name:cmd.exe and hostname:a', facet: 'false', 'cb.urlver': 1 } });
  });

  it('sends JSON bodies as cbapi does (sorted keys, Python separators), null included', async () => {
    scope().post('/api/v1/banning/blacklist', '{"md5hash": "ABC", "text": "Banned from API"}').matchHeader('content-type', 'application/json').reply(200, {});
    scope().post('/api/v1/cblr/session/1/partition', 'null').reply(200, {});
    const { t } = make();
    await t.post('/api/v1/banning/blacklist', { json: { text: 'Banned from API', md5hash: 'ABC' } });
    await t.post('/api/v1/cblr/session/1/partition', { json: null });
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    await expect(t.post('/x', { json: loop })).rejects.toThrow(/json body cannot be serialised: Cannot serialise a circular structure/);
  });

  it('sends JSON bodies and returns request() status and headers', async () => {
    scope().post('/api/user', { username: 'jgarman', roles: ['admin'] }).matchHeader('content-type', /application\/json/)
      .reply(201, { result: 'success' }, { 'x-extra': 'yes' });
    const { t } = make();
    const res = await t.request('POST', '/api/user', { json: { username: 'jgarman', roles: ['admin'] } });
    expect(res.status).toBe(201);
    expect(res.headers['x-extra']).toBe('yes');
    expect(res.body).toEqual({ result: 'success' });
  });

  it('sends raw bodies: string, Buffer, stream, FormData multipart', async () => {
    scope().put('/raw/string', 'plain text').reply(200, {});
    scope().put('/raw/buffer', (body: string) => body === 'bytes!').reply(200, {});
    scope().post('/raw/stream', 'streamed').reply(200, {});
    scope().post('/raw/form', (body: string) => body.includes('name="file"') && body.includes('file content'))
      .matchHeader('content-type', /multipart\/form-data; boundary=/).reply(200, { id: 7 });
    const { t } = make();
    await t.put('/raw/string', { body: 'plain text', headers: { 'content-type': 'text/plain' } });
    await t.put('/raw/buffer', { body: Buffer.from('bytes!') });
    await t.post('/raw/stream', { body: Readable.from(['stre', 'amed']) });
    const form = new FormData();
    form.append('file', new Blob(['file content']), 'a.txt');
    expect(await t.post('/raw/form', { body: form })).toEqual({ id: 7 });
  });

  it('returns undefined for 204 and for an empty 200; patch and delete work', async () => {
    scope().delete('/api/v1/sensor/1').reply(204);
    scope().patch('/api/v1/sensor/1', { a: 1 }).reply(200, '');
    const { t } = make();
    expect(await t.delete('/api/v1/sensor/1')).toBeUndefined();
    expect(await t.patch('/api/v1/sensor/1', { json: { a: 1 } })).toBeUndefined();
  });

  it('refuses a non-JSON 200 with ServerError("Cannot parse response as JSON")', async () => {
    scope().get('/api/info').reply(200, '<html>login</html>');
    const { t } = make();
    const error = await caught(t.get('/api/info'));
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as ServerError).message).toMatch(/^Cannot parse response as JSON/);
    expect((error as ServerError).status).toBe(200);
  });

  it('does not follow redirects (the token stays on this server)', async () => {
    scope().get('/api/info').reply(302, '', { location: 'https://elsewhere.test/' });
    const { t } = make();
    const error = await caught(t.get('/api/info'));
    expect(ServerError.isInstance(error) && error.status).toBe(302);
  });

  it('refuses bad paths and options with typed errors', async () => {
    const { t } = make();
    await expect(t.get('')).rejects.toThrow(/non-empty string/);
    await expect(t.get('https://evil.test/x')).rejects.toThrow(/absolute URL/);
    await expect(t.post('/x', { json: {}, body: 'x' })).rejects.toThrow(/json or body, not both/);
    await expect(t.get('/x', { timeout: -1 })).rejects.toThrow(/timeout must be a number >= 1/);
    expect(() => make({ maxRetries: -1 })).toThrow(/maxRetries must be an integer >= 0/);
    expect(() => make({ maxConcurrency: 0 })).toThrow(ApiError);
    expect(() => make({ timeout: Number.POSITIVE_INFINITY })).toThrow(/timeout/);
    expect(() => make({}, { ...credentials, url: 'http://cb.example.test' })).toThrow(CredentialError);
    expect(() => make({}, { ...credentials, token: '' })).toThrow(/No API token/);
    expect(() => make({}, { ...credentials, sslCertFile: '/nonexistent/cb.pem' })).toThrow(/Cannot read ssl_cert_file \/nonexistent\/cb.pem/);
    expect(() => createTransport(null as unknown as Credentials)).toThrow(CredentialError);
    expect(() => make({ product: 'cloud' as 'response' })).toThrow(/Product name cloud not valid/);
    const badProxy = (() => {
      try {
        make({ env: { HTTPS_PROXY: 'http://user:secret@' } }, { ...credentials, ignoreSystemProxy: false });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(CredentialError.isInstance(badProxy) && badProxy.option).toBe('proxy');
    expect((badProxy as Error).message).not.toContain('secret');
  });

  it('refuses requests after close()', async () => {
    const { t } = make();
    t.close();
    await expect(t.get('/api/info')).rejects.toThrow(/closed/);
  });

  it('asks for compressed bodies and decodes them; a corrupt one is a ServerError naming the request', async () => {
    scope()
      .matchHeader('accept-encoding', 'gzip, deflate, br')
      .get('/api/v1/sensor/1')
      .reply(200, gzipSync(JSON.stringify({ id: 1, status: 'Online' })), { 'content-encoding': 'gzip', 'content-type': 'application/json' })
      .get('/api/v1/sensor/2')
      .reply(200, 'definitely not gzip', { 'content-encoding': 'gzip' });
    const { t } = make();
    await expect(t.get('/api/v1/sensor/1')).resolves.toEqual({ id: 1, status: 'Online' });
    const error = await caught(t.get('/api/v1/sensor/2'));
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Cannot decode the gzip response body: GET \/api\/v1\/sensor\/2/);
    expectNoToken(error);
  });
});

describe('createTransport: error mapping', () => {
  it('maps 404 to ObjectNotFoundError naming the object or the path', async () => {
    scope().get('/api/v1/sensor/42').reply(404, 'Sensor not found');
    scope().get('/api/v1/binary/ABC').reply(404, { reason: 'no such binary' });
    const { t } = make();
    const named = await caught(t.get('/api/v1/sensor/42', { object: 'Sensor 42' }));
    expect(ObjectNotFoundError.isInstance(named)).toBe(true);
    expect((named as ObjectNotFoundError).message).toMatch(/^Sensor 42 not found \(GET \/api\/v1\/sensor\/42 returned 404\): Sensor not found/);
    expect((named as ObjectNotFoundError).object).toBe('Sensor 42');
    const byPath = await caught(t.get('/api/v1/binary/ABC'));
    expect((byPath as ObjectNotFoundError).message).toMatch(/Object at \/api\/v1\/binary\/ABC not found/);
    expect((byPath as ObjectNotFoundError).serverMessage).toBe('no such binary');
  });

  it('maps 401 and 403 to UnauthorizedError', async () => {
    scope().get('/a').reply(401, 'Unauthorized');
    scope().get('/b').reply(403, { message: 'not allowed' });
    const { t } = make();
    const e401 = await caught(t.get('/a'));
    expect(UnauthorizedError.isInstance(e401) && e401.status).toBe(401);
    const e403 = await caught(t.get('/b'));
    expect(UnauthorizedError.isInstance(e403) && ServerError.isInstance(e403)).toBe(true);
    expect((e403 as UnauthorizedError).serverMessage).toBe('not allowed');
    expectNoToken(e401);
  });

  it('maps other statuses to ServerError with the server message, body and retry facts', async () => {
    scope().post('/api/v1/group', {}).reply(500, { error: 'database is locked', token: TOKEN });
    const { t } = make();
    const error = (await caught(t.post('/api/v1/group', { json: {} }))) as ServerError;
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, method: 'POST', path: '/api/v1/group', serverMessage: 'database is locked', attempts: 1, isRetryable: false });
    expect(error.errorCode).toBe(500);
    expect(error.body).toContain('database is locked');
    expectNoToken(error);
  });

  it('retries 503 then succeeds, counting retries', async () => {
    scope().get('/api/info').reply(503).get('/api/info').reply(502).get('/api/info').reply(200, { ok: true });
    const { t, lines } = make({ maxRetries: 3 });
    expect(await t.get('/api/info')).toEqual({ ok: true });
    expect(t.stats).toEqual({ requests: 3, retries: 2 });
    expect(lines.filter((l) => l.startsWith('Retrying HTTP GET /api/info'))).toHaveLength(2);
  });

  it('gives up after maxRetries with attempts and total delay in the error', async () => {
    scope().get('/api/info').times(3).reply(504, 'gateway timeout');
    const { t } = make({ maxRetries: 2 });
    const error = (await caught(t.get('/api/info'))) as ServerError;
    expect(error).toMatchObject({ status: 504, attempts: 3, isRetryable: true });
    expect(error.totalRetryDelayMs).toBeGreaterThan(0);
    expect(error.message).toMatch(/after 3 attempts/);
  });

  it('turns a 429 that outlasts the retries into RateLimitError with retryAfterMs (Retry-After capped)', async () => {
    scope().get('/api/v1/process').times(2).reply(429, 'slow down', { 'retry-after': '1' });
    const { t } = make({ maxRetries: 1 });
    const error = await caught(t.get('/api/v1/process'));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(20);
    expect((error as RateLimitError).attempts).toBe(2);
    expect((error as RateLimitError).totalRetryDelayMs).toBe(20);
  });

  it('does not retry a POST the server received, unless idempotent', async () => {
    scope().post('/api/v1/banning/blacklist').reply(503);
    scope().post('/api/v1/sensor/1/action').reply(503).post('/api/v1/sensor/1/action').reply(200, { ok: 1 });
    const { t } = make({ maxRetries: 3 });
    expect(((await caught(t.post('/api/v1/banning/blacklist'))) as ServerError).attempts).toBe(1);
    expect(await t.post('/api/v1/sensor/1/action', { idempotent: true })).toEqual({ ok: 1 });
  });

  it('retries a POST that was refused before reaching the server', async () => {
    scope().post('/api/v1/watchlist').replyWithError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }))
      .post('/api/v1/watchlist').reply(200, { id: 3 });
    scope().post('/api/v1/feed').replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const { t } = make({ maxRetries: 2 });
    expect(await t.post('/api/v1/watchlist', { json: { name: 'x' } })).toEqual({ id: 3 });
    const reset = await caught(t.post('/api/v1/feed', { json: {} }));
    expect(ApiError.isInstance(reset) && !ServerError.isInstance(reset)).toBe(true);
    expect((reset as ApiError).message).toMatch(/network connection error from https:\/\/cb\.example\.test \(ECONNRESET\) on POST \/api\/v1\/feed: socket hang up/);
    expect(((reset as ApiError).cause as { code?: string }).code).toBe('ECONNRESET');
    expectNoToken(reset);
  });

  it('maps network errors after retries to ApiError with the code and cause', async () => {
    scope().get('/api/info').times(2).replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND cb.example.test'), { code: 'ENOTFOUND' }));
    const { t } = make({ maxRetries: 1 });
    const error = (await caught(t.get('/api/info'))) as ApiError;
    expect(error.message).toMatch(/ENOTFOUND/);
    expect(error.message).toMatch(/after 2 attempts/);
    expect(error.cause).toBeInstanceOf(Error);
    expect(t.stats).toEqual({ requests: 2, retries: 1 });
  });

  it('maps a response timeout to TimeoutError', async () => {
    scope().get('/slow').delay(200).reply(200, {});
    const { t } = make({ maxRetries: 0 });
    const error = await caught(t.get('/slow', { timeout: 30 }));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(30);
    expect((error as TimeoutError).message).toMatch(/GET \/slow timed out/);
  });

  it('passes an abort through unwrapped (the signal reason)', async () => {
    scope().get('/slow').delay(500).reply(200, {});
    const { t } = make({ maxRetries: 0 });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const pending = t.get('/slow', { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    expect(await caught(pending)).toBe(reason);
    const already = await caught(t.get('/slow2', { signal: AbortSignal.abort() }));
    expect((already as Error).name).toBe('AbortError');
    nock.abortPendingRequests();
  });
});

describe('createTransport: logging and hooks', () => {
  it("logs cbapi's lines with tokens and passwords redacted", async () => {
    scope().post('/api/user', { username: 'u', password: 'hunter22', token: TOKEN }).reply(200, { result: 'success' });
    scope().get(`/api/v1/process?cb.urlver=1&q=x&token=${TOKEN}`).reply(200, { results: [] });
    const { t, lines } = make();
    await t.post('/api/user', { json: { username: 'u', password: 'hunter22', token: TOKEN } });
    await t.get('/api/v1/process', { searchParams: { q: 'x', 'cb.urlver': 1, token: TOKEN } });
    expect(lines[0]).toBe('Sending HTTP POST /api/user with {"password": "[REDACTED]", "token": "[REDACTED]", "username": "u"}');
    expect(lines[1]).toMatch(/^HTTP POST \/api\/user took \d+\.\d{3}s \(response 200\)$/);
    expect(lines[2]).toMatch(/^HTTP GET \/api\/v1\/process\?cb\.urlver=1&q=x&token=\[REDACTED\] took \d+\.\d{3}s \(response 200\)$/);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain(TOKEN);
  });

  it('describes non-JSON bodies without dumping them', async () => {
    scope().post('/a').reply(200, {}).post('/b').reply(200, {}).post('/c').reply(200, {});
    const { t, lines } = make();
    await t.post('/a', { body: Buffer.from('12345') });
    await t.post('/b', { body: Readable.from(['x']) });
    await t.post('/c', { body: new FormData() });
    expect(lines.filter((l) => l.startsWith('Sending'))).toEqual([
      'Sending HTTP POST /a with <5 bytes>', 'Sending HTTP POST /b with <stream>', 'Sending HTTP POST /c with <multipart form>',
    ]);
  });

  it('logs through NODE_DEBUG=cbapi by default without failing', async () => {
    scope().get('/api/info').reply(200, {});
    const t = createTransport(credentials, { maxRetries: 0 });
    transports.push(t);
    expect(await t.get('/api/info')).toEqual({});
  });

  it('calls the user hooks', async () => {
    scope().get('/ok').reply(200, {}).get('/missing').reply(404);
    const beforeRequest = jest.fn();
    const afterResponse = jest.fn();
    const beforeError = jest.fn();
    const { t } = make({ hooks: { beforeRequest, afterResponse, beforeError } });
    await t.get('/ok');
    await caught(t.get('/missing'));
    expect(beforeRequest).toHaveBeenCalledWith({ method: 'GET', path: '/ok' });
    expect(afterResponse).toHaveBeenCalledWith(expect.objectContaining({ method: 'GET', path: '/ok', status: 200 }));
    expect(beforeError).toHaveBeenCalledTimes(1);
    expect(ObjectNotFoundError.isInstance(beforeError.mock.calls[0]?.[0])).toBe(true);
  });
});

describe('createTransport: concurrency', () => {
  it('keeps at most maxConcurrency requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    scope().get('/item').times(6).reply(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 15));
      inFlight -= 1;
      return [200, '{}'];
    });
    const { t } = make({ maxConcurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => t.get('/item')));
    expect(peak).toBe(2);
  });

  it('gives up a queued request when its signal aborts', async () => {
    scope().get('/hold').delay(60).reply(200, {});
    const { t } = make({ maxConcurrency: 1 });
    const first = t.get('/hold');
    const controller = new AbortController();
    const queued = t.get('/never', { signal: controller.signal });
    controller.abort(new Error('gave up'));
    expect(((await caught(queued)) as Error).message).toBe('gave up');
    expect(await first).toEqual({});
  });
});

describe('createTransport: stream', () => {
  it('returns a readable after the status was checked', async () => {
    scope().get('/api/v1/binary/ABC').reply(200, Buffer.from('PK\u0003\u0004zipdata'));
    const afterResponse = jest.fn();
    const { t, lines } = make({ hooks: { afterResponse } });
    const stream = await t.stream('/api/v1/binary/ABC');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('PK\u0003\u0004zipdata');
    expect(t.stats.requests).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^HTTP GET \/api\/v1\/binary\/ABC took \d+\.\d{3}s \(response 200\)$/)]);
    expect(afterResponse).toHaveBeenCalledWith(expect.objectContaining({ method: 'GET', path: '/api/v1/binary/ABC', status: 200 }));
  });

  it('maps errors before returning, and retries retryable statuses', async () => {
    scope().get('/api/v1/binary/XYZ').reply(404, { reason: 'unknown md5' });
    scope().get('/file').reply(503, 'busy', { 'retry-after': '0' }).get('/file').reply(200, 'content');
    const { t } = make({ maxRetries: 2 });
    const error = await caught(t.stream('/api/v1/binary/XYZ', { object: 'Binary XYZ' }));
    expect(ObjectNotFoundError.isInstance(error)).toBe(true);
    expect((error as ObjectNotFoundError).message).toMatch(/^Binary XYZ not found.*unknown md5/);
    const stream = await t.stream('/file');
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    expect(text).toBe('content');
    expect(t.stats.retries).toBe(1);
  });

  it('maps network failures, retrying them first', async () => {
    scope().get('/net').replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))
      .get('/net').replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const beforeError = jest.fn();
    const { t } = make({ maxRetries: 1, hooks: { beforeError } });
    const error = await caught(t.stream('/net'));
    expect(beforeError).toHaveBeenCalledTimes(1);
    expect(beforeError).toHaveBeenCalledWith(error);
    expect(ApiError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/ECONNRESET/);
    expectNoToken(error);
  });

  it('passes an abort through', async () => {
    scope().get('/slowstream').delay(300).reply(200, 'x');
    const { t } = make();
    const reason = new Error('stop streaming');
    const controller = new AbortController();
    const pending = t.stream('/slowstream', { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    expect(await caught(pending)).toBe(reason);
    nock.abortPendingRequests();
  });
});
