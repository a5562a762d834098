import Keyv, { type KeyvStoreAdapter } from 'keyv';
import QuickLRU from 'quick-lru';
import { ApiError } from '../errors/api-error.js';
import type { JsonObject } from '../model/types.js';
import type { Logger } from '../transport/types.js';

/** A cache store a user can pass as the `cache` option: a Keyv, a Keyv store adapter, or a Map. @public */
export type CacheStore = Keyv | KeyvStoreAdapter | Map<unknown, unknown>;

/** Options of `createObjectCache`. @public */
export interface ObjectCacheOptions {
  /** Where documents are kept. @defaultValue a bounded in-memory LRU (`maxEntries`) */
  cache?: CacheStore;
  /** How long a document stays fresh, in ms. @defaultValue 60_000 */
  ttlMs?: number;
  /** Size of the default LRU. @defaultValue 1024 */
  maxEntries?: number;
  /** Key namespace: `cbapi:<product>:<host>`. */
  namespace: string;
  /** A store operation slower than this counts as a failure (a miss): a store that went away never hangs a lookup. @defaultValue 1_000 */
  storeTimeoutMs?: number;
  /** Where store errors are reported (as warnings). */
  logger?: Logger;
}

/** Cache counters. @public */
export interface ObjectCacheStats {
  /** Lookups answered from the cache. */
  hits: number;
  /** Lookups the cache could not answer (store errors count as misses). */
  misses: number;
  /** Loader calls (requests to the server). */
  loads: number;
  /** Store errors seen (each treated as a miss or a skipped write). */
  errors: number;
}

/** Options of `ObjectCache.load`. @public */
export interface CacheLoadOptions {
  /** Stops waiting for this caller; the shared load is cancelled only when every waiter aborted. */
  signal?: AbortSignal;
}

/**
 * The object cache: raw server documents keyed `Model:id`, never instances. @public
 */
export interface ObjectCache {
  readonly stats: Readonly<ObjectCacheStats>;
  /** The namespace keys live under. */
  readonly namespace: string;
  /** The cached document, or undefined (a store error is a miss). */
  get(key: string): Promise<JsonObject | undefined>;
  /** Stores a document (a store error is logged and ignored). */
  set(key: string, doc: JsonObject): Promise<void>;
  /** Drops a document (after delete; store errors ignored). */
  delete(key: string): Promise<void>;
  /**
   * The cached document, or `loader()`'s result stored in the cache. Concurrent loads of one
   * key share one loader call.
   */
  load(key: string, loader: (signal: AbortSignal) => Promise<JsonObject>, options?: CacheLoadOptions): Promise<JsonObject>;
  /** Empties this namespace. */
  clear(): Promise<void>;
  /** Stops using the store and cancels loads in flight. A store you passed in stays yours to disconnect. Idempotent. */
  close(): Promise<void>;
}

interface InFlight {
  promise: Promise<JsonObject>;
  controller: AbortController;
  waiters: number;
}

function isKeyv(value: unknown): value is Keyv {
  return value instanceof Keyv || (typeof value === 'object' && value !== null && (value as { iterator?: unknown; opts?: unknown; store?: unknown }).store !== undefined
    && typeof (value as { get?: unknown }).get === 'function' && typeof (value as { hooks?: unknown }).hooks === 'object');
}

