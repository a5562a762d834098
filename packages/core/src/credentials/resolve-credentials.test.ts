import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { resolveCredentials } from './resolve-credentials.js';
import { rejection, useTempDir, writePrivateFile } from './test-helpers.js';
import type { Credentials, Product } from './types.js';

const tempDir = useTempDir('cbapi-resolve-');
let etc = '';
let home = '';
let cwd = '';
beforeEach(() => {
  [etc, home, cwd] = ['etc', 'home', 'cwd'].map((n) => join(tempDir(), n)) as [string, string, string];
});

const files = (): string[] => [etc, home, cwd];

describe('resolveCredentials', () => {
  it('reads the default profile from all files, later files overriding earlier key by key', async () => {
    await writePrivateFile(etc, '[default]\nurl = https://etc.example.com\ntoken = etc-token\nssl_verify = false\n');
    await writePrivateFile(cwd, '[default]\ntoken = cwd-token\n');
    const creds = await resolveCredentials('response', { credentialFiles: files() }, {});
    expect(creds).toMatchObject({ url: 'https://etc.example.com', token: 'cwd-token', sslVerify: false, profile: 'default', source: `${etc}, ${cwd}` });
  });

  it('picks the profile from options, then CBAPI_PROFILE, then default', async () => {
    await writePrivateFile(home, '[default]\nurl = https://d.test\ntoken = dtoken\n[envp]\nurl = https://e.test\ntoken = etoken\n[optp]\nurl = https://o.test\ntoken = otoken\n');
    expect((await resolveCredentials('defense', { credentialFiles: [home] }, {})).url).toBe('https://d.test');
    expect((await resolveCredentials('defense', { credentialFiles: [home] }, { CBAPI_PROFILE: 'envp' })).url).toBe('https://e.test');
    expect((await resolveCredentials('defense', { credentialFiles: [home], profile: 'optp' }, { CBAPI_PROFILE: 'envp' })).url).toBe('https://o.test');
  });

  it('lets the environment override the file, and explicit options override everything', async () => {
    await writePrivateFile(home, '[default]\nurl = https://file.test\ntoken = filetoken\nssl_verify = yes\nproxy = http://fileproxy:3128\n');
    const env = { CBAPI_URL: 'https://env.test', CBAPI_SSL_VERIFY: 'no' };
    const creds = await resolveCredentials('response', { credentialFiles: [home] }, env);
    expect(creds).toMatchObject({ url: 'https://env.test', token: 'filetoken', sslVerify: false, proxy: 'http://fileproxy:3128', source: `${home}, environment` });
    const explicit = await resolveCredentials('response', { credentialFiles: [home], sslVerify: true, token: 'opttoken' }, env);
    expect(explicit).toMatchObject({ url: 'https://env.test', token: 'opttoken', sslVerify: true, source: `${home}, environment, options` });
  });

  it('is satisfied by the environment alone when it has URL and token', async () => {
    const creds = await resolveCredentials('protection', { credentialFiles: files() }, { CBAPI_URL: 'https://env.test/', CBAPI_TOKEN: 'envtoken' });
    expect(creds).toMatchObject({ url: 'https://env.test', token: 'envtoken', source: 'environment' });
    expect(creds.profile).toBeUndefined();
  });

  it('uses explicit url + token without reading files or env', async () => {
    await writePrivateFile(home, '[default]\nurl = https://file.test\ntoken = filetoken\n');
    const creds = await resolveCredentials('response', { credentialFiles: [home], url: 'https://direct.test', token: 'direct', sslVerify: false }, { CBAPI_SSL_VERIFY: 'maybe' });
    expect(creds).toEqual({
      url: 'https://direct.test', token: 'direct', sslVerify: false, sslVerifyHostname: true, sslForceTls12: false, ignoreSystemProxy: false, source: 'options',
    });
  });

  it('lets options.credentials win: a provider or a Credentials object', async () => {
    const given: Credentials = { url: 'https://given.test/', token: 'given', sslVerify: true, sslVerifyHostname: false, sslForceTls12: false, ignoreSystemProxy: true };
    const provider = jest.fn(async () => given);
    expect(await resolveCredentials('response', { credentials: provider, url: 'https://ignored.test', token: 'x' }, {})).toBe(given);
    expect(await resolveCredentials('response', { credentials: given }, {})).toMatchObject({ url: 'https://given.test', sslVerifyHostname: false, ignoreSystemProxy: true });
    const bad = await rejection(resolveCredentials('response', { credentials: { ...given, url: 'http://given.test' } }, {}));
    expect(bad.option).toBe('url');
    const notObject = await rejection(resolveCredentials('response', { credentials: 'abc' as unknown as Credentials }, {}));
    expect(notObject.option).toBe('credentials');
  });

  it('lists every file searched and why, when the profile is missing', async () => {
    await writePrivateFile(etc, '[other]\nurl = https://x.test\n');
    await writePrivateFile(home, 'junk\n');
    const error = await rejection(resolveCredentials('response', { credentialFiles: files(), profile: 'prod' }, {}));
    expect(error.profile).toBe('prod');
    expect(error.searchedPaths.map((p) => [p.path, p.reason])).toEqual([[etc, 'no such profile'], [home, 'unparsable'], [cwd, 'missing']]);
    expect(error.message).toContain(`${etc} (no such profile`);
    expect(error.message).toContain(`${home} (unparsable`);
    expect(error.message).toContain(`${cwd} (missing)`);
  });

  it('still fails for a missing profile when the environment has only a URL', async () => {
    const error = await rejection(resolveCredentials('response', { credentialFiles: [cwd] }, { CBAPI_URL: 'https://env.test' }));
    expect(error.message).toMatch(/Cannot find credential profile 'default'/);
  });

  it('names a missing token, a bad url and a bad boolean', async () => {
    await writePrivateFile(home, '[a]\nurl = https://a.test\n[b]\nurl = https://b.test/api/v1\ntoken = t123\n[c]\nurl = https://c.test\ntoken = t123\nssl_verify = sure\n');
    const a = await rejection(resolveCredentials('response', { credentialFiles: [home], profile: 'a' }, {}));
    expect(a).toMatchObject({ option: 'token', profile: 'a' });
    expect(a.message).toMatch(/No API token specified for profile 'a'/);
    const b = await rejection(resolveCredentials('response', { credentialFiles: [home], profile: 'b' }, {}));
    expect(b.message).toMatch(/without a path or query/);
    const c = await rejection(resolveCredentials('response', { credentialFiles: [home], profile: 'c' }, {}));
    expect(c).toMatchObject({ option: 'ssl_verify', profile: 'c' });
  });

  it('refuses an unknown product', async () => {
    const error = await rejection(resolveCredentials('cloud' as Product, {}, {}));
    expect(error.message).toMatch(/Product name cloud not valid/);
  });

  it('searches under HOME by default', async () => {
    const error = await rejection(resolveCredentials('defense', {}, { HOME: join(tempDir(), 'nohome') }));
    expect(error.searchedPaths.map((p) => p.path)).toContain(join(tempDir(), 'nohome', '.carbonblack', 'credentials.defense'));
    expect(error.searchedPaths[0]?.path).toBe('/etc/carbonblack/credentials.defense');
  });

  it('passes the logger to the permission check', async () => {
    await writePrivateFile(home, '[default]\nurl = https://x.test\ntoken = abcd\n');
    await chmod(home, 0o644);
    const warn = jest.fn<(m: string) => void>();
    await resolveCredentials('response', { credentialFiles: [home], logger: { debug: () => undefined, warn } }, {});
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`chmod 600 ${home}`));
  });
});
