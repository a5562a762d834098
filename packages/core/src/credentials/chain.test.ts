import { join } from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { chain } from './chain.js';
import { fromEnv } from './from-env.js';
import { fromIni } from './from-ini.js';
import { fromStatic } from './from-static.js';
import { rejection, useTempDir } from './test-helpers.js';
import type { Credentials } from './types.js';

const tempDir = useTempDir('cbapi-prov-');

describe('chain', () => {
  const ok: Credentials = { url: 'https://c.test', token: 'chain', sslVerify: true, sslVerifyHostname: true, sslForceTls12: false, ignoreSystemProxy: false };
  it('moves on only for tryNextLink errors', async () => {
    const third = jest.fn(async () => ok);
    const provider = chain(fromEnv({ env: {} }), fromIni({ product: 'response', files: [join(tempDir(), 'none')] }), third);
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
    const missing = join(tempDir(), 'none');
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