/** Rejects when `promise` takes longer than `ms` (the timer never keeps the process alive). */
function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ApiError(`cache store ${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Freezes a JSON document and everything in it (documents in memory are shared by the models built from them). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Creates the object cache: the given store (or a bounded LRU) wrapped as
 * `new Keyv({ store, namespace, ttl })`, with in-flight coalescing and errors treated as misses.
 *
 * @example
 * ```ts
 * const cache = createObjectCache({ namespace: 'cbapi:response:cb.example.com' });
 * const doc = await cache.load('Sensor:1', () => transport.get('/api/v1/sensor/1'));
 * ```
 * @public
 */
export function createObjectCache(options: ObjectCacheOptions): ObjectCache {
  const ttl = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 1024;
  const storeTimeoutMs = options.storeTimeoutMs ?? 1_000;
  if (!Number.isFinite(storeTimeoutMs) || storeTimeoutMs <= 0) throw new ApiError(`storeTimeoutMs must be a positive number of ms, got ${String(options.storeTimeoutMs)}`);
  if (!Number.isFinite(ttl) || ttl <= 0) throw new ApiError(`cacheTtl must be a positive number of ms, got ${String(options.ttlMs)}`);
  if (!Number.isInteger(maxEntries) || maxEntries <= 0) throw new ApiError(`cacheMaxEntries must be a positive integer, got ${String(options.maxEntries)}`);
  const given = options.cache;
  const store: KeyvStoreAdapter | Map<unknown, unknown> = given === undefined
    ? (new QuickLRU<unknown, unknown>({ maxSize: maxEntries }) as unknown as Map<unknown, unknown>)
    : isKeyv(given) ? (given.store as KeyvStoreAdapter | Map<unknown, unknown>) : given;
  // An in-memory store keeps the documents themselves, deep-frozen (no JSON round trip per hit);
  // other stores get JSON, and a deadline on every operation so a store that went away never hangs.
  const inMemory = store instanceof Map;
  const keyv = inMemory
    ? new Keyv<JsonObject>({ store, namespace: options.namespace, ttl, serialize: undefined, deserialize: undefined })
    : new Keyv<JsonObject>({ store, namespace: options.namespace, ttl });
  const guard = <T>(promise: Promise<T>, what: string): Promise<T> => (inMemory ? promise : withDeadline(promise, storeTimeoutMs, what));
  const stats: ObjectCacheStats = { hits: 0, misses: 0, loads: 0, errors: 0 };
  const inflight = new Map<string, InFlight>();
  let closed = false;

  const report = (what: string, error: unknown): void => {
    stats.errors++;
    options.logger?.warn(`Object cache ${what} failed, treated as a miss: ${error instanceof Error ? error.message : String(error)}`);
  };
  keyv.on('error', (error: unknown) => report('store', error));

  const get = async (key: string, countMiss = true): Promise<JsonObject | undefined> => {
    if (closed) {
      if (countMiss) stats.misses++;
      return undefined;
    }
    try {
      const doc = await guard(keyv.get(key), 'read');
      if (doc !== undefined && doc !== null && typeof doc === 'object') {
        stats.hits++;
        return doc;
      }
    } catch (error) {
      report('read', error);
    }
    if (countMiss) stats.misses++;
    return undefined;
  };

  const set = async (key: string, doc: JsonObject): Promise<void> => {
    if (closed) return;
    try {
      await guard(keyv.set(key, inMemory ? deepFreeze(doc) : doc), 'write');
    } catch (error) {
      report('write', error);
    }
  };

  const del = async (key: string): Promise<void> => {
    if (closed) return;
    try {
      await guard(keyv.delete(key), 'delete');
    } catch (error) {
      report('delete', error);
    }
  };

  const join = (entry: InFlight, signal: AbortSignal | undefined): Promise<JsonObject> => {
    entry.waiters++;
    if (!signal) return entry.promise;
    return new Promise<JsonObject>((resolve, reject) => {
      const onAbort = (): void => {
        entry.waiters--;
        if (entry.waiters === 0) entry.controller.abort(abortReason(signal));
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (doc) => { signal.removeEventListener('abort', onAbort); resolve(doc); },
        (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error); },
      );
    });
  };

  const startLoad = (key: string, loader: (signal: AbortSignal) => Promise<JsonObject>): InFlight => {
    const controller = new AbortController();
    const promise = (async () => {
      // A load that finished while this caller was reading the cache has stored its document.
      const cached = await get(key, false);
      if (cached) return cached;
      stats.loads++;
      const doc = await loader(controller.signal);
      await set(key, doc);
      return doc;
    })();
    const entry: InFlight = { promise, controller, waiters: 0 };
    inflight.set(key, entry);
    promise.then(() => inflight.delete(key), () => inflight.delete(key));
    return entry;
  };

  const load = async (key: string, loader: (signal: AbortSignal) => Promise<JsonObject>, loadOptions: CacheLoadOptions = {}): Promise<JsonObject> => {
    const signal = loadOptions.signal;
    if (signal?.aborted) throw abortReason(signal);
    const pending = inflight.get(key);
    if (pending) return join(pending, signal);
    const cached = await get(key);
    if (cached) return cached;
    if (signal?.aborted) throw abortReason(signal);
    return join(inflight.get(key) ?? startLoad(key, loader), signal);
  };

  return {
    stats,
    namespace: options.namespace,
    get: (key: string) => get(key),
    set,
    delete: del,
    load,
    async clear() {
      if (closed) return;
      try {
        await guard(keyv.clear(), 'clear');
      } catch (error) {
        report('clear', error);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const entry of inflight.values()) entry.controller.abort(new DOMException('The cache was closed', 'AbortError'));
    },
  };
}
