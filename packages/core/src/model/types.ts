import type { HttpMethod } from '../transport/types.js';
import type { BaseApi } from '../client/base-api.js';
import type { Query } from '../query/query.js';
import type { BaseModel } from './base-model.js';

/** A JSON object as the server sends it. @public */
export type JsonObject = Record<string, unknown>;

/**
 * A model's unique id: a number or string, or a tuple for composite ids (Response `Process`:
 * `[guid, segment]`).
 * @public
 */
export type ModelId = string | number | readonly (string | number)[];

/** Options of `refresh()`, `delete()`, `save()` and `ensureLoaded()`. @public */
export interface ModelRequestOptions {
  /** Cancels the request; the signal's reason is thrown. */
  signal?: AbortSignal;
}

/** What `hydrate()` and the model hooks need to build an instance. @public */
export interface HydrateOptions {
  /** True when `doc` is the full document (GET of the object), false for a search result. @defaultValue true */
  fullDoc?: boolean;
}

/** A request a model sends to save or delete itself (see `BaseModel.saveRequest`). @public */
export interface ModelRequest {
  method: HttpMethod;
  path: string;
  json?: unknown;
  body?: FormData | string | Buffer;
  headers?: Record<string, string>;
  searchParams?: Record<string, string | number | boolean>;
}

/**
 * The static side every model class has (what `cb.select(Model)` and `hydrate()` take). Model
 * classes get all of it by extending `BaseModel`; their constructor takes no arguments because
 * instances are built only by `hydrate()`.
 * @public
 */
export interface ModelClass<M extends BaseModel = BaseModel> {
  new (): M;
  readonly prototype: M;
  /** The name used in messages and cache keys (`Sensor`). Defaults to the class name. */
  readonly modelName: string;
  /** The collection route, no trailing slash: `/api/v1/sensor`. */
  readonly urlObject: string;
  /** The field holding the unique id. @defaultValue 'id' */
  readonly primaryKey: string;
  readonly creatable: boolean;
  readonly mutable: boolean;
  readonly deletable: boolean;
  readonly requiredFields: readonly string[];
  readonly createMethod: HttpMethod;
  readonly updateMethod: HttpMethod;
  /** `full`: an update sends the whole document with the changes applied; `changes`: only the changed fields. */
  readonly updateBody: 'full' | 'changes';
  /** A create sends the primary key too. */
  readonly createSendsPrimaryKey: boolean;
  /** The query `cb.select(Model)` returns. */
  createQuery(api: BaseApi): Query<BaseModel>;
  /** The document a not-yet-loaded object starts from when selected by id. */
  stubDocument(id: ModelId): JsonObject;
  /** The cache key of the object with this id: `Sensor:42`. */
  cacheKey(id: ModelId): string;
}
