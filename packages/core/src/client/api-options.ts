import type { CacheStore, ObjectCache } from '../cache/create-object-cache.js';
import type { CredentialOptions, Credentials, Product } from '../credentials/types.js';
import type { Logger, Transport, TransportOptions } from '../transport/types.js';

/**
 * Everything `connect()` takes: credentials, transport and cache options.
 * @public
 */
export type ApiOptions = CredentialOptions & TransportOptions & {
  /** A Keyv, Keyv store or Map for the object cache, or `false` for none. @defaultValue a 1024-entry in-memory LRU */
  cache?: CacheStore | false;
  /** How long cached objects stay fresh, in ms. @defaultValue 60_000 */
  cacheTtl?: number;
  /** Entries of the default in-memory cache. @defaultValue 1024 */
  cacheMaxEntries?: number;
  /** Cancels connecting. */
  signal?: AbortSignal;
  logger?: Logger;
};

/** What a `BaseApi` is built from (`prepareApi()` makes one). @public */
export interface ApiInit {
  product: Product;
  credentials: Credentials;
  transport: Transport;
  /** The object cache, or undefined when caching is off. */
  cache: ObjectCache | undefined;
  logger?: Logger | undefined;
}
