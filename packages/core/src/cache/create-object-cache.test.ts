import { describe, it, expect } from '@jest/globals';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import { ApiError } from '../errors/api-error.js';
import { createObjectCache } from './create-object-cache.js';

const NS = 'cbapi:response:cb.example.com';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

/** A store whose every operation fails. */
function brokenStore(): KeyvStoreAdapter {
  const fail = async (): Promise<never> => { throw new Error('store down'); };
  return { opts: {}, namespace: undefined, get: fail, set: fail, delete: fail, clear: fail, on() { return this; } } as unknown as KeyvStoreAdapter;
}

describe('createObjectCache', () => {
  it('keeps raw JSON under Model:id in the namespace; counts hits and misses', async () => {
    const store = new Map<unknown, unknown>();
    const cache = createObjectCache({ cache: store, namespace: NS });
    expect(await cache.get('Sensor:1')).toBeUndefined();
    await cache.set('Sensor:1', { id: 1, computer_name: 'a' });
    expect(await cache.get('Sensor:1')).toEqual({ id: 1, computer_name: 'a' });
    expect([...store.keys()]).toEqual([`${NS}:Sensor:1`]);
    const hit = await cache.get('Sensor:1');
    expect(Object.isFrozen(hit)).toBe(true);
    expect(() => { (hit as Record<string, unknown>)['id'] = 2; }).toThrow(TypeError);
    expect(cache.stats).toEqual({ hits: 2, misses: 1, loads: 0, errors: 0 });
    expect(cache.namespace).toBe(NS);
    await cache.delete('Sensor:1');
    expect(await cache.get('Sensor:1')).toBeUndefined();
    await cache.set('Sensor:2', { id: 2 });
    await cache.clear();
    expect(await cache.get('Sensor:2')).toBeUndefined();
  });

  it('load(): one loader call for concurrent loads of one key; then hits', async () => {
    const cache = createObjectCache({ namespace: NS });
    const gate = deferred<Record<string, unknown>>();
    let calls = 0;
    const loader = async (): Promise<Record<string, unknown>> => { calls++; return gate.promise; };
    const all = Promise.all(Array.from({ length: 20 }, () => cache.load('Binary:X', loader)));
    gate.resolve({ md5: 'X' });
    const docs = await all;
    expect(docs.every((d) => d['md5'] === 'X')).toBe(true);
    expect(calls).toBe(1);
    expect(await cache.load('Binary:X', loader)).toEqual({ md5: 'X' });
    expect(calls).toBe(1);
    expect(cache.stats.loads).toBe(1);
    expect(cache.stats.hits).toBe(1);
  });

  it('a failed load is shared by its waiters and not cached', async () => {
    const cache = createObjectCache({ namespace: NS });
    let calls = 0;
    const failing = async (): Promise<never> => { calls++; throw new ApiError('boom'); };
    const results = await Promise.allSettled([cache.load('K:1', failing), cache.load('K:1', failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(await cache.load('K:1', async () => ({ ok: true }))).toEqual({ ok: true });
  });

  it('entries expire after ttlMs', async () => {
    const cache = createObjectCache({ namespace: NS, ttlMs: 15 });
    await cache.set('A:1', { a: 1 });
    expect(await cache.get('A:1')).toEqual({ a: 1 });
    await new Promise((r) => setTimeout(r, 40));
    expect(await cache.get('A:1')).toBeUndefined();
  });

  it('the default store is a bounded LRU', async () => {
    const cache = createObjectCache({ namespace: NS, maxEntries: 2 });
    for (let i = 0; i < 10; i++) await cache.set(`A:${i}`, { i });
    let kept = 0;
    for (let i = 0; i < 10; i++) if (await cache.get(`A:${i}`)) kept++;
    expect(kept).toBeLessThanOrEqual(4);
    expect(await cache.get('A:9')).toEqual({ i: 9 });
  });

  it('accepts a Keyv instance (its store is wrapped with our namespace)', async () => {
    const store = new Map<unknown, unknown>();
    const keyv = new Keyv({ store });
    const cache = createObjectCache({ cache: keyv, namespace: NS });
    await cache.set('S:1', { id: 1 });
    expect([...store.keys()]).toEqual([`${NS}:S:1`]);
  });

  it('store errors are misses and skipped writes, never exceptions; the loader still answers', async () => {
    const warnings: string[] = [];
    const cache = createObjectCache({ cache: brokenStore(), namespace: NS, logger: { debug: () => undefined, warn: (m) => warnings.push(m) } });
    expect(await cache.get('S:1')).toBeUndefined();
    await cache.set('S:1', { id: 1 });
    await cache.delete('S:1');
    await cache.clear();
    expect(await cache.load('S:1', async () => ({ id: 1 }))).toEqual({ id: 1 });
    expect(cache.stats.errors).toBeGreaterThanOrEqual(4);
    expect(cache.stats.misses).toBe(2);
    expect(warnings.some((w) => w.includes('store down'))).toBe(true);
  });

  it('an aborted waiter rejects with its reason; the load goes on for the others', async () => {
    const cache = createObjectCache({ namespace: NS });
    const gate = deferred<Record<string, unknown>>();
    let loaderSignal: AbortSignal | undefined;
    const loader = async (signal: AbortSignal): Promise<Record<string, unknown>> => { loaderSignal = signal; return gate.promise; };
    const ac = new AbortController();
    const a = cache.load('S:1', loader, { signal: ac.signal });
    const b = cache.load('S:1', loader);
    await new Promise((r) => setImmediate(r));
    ac.abort(new Error('caller gave up'));
    await expect(a).rejects.toThrow('caller gave up');
    expect(loaderSignal?.aborted).toBe(false);
    gate.resolve({ id: 1 });
    expect(await b).toEqual({ id: 1 });
  });

  it('the shared load is cancelled when every waiter aborted', async () => {
    const cache = createObjectCache({ namespace: NS });
    let loaderSignal: AbortSignal | undefined;
    const loader = (signal: AbortSignal): Promise<Record<string, unknown>> => new Promise((_, reject) => {
      loaderSignal = signal;
      signal.addEventListener('abort', () => reject(signal.reason));
    });
    const ac1 = new AbortController();
    const ac2 = new AbortController();
    const p1 = cache.load('S:2', loader, { signal: ac1.signal });
    const p2 = cache.load('S:2', loader, { signal: ac2.signal });
    await new Promise((r) => setImmediate(r));
    ac1.abort(new Error('one'));
    expect(loaderSignal?.aborted).toBe(false);
    ac2.abort(new Error('two'));
    await expect(p1).rejects.toThrow('one');
    await expect(p2).rejects.toThrow('two');
    expect(loaderSignal?.aborted).toBe(true);
    const pre = new AbortController();
    pre.abort(new Error('already'));
    await expect(cache.load('S:3', loader, { signal: pre.signal })).rejects.toThrow('already');
  });

  it('after close(): reads miss, writes are dropped, loads in flight are cancelled; idempotent', async () => {
    const store = new Map<unknown, unknown>();
    const cache = createObjectCache({ cache: store, namespace: NS });
    let loaderSignal: AbortSignal | undefined;
    const pending = cache.load('S:1', (signal) => new Promise((_, reject) => { loaderSignal = signal; signal.addEventListener('abort', () => reject(signal.reason)); }));
    await new Promise((r) => setImmediate(r));
    await cache.close();
    await cache.close();
    await expect(pending).rejects.toThrow(/closed/);
    expect(loaderSignal?.aborted).toBe(true);
    await cache.set('S:2', { id: 2 });
    expect(store.size).toBe(0);
    expect(await cache.get('S:2')).toBeUndefined();
    await cache.delete('S:2');
    await cache.clear();
  });

  it('rejects bad options with ApiError', () => {
    expect(() => createObjectCache({ namespace: NS, ttlMs: 0 })).toThrow(ApiError);
    expect(() => createObjectCache({ namespace: NS, ttlMs: Number.POSITIVE_INFINITY })).toThrow(/cacheTtl/);
    expect(() => createObjectCache({ namespace: NS, maxEntries: 1.5 })).toThrow(/cacheMaxEntries/);
  });
});
