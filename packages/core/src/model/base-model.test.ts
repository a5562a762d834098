import { describe, it, expect } from '@jest/globals';
import { inspect } from 'node:util';
import { readFileSync } from 'node:fs';
import { ApiError } from '../errors/api-error.js';
import { InvalidObjectError } from '../errors/invalid-object-error.js';
import { ObjectNotFoundError } from '../errors/object-not-found-error.js';
import { ServerError } from '../errors/server-error.js';
import { fakeApi, reply, type FakeCall } from '../__fixtures__/fake-transport.js';
import { TestAlert, TestBinary, TestFeed, TestProcess, TestSensor, TestSensorGroup, TestWatchlist } from '../__fixtures__/test-models.js';
import { BaseModel } from './base-model.js';
import { hydrate } from './hydrate.js';
import type { JsonObject } from './types.js';

const sensorDoc = JSON.parse(readFileSync(new URL('../__fixtures__/sensor.get.json', import.meta.url), 'utf8')) as JsonObject;

function sensorServer(doc: JsonObject = sensorDoc) {
  let current = structuredClone(doc);
  return (call: FakeCall): unknown => {
    if (call.method === 'GET' && call.path === '/api/v1/sensor/1') return current;
    if (call.method === 'PUT' && call.path === '/api/v1/sensor/1') {
      current = call.json as JsonObject;
      return { result: 'success' };
    }
    throw new ObjectNotFoundError(`no route ${call.method} ${call.path}`, { method: call.method, path: call.path });
  };
}

describe('BaseModel: reading', () => {
  it('hydrates typed fields and keeps every server field readable', async () => {
    const { api } = fakeApi(sensorServer());
    const sensor = await api.select(TestSensor, 1);
    expect(sensor.computer_name).toBe('WIN7-HYPERV-2');
    expect(sensor.last_update).toBeInstanceOf(Date);
    expect(sensor.last_update.toISOString()).toBe('2018-02-06T18:44:40.002Z');
    expect(sensor.systemvolume_total_size).toBe('21367877632');
    expect(sensor.get('build_version_string')).toBe('006.000.002.70329');
    expect(sensor.get('event_log_flush_time', 'never')).toBe('never');
    expect(sensor.get('no_such_field')).toBeUndefined();
    expect(sensor.raw).toEqual(sensorDoc);
    expect(Object.keys(sensor)).not.toContain('raw');
    expect(Object.getOwnPropertyNames(sensor)).not.toContain('build_version_string');
    expect(sensor.isFullyLoaded).toBe(true);
    expect(sensor.isDirty()).toBe(false);
    expect(sensor.uniqueId()).toBe(1);
    expect(sensor.cacheKey()).toBe('Sensor:1');
  });

  it('String() and util.inspect list every field, sorted, cbapi-style', async () => {
    const { api } = fakeApi(sensorServer());
    const sensor = await api.select(TestSensor, 1);
    sensor.computer_name = 'renamed';
    sensor.set('brand_new', 'x'.repeat(60));
    const text = String(sensor);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Sensor object, bound to https:\/\/cb\.example\.com\./);
    expect(lines[1]).toBe('-'.repeat(79));
    expect(lines[2]).toBe('');
    const keys = Object.keys({ ...sensorDoc, brand_new: 1 }).sort();
    expect(lines.length).toBe(3 + keys.length);
    expect(lines.slice(3).map((l) => l.slice(4).split(': ')[0]?.trim())).toEqual(keys);
    expect(lines).toContain(`(*) ${'computer_name'.padStart(20)}: renamed`);
    expect(lines).toContain(`(+) ${'brand_new'.padStart(20)}: ${'x'.repeat(47)}...`);
    expect(lines).toContain(`    ${'id'.padStart(20)}: 1`);
    expect(lines).toContain(`    ${'notes'.padStart(20)}: None`);
    expect(inspect(sensor)).toBe(text);
    expect(text).not.toContain('f00dfeed');
  });

  it('a value of exactly 50 characters is not cut', () => {
    const { api } = fakeApi(() => ({}));
    const m = hydrate(TestFeed, api, { id: 1, name: 'n'.repeat(50), nested: { a: [1, 2] } });
    expect(String(m)).toContain(`${'name'.padStart(20)}: ${'n'.repeat(50)}`);
    expect(String(m)).toContain(`${'nested'.padStart(20)}: {"a":[1,2]}`);
  });

  it('marks partial objects and loads them with ensureLoaded()', async () => {
    const { api, transport } = fakeApi(sensorServer());
    const partial = hydrate(TestSensor, api, { id: 1, computer_name: 'WIN7-HYPERV-2' }, { fullDoc: false });
    expect(partial.isFullyLoaded).toBe(false);
    expect(String(partial)).toContain('Partially initialized');
    expect(partial.get('build_id')).toBeUndefined();
    await partial.ensureLoaded();
    expect(partial.get('build_id')).toBe(11);
    expect(partial.isFullyLoaded).toBe(true);
    expect(partial.refreshedAt).toBeInstanceOf(Date);
    await partial.ensureLoaded();
    expect(transport.calls).toHaveLength(1);
  });

  it('refuses instances not built by hydrate() or not bound to an API', async () => {
    const bare = new TestSensor();
    expect(() => bare.get('id')).toThrow(ApiError);
    const unbound = hydrate(TestSensor, undefined, { id: 1 });
    expect(String(unbound)).toContain('bound to (no server)');
    await expect(unbound.refresh()).rejects.toThrow(/not bound to an API object/);
  });

  it('hydrate() refuses documents that are not JSON objects', () => {
    expect(() => hydrate(TestSensor, undefined, [] as unknown as JsonObject)).toThrow(/an array/);
    expect(() => hydrate(TestSensor, undefined, 'x' as unknown as JsonObject)).toThrow(/string/);
  });
});

