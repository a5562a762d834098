import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { CredentialError } from '../errors/credential-error.js';
import { chain } from './chain.js';
import { assertProduct, defaultCredentialFiles } from './credential-files.js';
import { fromEnv } from './from-env.js';
import { fromIni } from './from-ini.js';
import { fromStatic } from './from-static.js';
import { memoizeProvider } from './memoize-provider.js';
import type { Credentials, Product } from './types.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cbapi-prov-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<CredentialError> {
  try {
    await promise;
  } catch (error) {
    if (CredentialError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a CredentialError');
}

describe('defaultCredentialFiles / assertProduct', () => {
  it('lists /etc, home and cwd in that order', () => {
    expect(defaultCredentialFiles('response', { home: '/home/u', cwd: '/work' })).toEqual([
      '/etc/carbonblack/credentials.response', '/home/u/.carbonblack/credentials.response', '/work/.carbonblack/credentials.response',
    ]);
    expect(defaultCredentialFiles('defense')).toEqual([
      '/etc/carbonblack/credentials.defense', join(homedir(), '.carbonblack/credentials.defense'), join(process.cwd(), '.carbonblack/credentials.defense'),
    ]);
  });
  it('refuses an unknown product', () => {
    expect(() => assertProduct('psc')).toThrow(/Product name psc not valid/);
    expect(() => defaultCredentialFiles('x' as Product)).toThrow(CredentialError);
  });
});

describe('fromIni', () => {
  it('reads nothing until called, then reads the profile once', async () => {
    const path = join(dir, 'later');
    const provider = fromIni({ product: 'protection', profile: 'prod', files: [path] });
    await file('later', '[prod]\nurl = https://prot.example.com/\ntoken = abcd1234\nssl_verify = off\n');
    const creds = await provider();
    expect(creds).toMatchObject({ url: 'https://prot.example.com', token: 'abcd1234', sslVerify: false, profile: 'prod', source: path });
    await rm(path);
    expect(await provider()).toBe(creds);
  });
  it('uses the default profile and search path under home/cwd', async () => {
    const creds = await rejection(fromIni({ product: 'response', home: join(dir, 'h'), cwd: join(dir, 'c') })());
    expect(creds.profile).toBe('default');
    expect(creds.tryNextLink).toBe(true);
    expect(creds.searchedPaths.map((p) => p.path)).toEqual(defaultCredentialFiles('response', { home: join(dir, 'h'), cwd: join(dir, 'c') }));
  });
  it('fails without tryNextLink for a bad value, and for an unknown product', async () => {
    const path = await file('bad', '[default]\nurl = http://cb.test\ntoken = abcd\n');
    const error = await rejection(fromIni({ product: 'defense', files: [path] })());
    expect(error.tryNextLink).toBe(false);
    expect(error.message).toMatch(/HTTPS only/);
    expect((await rejection(fromIni({ product: 'nope' as Product, files: [path] })())).option).toBe('product');
  });
  it('passes the logger on for the permission warning', async () => {
    const path = await file('open', '[default]\nurl = https://x.test\ntoken = abcd\n');
    await chmod(path, 0o604);
    const warn = jest.fn<(m: string) => void>();
    await fromIni({ product: 'response', files: [path], logger: { debug: () => undefined, warn } })();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('chmod 600'));
  });
});

