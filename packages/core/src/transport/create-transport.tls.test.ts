import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate } from 'selfsigned';
import type { Credentials } from '../credentials/types.js';

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

/**
 * Runs transports in a child process, where nock is not loaded: nock (active in every test file)
 * cannot parse the CONNECT request hpagent sends (path `host:port`), and its pass-through socket
 * does not report TLS failures as a real socket does once another test file's interceptor is
 * still installed in the same worker.
 */
type Result = { ok?: unknown; error?: { name: string; message: string } };
function inChild(cases: Array<{ creds: Credentials; env: NodeJS.ProcessEnv }>): Promise<Result[]> {
  const module = new URL('./create-transport.ts', import.meta.url).pathname;
  const script = `
    const { createTransport } = await import(${JSON.stringify(module)});
    const out = [];
    for (const c of JSON.parse(process.env.CASES)) {
      const t = createTransport(c.creds, { maxRetries: 0, env: c.env, timeout: 5000 });
      try { out.push({ ok: await t.get('/api/info') }); }
      catch (e) { out.push({ error: { name: e.name, message: e.message } }); }
      finally { t.close(); }
    }
    process.stdout.write(JSON.stringify(out));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, CASES: JSON.stringify(cases) }, timeout: 30_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Result[])));
  });
}

describe('createTransport: TLS and proxies against real local servers', () => {
  let results: Result[] = [];
  beforeAll(async () => {
    results = await inChild([
      /* 0 */ { creds: creds({}), env: {} },
      /* 1 */ { creds: creds({ sslCertFile: goodPem }), env: {} },
      /* 2 */ { creds: creds({ sslCertFile: otherPem }), env: {} },
      /* 3 */ { creds: creds({ url: wrongNameUrl, sslCertFile: wrongNamePem }), env: {} },
      /* 4 */ { creds: creds({ url: wrongNameUrl, sslCertFile: wrongNamePem, sslVerifyHostname: false }), env: {} },
      /* 5 */ { creds: creds({ url: wrongNameUrl, sslCertFile: goodPem, sslVerifyHostname: false }), env: {} },
      /* 6 */ { creds: creds({ sslVerify: false }), env: {} },
      /* 7 */ { creds: creds({ url: wrongNameUrl, sslVerify: false }), env: {} },
      /* 8 */ { creds: creds({ sslCertFile: goodPem, sslForceTls12: true }), env: {} },
      /* 9 */ { creds: creds({ sslCertFile: goodPem, proxy: proxyUrl }), env: {} },
      /* 10 */ { creds: creds({ sslCertFile: goodPem, ignoreSystemProxy: false }), env: { HTTPS_PROXY: proxyUrl } },
      /* 11 */ { creds: creds({ sslCertFile: goodPem, ignoreSystemProxy: false }), env: { HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' } },
      /* 12 */ { creds: creds({ sslCertFile: goodPem, ignoreSystemProxy: true }), env: { HTTPS_PROXY: proxyUrl } },
      /* 13 */ { creds: creds({ sslCertFile: goodPem, proxy: 'http://127.0.0.1:1' }), env: {} },
    ]);
  });
  const ok = (i: number): unknown => results[i]?.ok;
  const failure = (i: number): string => {
    const error = results[i]?.error;
    expect(error?.name).toBe('ApiError');
    expect(error?.message).not.toContain(TOKEN);
    return error?.message ?? '';
  };

  it('refuses an unknown self-signed certificate by default', () => {
    expect(failure(0)).toMatch(/network connection error.*self-signed/i);
  });
  it('accepts the pinned certificate (ssl_cert_file) and sends the token', () => {
    expect(ok(1)).toMatchObject({ path: '/api/info' });
    expect(seenTokens).toContain(TOKEN);
  });
  it('refuses a server whose certificate is not the pinned one', () => {
    expect(failure(2)).toMatch(/self-signed/i);
  });
  it('refuses a hostname mismatch unless sslVerifyHostname is false, which still checks the chain', () => {
    expect(failure(3)).toMatch(/altnames|ERR_TLS_CERT_ALTNAME_INVALID/);
    expect(ok(4)).toMatchObject({ path: '/api/info' });
    expect(failure(5)).toMatch(/self-signed/i);
  });
  it('accepts anything with sslVerify false', () => {
    expect(ok(6)).toMatchObject({ path: '/api/info' });
    expect(ok(7)).toMatchObject({ path: '/api/info' });
  });
  it('talks TLS 1.2 or newer with sslForceTls12', () => {
    expect(['TLSv1.2', 'TLSv1.3']).toContain((ok(8) as { tls: string }).tls);
  });
  it('tunnels through the credentials proxy, else HTTPS_PROXY unless NO_PROXY or ignoreSystemProxy', () => {
    for (const i of [9, 10, 11, 12]) expect(ok(i)).toMatchObject({ path: '/api/info' });
    expect(connects).toEqual([new URL(url).host, new URL(url).host]);
  });
  it('maps an unreachable proxy to ApiError', () => {
    expect(failure(13)).toMatch(/network connection error.*ECONNREFUSED/);
  });
});
