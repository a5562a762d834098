import { describe, expect, it } from '@jest/globals';
import { ApiError, ServerError, UnauthorizedError } from '@cbapi/core';
import { CREDENTIALS, RecordingTransport, fakeResponseApi, fixture, forbidden, notFound } from './__fixtures__/response-fake-api.js';
import { CbResponseAPI } from './cb-response-api.js';
import { Process } from './models/process.js';
import { Binary } from './models/binary.js';
import { ProcessQuery } from './queries/process-query.js';
import { BinaryQuery } from './queries/binary-query.js';
import { AlertQuery } from './queries/alert-query.js';
import { ThreatReportQuery } from './queries/threat-report-query.js';

const GUID = '00000001-0000-0554-01d1-3bc4553b8c9f';

describe('CbResponseAPI connect', () => {
  it('reads /api/info and the partitions on 6.x (recorded 6.2: no legacy partitions)', async () => {
    const { cb, transport } = await fakeResponseApi(() => undefined);
    expect(transport.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/info', 'GET /api/v1/storage/events/partition']);
    expect(cb.serverVersion.text).toBe('6.2.0.171114.1158');
    expect(cb.legacy5xMode).toBe(false);
    expect(cb.serverInfo['cblrEnabled']).toBe(true);
  });
  it('turns on legacy mode when a partition is legacy', async () => {
    const { cb } = await fakeResponseApi(() => undefined, { partitions: { old: { name: 'old', status: 'warm', info: { isLegacy: true } } } });
    expect(cb.legacy5xMode).toBe(true);
  });
  it('treats 401/403/404 on the partition route as "no legacy partitions"', async () => {
    for (const err of [forbidden('/api/v1/storage/events/partition'), notFound('/api/v1/storage/events/partition')]) {
      const { cb } = await fakeResponseApi(() => undefined, { partitions: err });
      expect(cb.legacy5xMode).toBe(false);
    }
  });
  it('does not ask for partitions on 5.x', async () => {
    const { transport } = await fakeResponseApi(() => undefined, { version: '5.2.0.161004.1206' });
    expect(transport.calls.map((c) => c.path)).toEqual(['/api/info']);
  });
  it('refuses a bad token and servers before 5.0', async () => {
    const bad = new CbResponseAPI({ product: 'response', credentials: CREDENTIALS, transport: new RecordingTransport(() => { throw new UnauthorizedError('no', { status: 401 }); }), cache: undefined });
    const err = await bad.initialize().catch((e: unknown) => e);
    expect(UnauthorizedError.isInstance(err)).toBe(true);
    expect(String(err)).toContain('Invalid API token for server https://cb.example.com');
    expect(String(err)).not.toContain(CREDENTIALS.token);
    await expect(fakeResponseApi(() => undefined, { version: '4.2.1' })).rejects.toThrow(/>= 5\.0\.0/);
  });
});

describe('CbResponseAPI admin calls', () => {
  it('license request, license update, new partition, info', async () => {
    const { cb, calls } = await fakeResponseApi((c) => {
      if (c.path === '/api/license' && c.method === 'GET') return { license_request_block: 'BLOCK' };
      if (c.path === '/api/license' && c.method === 'POST') return (c.json as { license: string }).license === 'good' ? { status: 'success' } : { status: 'error' };
      if (c.path === '/api/v1/storage/events/new_partition') return undefined;
      return undefined;
    });
    expect(await cb.licenseRequest()).toBe('BLOCK');
    await cb.updateLicense('good');
    await expect(cb.updateLicense('bad')).rejects.toThrow(ServerError);
    await expect(cb.updateLicense('')).rejects.toThrow(ApiError);
    await cb.createNewPartition();
    expect((await cb.info())['version']).toBe('6.2.0.171114.1158');
    expect(calls().map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/license', 'POST /api/license', 'POST /api/license', 'POST /api/v1/storage/events/new_partition', 'GET /api/info',
    ]);
    expect(calls()[3]?.body).toBe('null');
  });
  it('refuses createNewPartition before 6.1 without a request', async () => {
    const { cb, calls } = await fakeResponseApi(() => undefined, { version: '6.0.2' });
    await expect(cb.createNewPartition()).rejects.toThrow(/6\.1/);
    expect(calls()).toEqual([]);
  });
  it('liveResponse needs cblrEnabled', async () => {
    const { cb } = await fakeResponseApi(() => undefined);
    const lr = cb.liveResponse;
    expect(cb.liveResponse).toBe(lr);
    await cb.close();
  });
});

describe('fromUi', () => {
  it('gives the object or query a UI link names', async () => {
    const { cb, calls } = await fakeResponseApi((c) => {
      if (c.path === `/api/v4/process/${GUID}/1/event`) return { process: { id: GUID, segment_id: 1, process_name: 'cmd.exe' } };
      if (c.path === '/api/v1/binary/C7F5CAE0B450BE875EEE0E6DDFA771FE/summary') return fixture<{ results: unknown[] }>('binary.search-page.json').results[0];
      return undefined;
    });
    const proc = await cb.fromUi(`https://cb.example.com/#/analyze/${GUID}/1`);
    expect(proc).toBeInstanceOf(Process);
    expect((proc as Process).process_name).toBe('cmd.exe');
    const bin = await cb.fromUi('https://cb.example.com/#binary/c7f5cae0b450be875eee0e6ddfa771fe');
    expect((bin as Binary).md5).toBe('C7F5CAE0B450BE875EEE0E6DDFA771FE');
    const q = await cb.fromUi('https://cb.example.com/#/search?cb.urlver=1&q=process_name%3Anet.exe&sort=start+asc');
    expect(q).toBeInstanceOf(ProcessQuery);
    expect(await cb.fromUi('https://cb.example.com/#/binaries/cb.urlver=1&q=md5%3Aab')).toBeInstanceOf(BinaryQuery);
    expect(await cb.fromUi('https://cb.example.com/#/login')).toBe(cb);
    expect(await cb.fromUi('https://cb.example.com/#/alerts/cb.urlver=1&q=status%3AUnresolved')).toBeInstanceOf(AlertQuery);
    expect(await cb.fromUi('https://cb.example.com/#/threats/cb.urlver=1&q=feed_id%3A7')).toBeInstanceOf(ThreatReportQuery);
    await expect(cb.fromUi('https://other.example.com/#/binary/AA')).rejects.toThrow(/Invalid URL/);
    expect(calls().map((c) => c.path)).toEqual([`/api/v4/process/${GUID}/1/event`, '/api/v1/binary/C7F5CAE0B450BE875EEE0E6DDFA771FE/summary']);
  });
});
