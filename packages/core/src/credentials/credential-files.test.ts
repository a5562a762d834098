import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CredentialError } from '../errors/credential-error.js';
import { assertProduct, defaultCredentialFiles } from './credential-files.js';
import type { Product } from './types.js';

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
