import { describe, expect, it } from '@jest/globals';
import { fromStatic } from './from-static.js';
import { rejection } from './test-helpers.js';

describe('fromStatic', () => {
  it('validates lazily and applies defaults', async () => {
    const provider = fromStatic({ url: 'https://s.test/', token: 'static', sslForceTls12: true });
    expect(await provider()).toMatchObject({ url: 'https://s.test', token: 'static', sslVerify: true, sslForceTls12: true, source: 'options' });
    const bad = fromStatic({ url: 'https://s.test/api', token: 'static' });
    expect((await rejection(bad())).option).toBe('url');
  });
});
