import { createObjectCache } from '../cache/create-object-cache.js';
import { resolveCredentials } from '../credentials/resolve-credentials.js';
import type { Product } from '../credentials/types.js';
import { ApiError } from '../errors/api-error.js';
import { createTransport } from '../transport/create-transport.js';
import type { ApiInit, ApiOptions } from './api-options.js';

/**
 * Resolves credentials, creates the transport and the object cache (namespace
 * `cbapi:<product>:<host>`) for a product API: what `BaseApi`'s constructor takes.
 *
 * @param product - `response`, `protection` or `defense`
 * @param options - credential, transport and cache options (`cache: false` turns the cache off)
 * @returns the parts of an API object
 * @throws {@link CredentialError} when credentials cannot be found or are invalid
 * @example
 * ```ts
 * const cb = new CbResponseAPI(await prepareApi('response', { profile: 'prod', cacheTtl: 30_000 }));
 * ```
 * @public
 */
export async function prepareApi(product: Product, options: ApiOptions = {}): Promise<ApiInit> {
  if (options === null || typeof options !== 'object') throw new ApiError(`prepareApi options must be an object, got ${options === null ? 'null' : typeof options}`);
  const { signal } = options;
  if (signal?.aborted) throw signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
  const credentials = await resolveCredentials(product, options);
  if (signal?.aborted) throw signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
  const transport = createTransport(credentials, { ...options, product });
  let host: string;
  try {
    host = new URL(credentials.url).host;
  } catch {
    host = credentials.url;
  }
  const cache = options.cache === false
    ? undefined
    : createObjectCache({
      ...(options.cache === undefined ? {} : { cache: options.cache }),
      ...(options.cacheTtl === undefined ? {} : { ttlMs: options.cacheTtl }),
      ...(options.cacheMaxEntries === undefined ? {} : { maxEntries: options.cacheMaxEntries }),
      namespace: `cbapi:${product}:${host}`,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  return { product, credentials, transport, cache, logger: options.logger };
}
