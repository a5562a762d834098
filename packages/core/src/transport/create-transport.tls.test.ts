import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { generate } from 'selfsigned';
import type { Credentials } from '../credentials/types.js';
import { ApiError } from '../errors/api-error.js';
import { createTransport } from './create-transport.js';
import type { Transport } from './types.js';

const TOKEN = 'tls-test-token-8f7e6d5c4b3a';
let dir = '';
let goodPem = '';
let otherPem = '';
let wrongNamePem = '';
let server: Server;
let wrongNameServer: Server;
let proxy: HttpServer;
let url = '';
let wrongNameUrl = '';
let proxyUrl = '';
const connects: string[] = [];
const seenTokens: string[] = [];

function listen(s: Server | HttpServer): Promise<number> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));
}

function serve(key: string, cert: string): Server {
  return createServer({ key, cert }, (req, res) => {
    seenTokens.push(String(req.headers['x-auth-token']));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url, tls: (req.socket as { getProtocol?: () => string }).getProtocol?.() }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cbapi-tls-'));
  const good = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256' });
  const other = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256' });
  const wrongName = await generate([{ name: 'commonName', value: 'other.example' }], { keyType: 'ec', algorithm: 'sha256' });
  goodPem = join(dir, 'good.pem');
  otherPem = join(dir, 'other.pem');
  wrongNamePem = join(dir, 'wrong-name.pem');
  await writeFile(goodPem, good.cert);
  await writeFile(otherPem, other.cert);
  await writeFile(wrongNamePem, wrongName.cert);
  server = serve(good.private, good.cert);
  wrongNameServer = serve(wrongName.private, wrongName.cert);
  url = `https://127.0.0.1:${await listen(server)}`;
  wrongNameUrl = `https://127.0.0.1:${await listen(wrongNameServer)}`;
  // A CONNECT proxy that records where it tunnels to.
  proxy = createHttpServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push(String(req.url));
    const [host, port] = String(req.url).split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
});

afterAll(async () => {
  await Promise.all([server, wrongNameServer, proxy].map((s) => new Promise((r) => {
    s.closeAllConnections();
    s.close(r);
  })));
  await rm(dir, { recursive: true, force: true });
});

function creds(overrides: Partial<Credentials>): Credentials {
  return { url, token: TOKEN, sslVerify: true, sslVerifyHostname: true, sslForceTls12: false, ignoreSystemProxy: true, ...overrides };
}

async function call(c: Credentials, env: NodeJS.ProcessEnv = {}): Promise<unknown> {
  const t: Transport = createTransport(c, { maxRetries: 0, env, timeout: 5_000 });
  try {
    return await t.get('/api/info');
  } finally {
    t.close();
  }
}

describe('createTransport: TLS against a real https server', () => {
  it('refuses an unknown self-signed certificate by default', async () => {
    const error = await call(creds({})).catch((e: unknown) => e);
    expect(ApiError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/network connection error.*(SELF_SIGNED|self-signed|self signed)/i);
  });

  it('accepts the pinned certificate (ssl_cert_file)', async () => {
    expect(await call(creds({ sslCertFile: goodPem }))).toMatchObject({ path: '/api/info' });
    expect(seenTokens.at(-1)).toBe(TOKEN);
  });

  it('refuses a server whose certificate is not the pinned one', async () => {
    const error = await call(creds({ sslCertFile: otherPem })).catch((e: unknown) => e);
    expect(ApiError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('refuses a hostname mismatch unless sslVerifyHostname is false (chain still checked)', async () => {
    const mismatch = await call(creds({ url: wrongNameUrl, sslCertFile: wrongNamePem })).catch((e: unknown) => e);
    expect(ApiError.isInstance(mismatch)).toBe(true);
    expect((mismatch as Error).message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|altnames/i);
    expect(await call(creds({ url: wrongNameUrl, sslCertFile: wrongNamePem, sslVerifyHostname: false }))).toMatchObject({ path: '/api/info' });
    const stillChecked = await call(creds({ url: wrongNameUrl, sslCertFile: goodPem, sslVerifyHostname: false })).catch((e: unknown) => e);
    expect(ApiError.isInstance(stillChecked)).toBe(true);
  });

  it('accepts anything with sslVerify false', async () => {
    expect(await call(creds({ sslVerify: false }))).toMatchObject({ path: '/api/info' });
    expect(await call(creds({ url: wrongNameUrl, sslVerify: false }))).toMatchObject({ path: '/api/info' });
  });

  it('talks TLS 1.2 or newer with sslForceTls12', async () => {
    const res = (await call(creds({ sslCertFile: goodPem, sslForceTls12: true }))) as { tls: string };
    expect(['TLSv1.2', 'TLSv1.3']).toContain(res.tls);
  });
});

describe('createTransport: proxies', () => {
  // nock's interceptor cannot parse the CONNECT request hpagent sends (path `host:port`), so the
  // proxy tests run with it switched off; only loopback servers are used.
  beforeAll(() => nock.restore());
  afterAll(() => nock.activate());

  it('tunnels through the credentials proxy', async () => {
    connects.length = 0;
    expect(await call(creds({ sslCertFile: goodPem, proxy: proxyUrl }))).toMatchObject({ path: '/api/info' });
    expect(connects).toEqual([new URL(url).host]);
  });

  it('uses HTTPS_PROXY unless NO_PROXY exempts the host or system proxies are ignored', async () => {
    connects.length = 0;
    await call(creds({ sslCertFile: goodPem, ignoreSystemProxy: false }), { HTTPS_PROXY: proxyUrl });
    expect(connects).toHaveLength(1);
    await call(creds({ sslCertFile: goodPem, ignoreSystemProxy: false }), { HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' });
    await call(creds({ sslCertFile: goodPem, ignoreSystemProxy: true }), { HTTPS_PROXY: proxyUrl });
    expect(connects).toHaveLength(1);
  });

  it('maps an unreachable proxy to ApiError', async () => {
    const error = await call(creds({ sslCertFile: goodPem, proxy: 'http://127.0.0.1:1' })).catch((e: unknown) => e);
    expect(ApiError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });
});
