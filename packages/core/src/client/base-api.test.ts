import { describe, it, expect } from '@jest/globals';
import { inspect } from 'node:util';
import { ApiError } from '../errors/api-error.js';
import { ObjectNotFoundError } from '../errors/object-not-found-error.js';
import { createObjectCache } from '../cache/create-object-cache.js';
import { FAKE_CREDENTIALS, FakeTransport, fakeApi, type FakeCall } from '../__fixtures__/fake-transport.js';
import { TestBinary, TestBinaryQuery, TestFeed, TestProcess, TestProcessQuery, TestSensor, TestWatchlist } from '../__fixtures__/test-models.js';
import { SimpleQuery } from '../query/simple-query.js';
import type { Query } from '../query/query.js';
import { BaseApi } from './base-api.js';

const sensors = (call: FakeCall): unknown => {
  const m = /^\/api\/v1\/sensor\/(\d+)$/.exec(call.path);
  if (!m || Number(m[1]) > 100) throw new ObjectNotFoundError(`404 ${call.path}`, { method: 'GET', path: call.path });
  return { id: Number(m[1]), computer_name: `host-${m[1]}` };
};

describe('BaseApi', () => {
  it('select(Model) returns the model\'s query, typed', () => {
    const { api } = fakeApi(sensors);
    const pq: TestProcessQuery = api.select(TestProcess);
    const bq: TestBinaryQuery = api.select(TestBinary);
    const fq: Query<TestFeed> = api.select(TestFeed);
    expect(pq).toBeInstanceOf(TestProcessQuery);
    expect(bq).toBeInstanceOf(TestBinaryQuery);
    expect(fq).toBeInstanceOf(SimpleQuery);
  });

  it('select(Model, id): cache first, coalesced, forceInit asks again', async () => {
    const { api, transport } = fakeApi(sensors);
    const [a, b] = await Promise.all([api.select(TestSensor, 7), api.select(TestSensor, 7)]);
    expect(a?.computer_name).toBe('host-7');
    expect(a).not.toBe(b);
    expect(transport.calls).toHaveLength(1);
    await api.select(TestSensor, 7);
    expect(transport.calls).toHaveLength(1);
    const fresh = await api.select(TestSensor, 7, { forceInit: true });
    expect(fresh.isFullyLoaded).toBe(true);
    expect(transport.calls).toHaveLength(2);
    expect(api.cache?.stats.loads).toBe(1);
  });

  it('10,000 lookups of 500 ids from 50 tasks make 500 requests', async () => {
    const { api, transport } = fakeApi(sensors);
    const ids = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 100 + 1);
    let next = 0;
    await Promise.all(Array.from({ length: 50 }, async () => {
      while (next < ids.length) {
        const id = ids[next++] as number;
        const s = await api.select(TestSensor, id);
        expect(s.id).toBe(id);
      }
    }));
    expect(transport.calls).toHaveLength(100);
  });

  it('without a cache every select asks the server', async () => {
    const { api, transport } = fakeApi(sensors, { cache: false });
    await api.select(TestSensor, 1);
    await api.select(TestSensor, 1);
    expect(transport.calls).toHaveLength(2);
    expect(api.cache).toBeUndefined();
  });

  it('404 → ObjectNotFoundError naming the model and the id', async () => {
    const { api } = fakeApi(sensors);
    const error = await api.select(TestSensor, 999).catch((e: unknown) => e);
    expect(ObjectNotFoundError.isInstance(error)).toBe(true);
    expect((error as ObjectNotFoundError).message).toBe('Sensor with id 999 not found');
    expect((error as ObjectNotFoundError).object).toBe('Sensor 999');
    expect((error as ObjectNotFoundError).path).toBe('/api/v1/sensor/999');
    expect(api.cache?.stats.loads).toBe(1);
    const composite = await fakeApi(sensors).api.select(TestProcess, ['g', 2]).catch((e: unknown) => e);
    expect((composite as Error).message).toBe('Process with id g:2 not found');
  });

  it('other errors pass through; bad ids and bad models are ApiErrors', async () => {
    const { api } = fakeApi(() => { throw new ApiError('network down'); });
    await expect(api.select(TestSensor, 1)).rejects.toThrow('network down');
    await expect(api.select(TestSensor, '')).rejects.toThrow(/needs an id/);
    await expect(api.select(TestSensor, Number.NaN)).rejects.toThrow(/needs an id/);
    await expect(api.select(TestSensor, [])).rejects.toThrow(/needs an id/);
    await expect(api.select(TestSensor, null as never)).rejects.toThrow(ApiError);
    expect(() => api.select({} as never)).toThrow(/takes a model class/);
    expect(() => api.create('Sensor' as never)).toThrow(/takes a model class/);
  });

  it('select() takes a signal', async () => {
    const { api } = fakeApi(sensors);
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(api.select(TestSensor, 3, { signal: ac.signal })).rejects.toThrow('stop');
    await expect(api.select(TestSensor, 3, { signal: ac.signal, forceInit: true })).rejects.toThrow('stop');
  });

  it('create(Model, data) builds an unsaved object', () => {
    const { api, transport } = fakeApi(sensors);
    const wl = api.create(TestWatchlist, { name: 'n', search_query: 'q=x' });
    expect(wl.name).toBe('n');
    expect(wl.isDirty()).toBe(true);
    expect(transport.calls).toHaveLength(0);
    expect(() => api.create(TestSensor, {})).toThrow(/Cannot create object of type Sensor/);
  });

  it('raw get/post/put/patch/delete/stream go through the transport', async () => {
    const { api, transport } = fakeApi((c) => ({ echo: c.method }));
    expect(await api.get('/api/info')).toEqual({ echo: 'GET' });
    expect(await api.post('/api/x', { json: { a: 1 } })).toEqual({ echo: 'POST' });
    expect(await api.put('/api/x')).toEqual({ echo: 'PUT' });
    expect(await api.patch('/api/x')).toEqual({ echo: 'PATCH' });
    expect(await api.delete('/api/x')).toEqual({ echo: 'DELETE' });
    const chunks: Buffer[] = [];
    for await (const c of await api.stream('/api/file')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('[object Object]');
    expect(transport.calls.map((c) => c.method)).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'GET']);
    expect(transport.calls[1]?.json).toEqual({ a: 1 });
  });

  it('never shows the token: inspect, JSON, String', () => {
    const { api } = fakeApi(sensors);
    expect(api.credentials.token).toBe(FAKE_CREDENTIALS.token);
    for (const text of [inspect(api), inspect(api, { showHidden: true, depth: 5 }), JSON.stringify(api), String(api), JSON.stringify(Object.entries(api))]) {
      expect(text).not.toContain(FAKE_CREDENTIALS.token);
    }
    expect(String(api)).toBe('BaseApi(https://cb.example.com)');
    expect(JSON.parse(JSON.stringify(api))).toEqual({ product: 'response', url: 'https://cb.example.com' });
    expect(api.url).toBe('https://cb.example.com');
    expect(api.product).toBe('response');
  });

  it('close() closes transport and cache once; await using disposes', async () => {
    const transport = new FakeTransport(sensors);
    const cache = createObjectCache({ namespace: 'n' });
    const api = new BaseApi({ product: 'response', credentials: { ...FAKE_CREDENTIALS, url: 'https://cb.example.com/' }, transport, cache });
    expect(api.url).toBe('https://cb.example.com');
    await api.close();
    await api.close();
    expect(api.closed).toBe(true);
    expect(transport.closed).toBe(1);
    const t2 = new FakeTransport(sensors);
    {
      await using scoped = new BaseApi({ product: 'protection', credentials: FAKE_CREDENTIALS, transport: t2, cache: undefined });
      expect(scoped.closed).toBe(false);
    }
    expect(t2.closed).toBe(1);
  });

  it('the constructor refuses what prepareApi() did not make', () => {
    expect(() => new BaseApi(undefined as never)).toThrow(/prepareApi/);
    expect(() => new BaseApi({ product: 'response' } as never)).toThrow(ApiError);
  });
});
