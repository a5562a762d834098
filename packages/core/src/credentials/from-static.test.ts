import { describe, expect, it } from '@jest/globals';
import { CredentialError } from '../errors/credential-error.js';
import { fromStatic } from './from-static.js';

async function rejection(promise: Promise<unknown>): Promise<CredentialError> {
  try {
    await promise;
  } catch (error) {
    if (CredentialError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a CredentialError');
}

describe('fromStatic', () => {
  it('validates lazily and applies defaults', async () => {
    const provider = fromStatic({ url: 'https://s.test/', token: 'static', sslForceTls12: true });
    expect(await provider()).toMatchObject({ url: 'https://s.test', token: 'static', sslVerify: true, sslForceTls12: true, source: 'options' });
    const bad = fromStatic({ url: 'https://s.test/api', token: 'static' });
    expect((await rejection(bad())).option).toBe('url');
  });
});
