import { describe, expect, it } from '@jest/globals';
import { fromEnv } from './from-env.js';
import { rejection } from './test-helpers.js';

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