describe('fromEnv', () => {
  it('reads CBAPI_URL, CBAPI_TOKEN and CBAPI_SSL_VERIFY', async () => {
    const creds = await fromEnv({ env: { CBAPI_URL: 'https://env.test/', CBAPI_TOKEN: 'envtoken', CBAPI_SSL_VERIFY: 'false' } })();
    expect(creds).toEqual({
      url: 'https://env.test', token: 'envtoken', sslVerify: false, sslVerifyHostname: true, sslForceTls12: false, ignoreSystemProxy: false, source: 'environment',
    });
  });
  it('says which variable is missing, with tryNextLink', async () => {
    const error = await rejection(fromEnv({ env: { CBAPI_URL: 'https://env.test' } })());
    expect(error.message).toMatch(/CBAPI_TOKEN not set/);
    expect(error.tryNextLink).toBe(true);
    expect((await rejection(fromEnv({ env: {} })())).message).toMatch(/CBAPI_URL and CBAPI_TOKEN not set/);
  });
  it('reads process.env when called, not when created', async () => {
    const provider = fromEnv();
    const saved = { ...process.env };
    process.env['CBAPI_URL'] = 'https://late.test';
    process.env['CBAPI_TOKEN'] = 'latetoken';
    try {
      expect((await provider()).url).toBe('https://late.test');
    } finally {
      process.env = saved;
    }
  });
  it('refuses a bad CBAPI_SSL_VERIFY without tryNextLink', async () => {
    const error = await rejection(fromEnv({ env: { CBAPI_URL: 'https://e.test', CBAPI_TOKEN: 'abcd', CBAPI_SSL_VERIFY: 'sometimes' } })());
    expect(error).toMatchObject({ option: 'ssl_verify', tryNextLink: false });
  });
});

describe('fromStatic', () => {
  it('validates lazily and applies defaults', async () => {
    const provider = fromStatic({ url: 'https://s.test/', token: 'static', sslForceTls12: true });
    expect(await provider()).toMatchObject({ url: 'https://s.test', token: 'static', sslVerify: true, sslForceTls12: true, source: 'options' });
    const bad = fromStatic({ url: 'https://s.test/api', token: 'static' });
    expect((await rejection(bad())).option).toBe('url');
  });
});

describe('chain', () => {
  const ok: Credentials = { url: 'https://c.test', token: 'chain', sslVerify: true, sslVerifyHostname: true, sslForceTls12: false, ignoreSystemProxy: false };
  it('moves on only for tryNextLink errors', async () => {
    const third = jest.fn(async () => ok);
    const provider = chain(fromEnv({ env: {} }), fromIni({ product: 'response', files: [join(dir, 'none')] }), third);
    expect(await provider()).toBe(ok);
    expect(await provider()).toBe(ok);
    expect(third).toHaveBeenCalledTimes(1);
  });
  it('stops at an error without tryNextLink', async () => {
    const never = jest.fn(async () => ok);
    const error = await rejection(chain(fromStatic({ url: 'http://c.test', token: 'x1234' }), never)());
    expect(error.message).toMatch(/plain http/);
    expect(never).not.toHaveBeenCalled();
    const plain = new Error('boom');
    await expect(chain(async () => Promise.reject(plain))()).rejects.toBe(plain);
  });
  it('reports every reason and searched file when nothing had credentials', async () => {
    const missing = join(dir, 'none');
    const error = await rejection(chain(fromEnv({ env: {} }), fromIni({ product: 'response', files: [missing] }))());
    expect(error.message).toMatch(/No credentials found: No credentials in the environment.*; Cannot find credential profile 'default'/);
    expect(error.searchedPaths).toEqual([{ path: missing, reason: 'missing' }]);
    expect(error.tryNextLink).toBe(true);
    expect((await rejection(chain()())).message).toMatch(/No credential providers/);
  });
  it('accepts a foreign error with tryNextLink', async () => {
    const foreign = Object.assign(new Error('not here'), { tryNextLink: true });
    expect(await chain(async () => Promise.reject(foreign), async () => ok)()).toBe(ok);
  });
});

describe('memoizeProvider', () => {
  it('shares one result between concurrent calls and retries after a failure', async () => {
    let calls = 0;
    const provider = memoizeProvider(async () => {
      calls += 1;
      if (calls === 1) throw new Error('first fails');
      return { url: 'https://m.test', token: 'memo', sslVerify: true, sslVerifyHostname: true, sslForceTls12: false, ignoreSystemProxy: false };
    });
    await expect(provider()).rejects.toThrow('first fails');
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a).toBe(b);
    expect(calls).toBe(2);
  });
});