describe('BaseModel: change tracking and save', () => {
  it('detects assignments, reset() restores, a clean save sends nothing', async () => {
    const { api, transport } = fakeApi(sensorServer());
    const sensor = await api.select(TestSensor, 1);
    await sensor.save();
    expect(transport.calls).toHaveLength(1);
    sensor.network_isolation_enabled = true;
    sensor.set('notes', 'isolated by test');
    expect(sensor.isDirty()).toBe(true);
    expect(sensor.dirtyFields).toEqual(['network_isolation_enabled', 'notes']);
    sensor.reset();
    expect(sensor.isDirty()).toBe(false);
    expect(sensor.network_isolation_enabled).toBe(false);
    expect(sensor.get('notes')).toBeUndefined();
  });

  it('setting a field back to its original value is not a change', async () => {
    const { api } = fakeApi(sensorServer());
    const sensor = await api.select(TestSensor, 1);
    sensor.last_update = new Date('2020-01-01T00:00:00Z');
    expect(sensor.dirtyFields).toEqual(['last_update']);
    sensor.last_update = new Date('2018-02-06T18:44:40.002Z');
    expect(sensor.isDirty()).toBe(false);
  });

  it('save() PUTs the whole document with the change in wire format, refreshes and updates the cache', async () => {
    const { api, transport } = fakeApi(sensorServer());
    const sensor = await api.select(TestSensor, 1);
    sensor.network_isolation_enabled = true;
    await sensor.save();
    const put = transport.calls[1];
    expect(put?.method).toBe('PUT');
    expect(put?.path).toBe('/api/v1/sensor/1');
    expect(put?.json).toEqual({ ...sensorDoc, network_isolation_enabled: true });
    expect(transport.calls[2]?.method).toBe('GET');
    expect(sensor.isDirty()).toBe(false);
    expect(sensor.raw['network_isolation_enabled']).toBe(true);
    expect((await api.cache?.get('Sensor:1'))?.['network_isolation_enabled']).toBe(true);
    const again = await api.select(TestSensor, 1);
    expect(again.network_isolation_enabled).toBe(true);
    expect(transport.calls).toHaveLength(3);
  });

  it('save() of a partial object loads it first and keeps the change', async () => {
    const { api, transport } = fakeApi(sensorServer());
    const partial = hydrate(TestSensor, api, { id: 1, computer_name: 'WIN7-HYPERV-2' }, { fullDoc: false });
    partial.computer_name = 'NEW';
    await partial.save();
    expect(transport.calls.map((c) => c.method)).toEqual(['GET', 'PUT', 'GET']);
    expect((transport.calls[1]?.json as JsonObject)['build_id']).toBe(11);
    expect((transport.calls[1]?.json as JsonObject)['computer_name']).toBe('NEW');
    expect(partial.computer_name).toBe('NEW');
  });

  it('an update that sends only changes with POST (Alert)', async () => {
    const { api, transport } = fakeApi((c) => (c.method === 'GET' ? { unique_id: 'a-1', status: 'Resolved', extra: 1 } : { result: 'success' }));
    const alert = hydrate(TestAlert, api, { unique_id: 'a-1', status: 'Unresolved', extra: 1 });
    alert.status = 'Resolved';
    await alert.save();
    expect(transport.calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/alert/a-1', json: { status: 'Resolved' } });
    expect(transport.calls[1]?.method).toBe('GET');
  });

  it('a status reply carrying an id reloads a model whose primary key is another field', async () => {
    const { api, transport } = fakeApi((c) => (c.method === 'GET' ? { unique_id: 'a-1', status: 'Resolved', extra: 1 } : { result: 'success', id: 7 }));
    const alert = hydrate(TestAlert, api, { unique_id: 'a-1', status: 'Unresolved', extra: 1 });
    alert.status = 'Resolved';
    await alert.save();
    expect(transport.calls.map((c) => c.method)).toEqual(['POST', 'GET']);
    expect(alert.get('extra')).toBe(1);
    expect(alert.get('result')).toBeUndefined();
  });

  it('create: POST without the primary key, an {id}-only reply adopts the id and refreshes', async () => {
    const logs: string[] = [];
    const { api, transport } = fakeApi((c) => {
      if (c.method === 'POST') return { id: '12' };
      return { id: '12', name: 'wl', search_query: 'q=a', enabled: true, date_added: '2018-01-08 15:51:53.306583-06:00' };
    });
    Object.defineProperty(api, 'logger', { value: { debug: (m: string) => logs.push(m), warn: () => undefined } });
    const wl = api.create(TestWatchlist, { name: 'wl', search_query: 'q=a' });
    expect(wl.uniqueId()).toBeUndefined();
    expect(wl.cacheKey()).toBeUndefined();
    expect(wl.dirtyFields).toEqual(['name', 'search_query']);
    expect(String(wl)).toContain(`(+) ${'name'.padStart(20)}: wl`);
    await wl.save();
    expect(transport.calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/watchlist', json: { name: 'wl', search_query: 'q=a' } });
    expect(transport.calls[1]).toMatchObject({ method: 'GET', path: '/api/v1/watchlist/12' });
    expect(wl.id).toBe('12');
    expect(wl.date_added).toBeInstanceOf(Date);
    expect(wl.isDirty()).toBe(false);
    expect(logs).toContain('Only received an ID back from the server, forcing a refresh');
    expect(logs).toContain('Creating a new Watchlist object');
  });

  it('create: a full document reply is adopted without a refresh', async () => {
    const { api, transport } = fakeApi(() => ({ id: 5, name: 'g', site_id: 1, sensorbackend_server: 'x' }));
    const g = api.create(TestSensorGroup, { name: 'g', site_id: 1 });
    await g.save();
    expect(transport.calls).toHaveLength(1);
    expect(g.id).toBe(5);
    expect(g.get('sensorbackend_server')).toBe('x');
    expect(await api.cache?.get('SensorGroup:5')).toMatchObject({ id: 5 });
  });

  it('{"result":"success"} refreshes; a 204 refreshes; a refresh of a 1-element array reply', async () => {
    let n = 0;
    const { api, transport } = fakeApi((c) => {
      if (c.method === 'PUT') return n++ === 0 ? { result: 'success' } : reply(204);
      return [{ id: 5, name: n === 0 ? 'g' : 'h', site_id: 1 }];
    });
    const g = await api.select(TestSensorGroup, 5);
    expect(g.name).toBe('g');
    g.name = 'h';
    await g.save();
    g.site_id = 2;
    await g.save();
    expect(transport.calls.map((c) => c.method)).toEqual(['GET', 'PUT', 'GET', 'PUT', 'GET']);
  });

  it('{"result": "<other>"} and {"success": false} are ServerErrors (not swallowed)', async () => {
    for (const answer of [{ result: 'failed: name taken' }, { success: false, message: 'nope' }]) {
      const { api } = fakeApi((c) => (c.method === 'GET' ? [{ id: 5, name: 'g', site_id: 1 }] : answer));
      const g = await api.select(TestSensorGroup, 5);
      g.name = 'other';
      const error = await g.save().catch((e: unknown) => e);
      expect(ServerError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/SensorGroup 5/);
      expect(g.isDirty()).toBe(true);
    }
  });

  it('status replies with an id, {"success": true}, and documents that happen to have a result field', async () => {
    const replies: unknown[] = [{ result: 'success', id: 9, message: 'created' }, { success: true }, { id: 9, name: 'g2', site_id: 1, result: 'queued' }];
    let n = 0;
    const { api, transport } = fakeApi((c) => (c.method === 'GET' ? [{ id: 9, name: 'from-get', site_id: 1 }] : replies[n++]));
    const g = api.create(TestSensorGroup, { name: 'g', site_id: 1 });
    await g.save();
    expect(g.id).toBe(9);
    expect(g.name).toBe('from-get');
    g.name = 'changed';
    await g.save();
    g.name = 'again';
    await g.save();
    expect(g.name).toBe('g2');
    expect(g.get('result')).toBe('queued');
    expect(transport.calls.map((c) => c.method)).toEqual(['POST', 'GET', 'PUT', 'GET', 'PUT']);
  });

  it('{"result":"success"} on a create without an id keeps the sent data', async () => {
    const { api, transport } = fakeApi(() => ({ result: 'success' }));
    const g = api.create(TestSensorGroup, { name: 'g', site_id: 1 });
    await g.save();
    expect(transport.calls).toHaveLength(1);
    expect(g.isDirty()).toBe(false);
    expect(g.name).toBe('g');
  });

  it('validate(): missing required fields → InvalidObjectError naming them, before any request', async () => {
    const { api, transport } = fakeApi(() => ({}));
    const g = api.create(TestSensorGroup, { site_id: null, other: 1 });
    const error = await g.save().catch((e: unknown) => e);
    expect(InvalidObjectError.isInstance(error)).toBe(true);
    expect((error as InvalidObjectError).missingFields).toEqual(['name', 'site_id']);
    expect((error as Error).message).toContain('[name, site_id]');
    expect(transport.calls).toHaveLength(0);
  });

  it('models that cannot be created, changed or deleted throw ApiError before any request', async () => {
    const { api, transport } = fakeApi(() => sensorDoc);
    expect(() => api.create(TestSensor)).toThrow(/Cannot create object of type Sensor/);
    expect(() => api.create(TestProcess)).toThrow(ApiError);
    const feed = hydrate(TestFeed, api, { id: 1, name: 'x' });
    feed.name = 'y';
    await expect(feed.save()).rejects.toThrow(/Feed objects cannot be changed/);
    await expect(feed.delete()).rejects.toThrow(/Feed objects cannot be deleted/);
    const sensorCreate = hydrate(TestSensor, api, {});
    sensorCreate.computer_name = 'x';
    await expect(sensorCreate.save()).rejects.toThrow(/Cannot create/);
    expect(transport.calls).toHaveLength(0);
  });

  it('an object whose primary key is set by the caller (BannedHash-style md5) is created, not updated', async () => {
    const { api, transport } = fakeApi(() => ({ md5: 'ABC', host_count: 0 }));
    class Banned extends TestBinary {
      static override creatable = true;
      static override mutable = true;
      static override createSendsPrimaryKey = true;
    }
    const b = api.create(Banned, { md5: 'ABC', text: 'banned' });
    expect(b.uniqueId()).toBe('ABC');
    await b.save();
    expect(transport.calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/binary', json: { md5: 'ABC', text: 'banned' } });
    b.host_count = 3;
    await b.save();
    expect(transport.calls[1]).toMatchObject({ method: 'PUT', path: '/api/v1/binary/ABC' });
    const feed = hydrate(TestFeed, api, { id: 1 });
    await feed.save();
    expect(transport.calls).toHaveLength(2);
  });

  it('delete() sends DELETE and drops the cached document; without an id nothing is sent', async () => {
    const { api, transport } = fakeApi((c) => (c.method === 'DELETE' ? reply(204) : [{ id: 5, name: 'g', site_id: 1 }]));
    const g = await api.select(TestSensorGroup, 5);
    expect(await api.cache?.get('SensorGroup:5')).toBeDefined();
    await g.delete();
    expect(transport.calls[1]).toMatchObject({ method: 'DELETE', path: '/api/group/5' });
    expect(await api.cache?.get('SensorGroup:5')).toBeUndefined();
    await api.create(TestSensorGroup).delete();
    expect(transport.calls).toHaveLength(2);
  });

  it('refresh() takes a signal and rethrows its reason', async () => {
    const { api } = fakeApi(sensorServer());
    const sensor = hydrate(TestSensor, api, { id: 1 });
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(sensor.refresh({ signal: ac.signal })).rejects.toThrow('stop');
  });

  it('a refresh reply that is not an object is a ServerError', async () => {
    const { api } = fakeApi(() => [1, 2]);
    await expect(hydrate(TestSensor, api, { id: 1 }).refresh()).rejects.toThrow(/expected a JSON object/);
  });

  it('instanceUrl() needs an id', async () => {
    const { api } = fakeApi(() => ({}));
    await expect(hydrate(TestSensor, api, {}).refresh()).rejects.toThrow(/has no id yet/);
  });
});

describe('BaseModel: joins and composite ids', () => {
  it('join() selects through the cache, undefined for an empty id', async () => {
    const { api, transport } = fakeApi((c) => (c.path === '/api/v1/sensor/1' ? { ...sensorDoc, group_id: 7 } : [{ id: 7, name: 'Default Group', site_id: 1 }]));
    const sensor = await api.select(TestSensor, 1);
    const group = await sensor.group();
    expect(group?.name).toBe('Default Group');
    await sensor.group();
    expect(transport.calls).toHaveLength(2);
    const orphan = hydrate(TestSensor, api, { id: 2, group_id: null });
    expect(await orphan.group()).toBeUndefined();
  });

  it('composite ids: stub document, cache key, instance URL and wrapped refresh reply', async () => {
    const { api, transport } = fakeApi((c) => ({ process: { id: 'guid-1', segment_id: 3, process_name: 'cmd.exe', process_md5: 'abc' }, siblings: [], path: c.path }));
    const proc = await api.select(TestProcess, ['guid-1', 3]);
    expect(transport.calls[0]?.path).toBe('/api/v2/process/guid-1/3');
    expect(proc.process_name).toBe('cmd.exe');
    expect(proc.cacheKey()).toBe('Process:guid-1:3');
    expect(await api.cache?.get('Process:guid-1:3')).toMatchObject({ process_name: 'cmd.exe' });
    expect(() => BaseModel.stubDocument(['a', 1])).toThrow(/no composite id/);
  });

  it('a Binary search result is partial; its md5 is the id', () => {
    const { api } = fakeApi(() => ({}));
    const b = hydrate(TestBinary, api, { md5: 'ABC', host_count: 2 }, { fullDoc: false });
    expect(b.uniqueId()).toBe('ABC');
    expect(b.cacheKey()).toBe('Binary:ABC');
    expect(b.toJSON()).toEqual({ md5: 'ABC', host_count: 2 });
  });
});
