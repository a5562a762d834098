import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { missingProfileMessage, parseCredentialsText, readProfile } from './read-profile.js';

describe('parseCredentialsText', () => {
  it('reads sections, = and : options, comments, case-insensitive keys, verbatim values', () => {
    const parsed = parseCredentialsText([
      '# comment', '; another', '', '[default]', 'URL = https://cb.example.com', 'token: abc#def;ghi\\x',
      'ssl_verify=True', '[my.profile]', 'url=https://other.test:8443/', 'token = a=b',
    ].join('\r\n'));
    expect(parsed).toEqual({
      default: { url: 'https://cb.example.com', token: 'abc#def;ghi\\x', ssl_verify: 'True' },
      'my.profile': { url: 'https://other.test:8443/', token: 'a=b' },
    });
  });
  it('keeps ini literals as text', () => {
    expect(parseCredentialsText('[p]\nssl_verify = false\nproxy = null')).toEqual({ p: { ssl_verify: 'false', proxy: 'null' } });
  });
  it.each([
    ['url = https://x.test\n[default]', /option before any \[profile\] section/],
    ['[default]\nthis line has no separator', /line 2: expected/],
    ['[default]\nurl = x\n  continued', /continuation lines/],
    ['[default]\n= value', /line 2: expected/],
    ['\u0000\u0001binary', /binary/],
  ])('refuses %p', (text, pattern) => {
    expect(() => parseCredentialsText(text)).toThrow(pattern);
  });
});

describe('readProfile', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbapi-read-'));
  });
  afterEach(async () => {
    await chmod(dir, 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, text: string, mode = 0o600): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text, { mode });
    await chmod(path, mode);
    return path;
  }

  it('merges all files in order, later ones winning key by key', async () => {
    const etc = await file('etc', '[default]\nurl = https://etc.test\ntoken = etc-token\nssl_verify = no\n');
    const home = await file('home', '[default]\ntoken = home-token\n[other]\nurl = https://o.test\n');
    const cwd = await file('cwd', '[default]\nssl_verify = yes\nrabbitmq_pass = secret\n');
    const lookup = await readProfile('default', [etc, home, cwd, join(dir, 'missing')]);
    expect(lookup.values).toEqual({ url: 'https://etc.test', token: 'home-token', ssl_verify: 'yes' });
    expect(lookup.usedFiles).toEqual([etc, home, cwd]);
    expect(lookup.searchedPaths.map((p) => p.reason)).toEqual(['used', 'used', 'used', 'missing']);
  });

  it('says why each file was rejected', async () => {
    const noProfile = await file('noprofile', '[prod]\nurl = https://p.test\n');
    const broken = await file('broken', 'garbage without section\n');
    const sub = join(dir, 'sub');
    await mkdir(sub);
    const asDir = sub;
    const lookup = await readProfile('default', [join(dir, 'nope'), noProfile, broken, asDir, join(noProfile, 'below-a-file')]);
    expect(lookup.values).toBeUndefined();
    const reasons = lookup.searchedPaths.map((p) => [p.path, p.reason]);
    expect(reasons).toEqual([
      [join(dir, 'nope'), 'missing'], [noProfile, 'no such profile'], [broken, 'unparsable'], [asDir, 'unreadable'],
      [join(noProfile, 'below-a-file'), 'missing'],
    ]);
    expect(lookup.searchedPaths[2]?.detail).toMatch(/line 1/);
    expect(lookup.searchedPaths[3]?.detail).toBe('not a regular file');
    expect(lookup.searchedPaths[1]?.detail).toBe('profiles: prod');
    const message = missingProfileMessage('default', lookup.searchedPaths);
    expect(message).toMatch(/^Cannot find credential profile 'default' after searching in these files: /);
    for (const p of lookup.searchedPaths) expect(message).toContain(`${p.path} (${p.reason}`);
  });

  it('warns about a file others can read, naming it and the fix', async () => {
    const open = await file('open', '[default]\nurl = https://x.test\ntoken = t\n', 0o644);
    const warn = jest.fn<(m: string) => void>();
    await readProfile('default', [open], { debug: () => undefined, warn });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain(open);
    expect(warn.mock.calls[0]?.[0]).toContain(`chmod 600 ${open}`);
  });

  it('uses process.emitWarning without a logger, and stays quiet for 0600', async () => {
    const open = await file('open', '[default]\n', 0o640);
    const closed = await file('closed', '[default]\n', 0o600);
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      await readProfile('default', [closed]);
      expect(spy).not.toHaveBeenCalled();
      await readProfile('default', [open]);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0]?.[0])).toContain('chmod 600');
    } finally {
      spy.mockRestore();
    }
  });

  it('lists no files as (none)', () => {
    expect(missingProfileMessage('x', [])).toBe("Cannot find credential profile 'x' after searching in these files: (none).");
  });
});
