import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { CredentialError } from '../errors/credential-error.js';
import { chain } from './chain.js';
import { fromEnv } from './from-env.js';
import { fromIni } from './from-ini.js';
import { fromStatic } from './from-static.js';
import type { Credentials } from './types.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cbapi-prov-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<CredentialError> {
  try {
    await promise;
  } catch (error) {
    if (CredentialError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a CredentialError');
}

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
