import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CredentialError } from '../errors/credential-error.js';
import { fromIni } from './from-ini.js';
import type { CredentialFileOption } from './profile-values.js';
import { writeCredentialsFile } from './write-credentials-file.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cbapi-write-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('writeCredentialsFile', () => {
  it('creates the directory 0700 and the file 0600 whatever the umask, readable by fromIni', async () => {
    const path = join(dir, '.carbonblack', 'credentials.response');
    const old = process.umask(0o000);
    try {
      await writeCredentialsFile(path, {
        default: { url: 'https://cb.example.com', token: 'abc#123', ssl_verify: false },
        prod: { url: 'https://prod.example.com', token: 'p', ssl_force_tls_1_2: true, proxy: 'http://proxy:8080' },
      });
    } finally {
      process.umask(old);
    }
    expect((await stat(join(dir, '.carbonblack'))).mode & 0o777).toBe(0o700);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe(
      '[default]\nurl = https://cb.example.com\ntoken = abc#123\nssl_verify = False\n\n[prod]\nurl = https://prod.example.com\ntoken = p\nssl_force_tls_1_2 = True\nproxy = http://proxy:8080\n',
    );
    expect(await fromIni({ product: 'response', files: [path] })()).toMatchObject({ token: 'abc#123', sslVerify: false });
    expect(await fromIni({ product: 'response', profile: 'prod', files: [path] })()).toMatchObject({ sslForceTls12: true, proxy: 'http://proxy:8080' });
  });

  it('refuses to overwrite unless asked, and chmods an existing file', async () => {
    const path = join(dir, 'creds');
    await writeFile(path, 'old', { mode: 0o644 });
    const error = await writeCredentialsFile(path, { default: { url: 'https://x.test', token: 't' } }).catch((e: unknown) => e);
    expect(CredentialError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/exists; pass \{ overwrite: true \}/);
    expect(await readFile(path, 'utf8')).toBe('old');
    await writeCredentialsFile(path, { default: { url: 'https://x.test', token: 't' } }, { overwrite: true });
    expect(await readFile(path, 'utf8')).toBe('[default]\nurl = https://x.test\ntoken = t\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses unknown options, bad profile names and multi-line values', async () => {
    const path = join(dir, 'c');
    await expect(writeCredentialsFile(path, { default: { colour: 'blue' } as Partial<Record<CredentialFileOption, string>> })).rejects.toThrow(/Unknown credentials option 'colour'/);
    await expect(writeCredentialsFile(path, { 'a]b': { url: 'https://x.test' } })).rejects.toThrow(/Profile name 'a\]b'/);
    await expect(writeCredentialsFile(path, { ' ': {} })).rejects.toThrow(CredentialError);
    await expect(writeCredentialsFile(path, { default: { token: 'a\nb' } })).rejects.toThrow(/must be on one line/);
  });

  it('reports a file it cannot create', async () => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'x');
    await expect(writeCredentialsFile(join(blocker, 'sub', 'creds'), { default: {} })).rejects.toThrow(/Cannot write credentials file .*ENOTDIR|EEXIST/);
    await expect(writeCredentialsFile(dir, { default: {} }, { overwrite: true })).rejects.toThrow(/Cannot write credentials file/);
  });
});
