import { describe, expect, it } from '@jest/globals';
import { memoizeProvider } from './memoize-provider.js';

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
