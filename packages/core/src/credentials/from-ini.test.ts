import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { defaultCredentialFiles } from './credential-files.js';
import { fromIni } from './from-ini.js';
import { rejection, useTempDir, writePrivateFile } from './test-helpers.js';
import type { Product } from './types.js';

const tempDir = useTempDir('cbapi-prov-');

async function file(name: string, text: string): Promise<string> {
  const path = join(tempDir(), name);
  await writePrivateFile(path, text);
  return path;
}

describe('fromIni', () => {
  it('reads nothing until called, then reads the profile once', async () => {
    const path = join(tempDir(), 'later');
    const provider = fromIni({ product: 'protection', profile: 'prod', files: [path] });
    await file('later', '[prod]\nurl = https://prot.example.com/\ntoken = abcd1234\nssl_verify = off\n');
    const creds = await provider();
    expect(creds).toMatchObject({ url: 'https://prot.example.com', token: 'abcd1234', sslVerify: false, profile: 'prod', source: path });
    await rm(path);
    expect(await provider()).toBe(creds);
  });
  it('uses the default profile and search path under home/cwd', async () => {
    const creds = await rejection(fromIni({ product: 'response', home: join(tempDir(), 'h'), cwd: join(tempDir(), 'c') })());
    expect(creds.profile).toBe('default');
    expect(creds.tryNextLink).toBe(true);
    expect(creds.searchedPaths.map((p) => p.path)).toEqual(defaultCredentialFiles('response', { home: join(tempDir(), 'h'), cwd: join(tempDir(), 'c') }));
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
