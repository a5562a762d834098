import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import { InvalidHashError } from '@cbapi/core';
import { fakeResponseApi, fixture, notFound, serverError } from '../__fixtures__/response-fake-api.js';
import { Binary } from './binary.js';

const page = fixture<{ results: Array<Record<string, unknown>>; total_results: number }>('binary.search-page.json');
const MD5 = 'C7F5CAE0B450BE875EEE0E6DDFA771FE';

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c);
  return Buffer.concat(parts);
}

describe('Binary from the recorded 6.2 search result', () => {
  it('parses every field and keeps them all reachable', async () => {
    const { cb, calls } = await fakeResponseApi(() => page);
    const [b] = await cb.select(Binary).slice(0, 1);
    expect(calls()[0]?.params).toEqual({ 'cb.urlver': '1', facet: 'false', rows: '1', start: '0' });
    if (!b) throw new Error('no result');
    expect(b.md5).toBe(MD5);
    expect(b.signed).toBe(true);
    expect(b.is64bit).toBe(false);
    expect(b.isExecutableImage).toBe(true);
    expect(b.size).toBe(50688);
    expect(b.observedFilenames).toEqual(['c:\\windows\\system32\\drivers\\appid.sys']);
    expect(b.signingData).toEqual({ result: 'Signed', publisher: 'Microsoft Corporation', issuer: undefined, subject: undefined, signTime: new Date('2016-04-12T09:21:00Z'), programName: undefined });
    expect(b.versionInfo.fileVersion).toBe('6.1.7601.23418 (win7sp1_ldr.160408-2045)');
    expect(b.virustotal).toEqual({ score: 0, link: '' });
    expect(b.server_added_timestamp.toISOString()).toBe('2017-02-01T03:52:34.137Z');
    expect(b.webuiLink).toBe(`https://cb.example.com/#binary/${MD5}`);
    for (const key of Object.keys(page.results[0] ?? {})) expect(b.get(key)).toBeDefined();
    expect(b.get('watchlists')).toEqual([{ wid: '5', value: '2017-02-01T04:10:02.628Z' }]);
    const eps = b.endpoints();
    expect(eps.map((s) => [s.get('id'), s.get('computer_name')])).toEqual([[1, 'WIN7-HYPERV-2']]);
    expect(String(b)).toContain('digsig_publisher');
  });
  it('refuses a bad MD5 before any request', async () => {
    const { cb, calls } = await fakeResponseApi(() => undefined);
    await expect(cb.select(Binary, 'xyz')).rejects.toThrow(InvalidHashError);
    await expect(cb.select(Binary, 'xyz')).rejects.toThrow('"xyz"');
    expect(calls()).toEqual([]);
  });
});

describe('Binary requests', () => {
  const payload = Buffer.concat([Buffer.from('MZ'), randomBytes(60_000)]);
  const zip = Buffer.from(zipSync({ filedata: new Uint8Array(payload), metadata: strToU8('Timestamp : 02/01/2017 04:05:44\r\n') }));

  it('summary, file (unzipped and raw), frequency, icon', async () => {
    const { cb, calls } = await fakeResponseApi((c) => {
      if (c.path === `/api/v1/binary/${MD5}/summary`) return { ...page.results[0], icon: Buffer.from('PNGDATA').toString('base64') };
      if (c.path === `/api/v1/binary/${MD5}`) return zip;
      if (c.path === '/api/v1/process/host/count') return { hostCount: 1, globalCount: 5, numDocs: 4429 };
      return undefined;
    });
    const b = await cb.select(Binary, MD5.toLowerCase());
    expect((await readAll(await b.file())).equals(payload)).toBe(true);
    expect((await readAll(await b.file({ raw: true }))).equals(zip)).toBe(true);
    expect(await b.frequency()).toEqual({ computerCount: 1, processCount: 5, allProcessCount: 4429, moduleFrequency: 5 / 4429 });
    expect((await b.icon())?.toString()).toBe('PNGDATA');
    expect(calls().map((c) => c.path)).toEqual([`/api/v1/binary/${MD5}/summary`, `/api/v1/binary/${MD5}`, `/api/v1/binary/${MD5}`, '/api/v1/process/host/count']);
    expect(calls()[3]?.params).toEqual({ 'cb.freqver': '1', md5: MD5, name: 'md5' });
    const again = await cb.select(Binary, MD5);
    expect(again.md5).toBe(MD5);
    expect(calls()).toHaveLength(4);
  });
  it('icon(): the icon route when the document has no icon field; undefined on 404', async () => {
    let have = true;
    const { cb, calls } = await fakeResponseApi((c) => {
      if (c.path === `/api/v1/binary/${MD5}/summary`) return page.results[0];
      if (c.path === `/api/v1/binary/${MD5}/icon`) {
        if (!have) throw notFound(c.path);
        return Buffer.from([0x89, 0x50, 0x4e, 0x47]);
      }
      return undefined;
    });
    const b = await cb.select(Binary, MD5);
    expect((await b.icon())?.toString('hex')).toBe('89504e47');
    have = false;
    expect(await b.icon()).toBeUndefined();
    expect(calls().map((c) => c.path)).toEqual([`/api/v1/binary/${MD5}/summary`, `/api/v1/binary/${MD5}/icon`, `/api/v1/binary/${MD5}/icon`]);
  });

  it('banned(): the BannedHash, or false on 404 and 409', async () => {
    let status = 200;
    const { cb, calls } = await fakeResponseApi((c) => {
      if (c.path === `/api/v1/binary/${MD5}/summary`) return page.results[0];
      if (c.path === `/api/v1/banning/blacklist/${MD5.toLowerCase()}`) {
        if (status === 404) throw notFound(c.path);
        if (status === 409) throw serverError(409, c.path);
        return { md5hash: MD5.toLowerCase(), text: 'Banned from API', enabled: true };
      }
      return undefined;
    });
    const b = await cb.select(Binary, MD5);
    const ban = await b.banned();
    expect(ban && ban.get('text')).toBe('Banned from API');
    status = 404;
    expect(await b.banned()).toBe(false);
    status = 409;
    expect(await b.banned()).toBe(false);
    expect(calls().filter((c) => c.path.includes('blacklist'))).toHaveLength(3);
  });
});
