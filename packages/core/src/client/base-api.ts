import { inspect } from 'node:util';
import type { Readable } from 'node:stream';
import type { ObjectCache } from '../cache/create-object-cache.js';
import type { Credentials, Product } from '../credentials/types.js';
import { ApiError } from '../errors/api-error.js';
import { ObjectNotFoundError } from '../errors/object-not-found-error.js';
import { createModel, type BaseModel } from '../model/base-model.js';
import { adoptDocument, hydrate } from '../model/hydrate.js';
import { FETCH_DOCUMENT } from '../model/model-state.js';
import type { JsonObject, ModelClass, ModelId, ModelRequestOptions } from '../model/types.js';
import type { Query } from '../query/query.js';
import type { Logger, RequestOptions, Transport } from '../transport/types.js';
import type { ApiInit } from './api-options.js';

/**
 * The query type `cb.select(Model)` gives: the model's own query class when its `createQuery`
 * says so (`cb.select(Process)` is a `ProcessQuery`), else `Query<Model>`.
 * @public
 */
export type QueryFor<C extends ModelClass> = ReturnType<C['createQuery']> extends infer Q
  ? [Query<BaseModel>] extends [Q]
    ? Query<InstanceType<C>>
    : Q
  : never;

/** Options of `select(Model, id)`. @public */
export interface SelectOptions extends ModelRequestOptions {
  /** Ask the server even when the cache has the object. @defaultValue false */
  forceInit?: boolean;
}

function idText(id: ModelId): string {
  return Array.isArray(id) ? id.join(':') : String(id);
}

/**
 * The base of the product API classes (`CbResponseAPI`, `CbProtectionAPI`, `CbDefenseAPI`): one
 * server connection (transport), the object cache, `select`/`create`, and the raw request methods.
 * Build it from `prepareApi(product, options)`.
 *
 * @example
 * ```ts
 * class CbResponseAPI extends BaseApi {
 *   static async connect(options: ApiOptions = {}): Promise<CbResponseAPI> {
 *     return new CbResponseAPI(await prepareApi('response', options));
 *   }
 * }
 * const cb = await CbResponseAPI.connect();
 * const sensor = await cb.select(Sensor, 1);
 * for await (const proc of cb.select(Process).where('process_name:cmd.exe')) console.log(proc.cmdline);
 * await cb.close();
 * ```
 * @public
 */
export class BaseApi implements AsyncDisposable {
  /** The product this API talks to. */
  readonly product: Product;
  /** The server URL (scheme, host, port), no trailing slash. */
  readonly url: string;
  /** The server connection. */
  readonly transport: Transport;
  /** The object cache, or undefined when caching is off. */
  readonly cache: ObjectCache | undefined;
  /** Where debug lines go. */
  readonly logger: Logger | undefined;
  #credentials: Credentials;
  #closed = false;

  constructor(init: ApiInit) {
    if (!init || typeof init !== 'object' || !init.transport || !init.credentials) {
      throw new ApiError('BaseApi needs { product, credentials, transport, cache }: build it with prepareApi(product, options)');
    }
    this.product = init.product;
    this.#credentials = init.credentials;
    this.url = init.credentials.url.replace(/\/+$/, '');
    this.transport = init.transport;
    this.cache = init.cache;
    this.logger = init.logger;
  }

  /** The credentials in use. Not enumerable: never printed by `util.inspect` or `JSON.stringify`. */
  get credentials(): Credentials {
    return this.#credentials;
  }

  /** True once `close()` ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** A query over all objects of `Model` (lazy: nothing is sent until it is iterated). */
  select<C extends ModelClass>(Model: C): QueryFor<C>;
  /**
   * The object of `Model` with this id, from the cache when fresh (concurrent selects of one id
   * make one request).
   * @throws {@link ObjectNotFoundError} naming the model and the id when the server says 404
   */
  select<C extends ModelClass>(Model: C, id: ModelId, options?: SelectOptions): Promise<InstanceType<C>>;
  select<C extends ModelClass>(Model: C, id?: ModelId, options: SelectOptions = {}): QueryFor<C> | Promise<InstanceType<C>> {
    if (typeof Model !== 'function' || typeof (Model as { createQuery?: unknown }).createQuery !== 'function') {
      throw new ApiError(`select() takes a model class, got ${typeof Model}`);
    }
    if (id === undefined) return Model.createQuery(this) as QueryFor<C>;
    return this.selectById(Model, id, options) as Promise<InstanceType<C>>;
  }

  private async selectById<M extends BaseModel>(Model: ModelClass<M>, id: ModelId, options: SelectOptions): Promise<M> {
    if (id === null || id === '' || (typeof id === 'number' && !Number.isFinite(id)) || (Array.isArray(id) && id.length === 0)) {
      throw new ApiError(`select(${Model.modelName}, id) needs an id, got ${JSON.stringify(id)}`);
    }
    const instance = hydrate(Model, this, Model.stubDocument(id), { fullDoc: false });
    const key = Model.cacheKey(id);
    try {
      let doc: JsonObject;
      if (this.cache && !options.forceInit) {
        doc = await this.cache.load(key, (signal) => instance[FETCH_DOCUMENT]({ signal }), { signal: options.signal });
      } else {
        doc = await instance[FETCH_DOCUMENT]({ signal: options.signal });
        await this.cache?.set(key, doc);
      }
      adoptDocument(instance, doc, true);
      return instance;
    } catch (error) {
      if (ObjectNotFoundError.isInstance(error)) {
        const object = `${Model.modelName} ${idText(id)}`;
        throw new ObjectNotFoundError(`${Model.modelName} with id ${idText(id)} not found`, {
          cause: error, object, method: error.method ?? 'GET', path: error.path, serverMessage: error.serverMessage,
        });
      }
      throw error;
    }
  }

  /**
   * A new, unsaved object of `Model` with `data` set on it (`save()` creates it on the server).
   * @throws {@link ApiError} when the model cannot be created
   */
  create<C extends ModelClass>(Model: C, data: JsonObject = {}): InstanceType<C> {
    if (typeof Model !== 'function') throw new ApiError(`create() takes a model class, got ${typeof Model}`);
    return createModel(Model, this, data) as InstanceType<C>;
  }

  /** GET a route and parse its JSON (cbapi's `get_object`); 204 gives undefined. */
  get<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return this.transport.get<T>(path, options);
  }

  /** POST JSON (`options.json`) or a raw body. */
  post<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return this.transport.post<T>(path, options);
  }

  /** PUT JSON or a raw body. */
  put<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return this.transport.put<T>(path, options);
  }

  /** PATCH JSON or a raw body. */
  patch<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return this.transport.patch<T>(path, options);
  }

  /** DELETE a route. */
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return this.transport.delete<T>(path, options);
  }

  /** A raw download as a stream (status checked first). */
  stream(path: string, options?: RequestOptions): Promise<Readable> {
    return this.transport.stream(path, options);
  }

  /** Releases sockets and timers. Idempotent. Subclasses extend it to close their own parts. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.transport.close();
    } finally {
      await this.cache?.close();
    }
  }

  /** `await using cb = await CbResponseAPI.connect()` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** `CbResponseAPI(https://cb.example.com)`: never the token. */
  toString(): string {
    return `${this.constructor.name}(${this.url})`;
  }

  /** JSON form without secrets. */
  toJSON(): { product: Product; url: string } {
    return { product: this.product, url: this.url };
  }

  [inspect.custom](): string {
    return `${this.constructor.name} { product: '${this.product}', url: '${this.url}' }`;
  }
}
