import { inspect } from 'node:util';
import type { BaseApi } from '../client/base-api.js';
import { ApiError } from '../errors/api-error.js';
import { InvalidObjectError } from '../errors/invalid-object-error.js';
import { ServerError } from '../errors/server-error.js';
import type { Query } from '../query/query.js';
import { SimpleQuery } from '../query/simple-query.js';
import type { HttpMethod } from '../transport/types.js';
import { deepEqual } from './deep-equal.js';
import { declaredFields } from './field-registry.js';
import { formatModel } from './format-model.js';
import { adoptDocument, baselineWireValues, declaredWireValues, hydrate } from './hydrate.js';
import { FETCH_DOCUMENT, MODEL_STATE, type ModelState } from './model-state.js';
import type { JsonObject, ModelClass, ModelId, ModelRequest, ModelRequestOptions } from './types.js';

/** What a save did, passed to `handleSaveReply`. @public */
export type SaveKind = 'create' | 'update';

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keys of a reply that reports an outcome rather than carrying the document
 * (`{"result": "success", "id": 2}` creates a SensorGroup; `id` is a status key even for a model
 * whose primary key is another field).
 */
const STATUS_KEYS = new Set(['result', 'success', 'message', 'reason', 'errors', 'id']);

function isEmptyId(id: unknown): boolean {
  return id === undefined || id === null || id === '' || (Array.isArray(id) && id.length === 0);
}

/**
 * The base of every model (`Sensor`, `Process`, `Computer`, ...). A model class declares its
 * route and abilities as static fields and its typed server fields with `@Type`; instances are
 * built by `hydrate()` (from `cb.select`, `cb.create` and query results), keep the server's JSON as
 * `raw`, track changes to their fields, and save, refresh and delete themselves.
 *
 * Product quirks go in the overridable hooks: `instanceUrl()`, `parseRefreshReply()`,
 * `saveRequest()`, `deleteRequest()`, `handleSaveReply()`, `uniqueId()`, and the static
 * `stubDocument()`/`cacheKey()` for composite ids.
 *
 * @example
 * ```ts
 * import { BaseModel, Type, type BaseApi } from '@cbapi/core';
 * export class Sensor extends BaseModel {
 *   static override urlObject = '/api/v1/sensor';
 *   static override mutable = true;
 *   @Type(() => Number) id!: number;
 *   @Type(() => Boolean) network_isolation_enabled!: boolean;
 * }
 * const sensor = await cb.select(Sensor, 1);
 * sensor.network_isolation_enabled = true;
 * await sensor.save();
 * ```
 * @public
 */
export class BaseModel {
  /** The name used in messages and cache keys. Override with a static getter when the class name differs. */
  static get modelName(): string {
    return this.name;
  }
  /** The collection route, no trailing slash (`/api/v1/sensor`). */
  static urlObject = '';
  /** The field that holds the unique id. @defaultValue 'id' */
  static primaryKey = 'id';
  /** `cb.create(Model)` and saving a new object are allowed. @defaultValue false */
  static creatable = false;
  /** Changing and saving an existing object is allowed. @defaultValue false */
  static mutable = false;
  /** `delete()` is allowed. @defaultValue false */
  static deletable = false;
  /** Fields that must be present before a save (`validate()`). */
  static requiredFields: readonly string[] = [];
  /** HTTP method that creates an object. @defaultValue 'POST' */
  static createMethod: HttpMethod = 'POST';
  /** HTTP method that updates an object. @defaultValue 'PUT' */
  static updateMethod: HttpMethod = 'PUT';
  /** An update sends the whole document with the changes applied (`full`) or only the changed fields. @defaultValue 'full' */
  static updateBody: 'full' | 'changes' = 'full';
  /** A create sends the primary key too (cbapi's `_new_object_needs_primary_key`: User `username`). @defaultValue false */
  static createSendsPrimaryKey = false;

  /**
   * The query `cb.select(Model)` returns. The default is a `SimpleQuery` (one GET of
   * `urlObject`); products override it with their paginated query and a precise return type.
   */
  static createQuery(api: BaseApi): Query<BaseModel> {
    return new SimpleQuery(this as unknown as ModelClass, api);
  }

  /** The document an object selected by id starts from: `{ [primaryKey]: id }`. Override for composite ids. */
  static stubDocument(id: ModelId): JsonObject {
    if (Array.isArray(id)) throw new ApiError(`${this.modelName} has no composite id; got [${id.join(', ')}]`);
    return { [this.primaryKey]: id };
  }

  /** The cache key of the object with this id: `Sensor:42` (composite ids joined with `:`). */
  static cacheKey(id: ModelId): string {
    return `${this.modelName}:${Array.isArray(id) ? id.join(':') : String(id)}`;
  }

  // ---- state -----------------------------------------------------------------------------

  private get state(): ModelState {
    const state = (this as unknown as Record<symbol, ModelState | undefined>)[MODEL_STATE];
    if (!state) throw new ApiError(`${this.model.modelName} was not built by hydrate(); use cb.create() or cb.select()`);
    return state;
  }

  /** The model class of this instance. */
  protected get model(): ModelClass {
    return this.constructor as ModelClass;
  }

  /** The API object this instance is bound to. @throws {@link ApiError} when unbound */
  protected get api(): BaseApi {
    const api = this.state.api;
    if (!api) throw new ApiError(`${this.model.modelName} is not bound to an API object; create it with cb.create(${this.model.modelName})`);
    return api;
  }

  /** The server's JSON document as last received (not changed by assignments). Non-enumerable. */
  get raw(): Readonly<JsonObject> {
    return this.state.raw;
  }

  /** False for objects built from search results (partial documents) until refreshed. */
  get isFullyLoaded(): boolean {
    return this.state.fullyLoaded;
  }

  /** When the document was last loaded from the server, if it was. */
  get refreshedAt(): Date | undefined {
    return this.state.refreshedAt;
  }

  /** The unique id (the primary key's value), `undefined` for a new object. Override for composite ids. */
  uniqueId(): ModelId | undefined {
    const id = this.get(this.model.primaryKey) as ModelId | null | undefined;
    return isEmptyId(id) ? undefined : (id as ModelId);
  }

  /** The cache key of this object, or `undefined` while it has no id. */
  cacheKey(): string | undefined {
    const id = this.uniqueId();
    return id === undefined ? undefined : this.model.cacheKey(id);
  }

  // ---- reading ---------------------------------------------------------------------------

  /**
   * Any server field by its wire name: declared fields give their typed value, others the raw
   * value (with changes made by `set()`); `defaultValue` when absent or null.
   * @example `proc.get('product_version', '<unknown>')`
   */
  get<T = unknown>(name: string, defaultValue?: T): T {
    const state = this.state;
    let value: unknown;
    if (declaredFields(this.model.prototype).includes(name)) value = (this as unknown as Record<string, unknown>)[name];
    else if (state.extra.has(name)) value = state.extra.get(name);
    else value = state.raw[name];
    return (value === undefined || value === null ? defaultValue : value) as T;
  }

  /**
   * Sets any field by its wire name (declared fields through their property). Tracked like an
   * assignment. @returns this
   */
  set(name: string, value: unknown): this {
    if (declaredFields(this.model.prototype).includes(name)) (this as unknown as Record<string, unknown>)[name] = value;
    else this.state.extra.set(name, value);
    return this;
  }

  // ---- change tracking -------------------------------------------------------------------

  /** The changed fields and their new wire values (`undefined` = removed). */
  protected changes(): JsonObject {
    const state = this.state;
    const current = declaredWireValues(this);
    const baseline = baselineWireValues(this.model, state.raw);
    const out: JsonObject = {};
    for (const f of declaredFields(this.model.prototype)) {
      if (!deepEqual(current[f], baseline[f])) out[f] = current[f];
    }
    for (const [k, v] of state.extra) if (!deepEqual(v, state.raw[k])) out[k] = v;
    return out;
  }

  /** The names of the fields changed since the last load or save, sorted. */
  get dirtyFields(): string[] {
    return Object.keys(this.changes()).sort();
  }

  /** True when a field changed since the last load or save. */
  isDirty(): boolean {
    return this.dirtyFields.length > 0;
  }

  /** Undoes every change since the last load or save. @returns this */
  reset(): this {
    const state = this.state;
    adoptDocument(this, state.raw, state.fullyLoaded);
    return this;
  }

  /** The current document in wire format: `raw` with the changes applied. */
  toJSON(): JsonObject {
    const changes = this.changes();
    const out: JsonObject = { ...this.state.raw };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete out[k];
      else out[k] = v;
    }
    return out;
  }

  // ---- server round trips ----------------------------------------------------------------

  /** The object's route: `urlObject/<id>`. Override for other shapes. */
  protected instanceUrl(): string {
    const id = this.uniqueId();
    if (id === undefined) throw new ApiError(`${this.model.modelName} has no ${this.model.primaryKey} yet`);
    return `${this.model.urlObject}/${encodeURIComponent(Array.isArray(id) ? id.join('-') : String(id))}`;
  }

  /** Turns the reply of a GET of `instanceUrl()` into the document. Override for wrapped replies. */
  protected parseRefreshReply(body: unknown): JsonObject {
    if (!isJsonObject(body)) {
      throw new ServerError(`Unexpected reply to GET ${this.instanceUrl()}: expected a JSON object`, { status: 200, method: 'GET', path: this.instanceUrl() });
    }
    return body;
  }

  /** `Sensor 42`, for messages. */
  protected describeObject(): string {
    const id = this.uniqueId();
    return id === undefined ? `new ${this.model.modelName}` : `${this.model.modelName} ${Array.isArray(id) ? id.join(':') : String(id)}`;
  }

  /** GETs the document (no adoption). */
  protected async fetchDocument(options: ModelRequestOptions = {}): Promise<JsonObject> {
    const path = this.instanceUrl();
    const body = await this.api.transport.get(path, { signal: options.signal, object: this.describeObject() });
    return this.parseRefreshReply(body);
  }

  /** @internal */
  [FETCH_DOCUMENT](options: ModelRequestOptions): Promise<JsonObject> {
    return this.fetchDocument(options);
  }

  /** Reloads the object from the server (and updates the cache). @returns this */
  async refresh(options: ModelRequestOptions = {}): Promise<this> {
    const doc = await this.fetchDocument(options);
    this.adopt(doc, true);
    return this;
  }

  /** Loads the full document unless it is loaded already. @returns this */
  async ensureLoaded(options: ModelRequestOptions = {}): Promise<this> {
    if (!this.state.fullyLoaded && this.uniqueId() !== undefined) await this.refresh(options);
    return this;
  }

  /** Takes `doc` as the server's current document, clears changes and updates the cache. */
  protected adopt(doc: JsonObject, fullDoc: boolean): void {
    adoptDocument(this, doc, fullDoc);
    this.state.refreshedAt = new Date();
    const key = this.cacheKey();
    const cache = this.state.api?.cache;
    if (key !== undefined && cache && fullDoc) void cache.set(key, doc);
  }

  /**
   * Checks that every required field is present.
   * @throws {@link InvalidObjectError} naming the missing fields
   */
  validate(): void {
    const doc = this.toJSON();
    const missing = this.model.requiredFields.filter((f) => doc[f] === undefined || doc[f] === null);
    if (missing.length > 0) {
      throw new InvalidObjectError(`${this.describeObject()}: missing fields: [${missing.join(', ')}]`, { missingFields: [...missing] });
    }
  }

  /**
   * The request that saves this object. Default: `createMethod` to `urlObject` with the document
   * minus the primary key (unless `createSendsPrimaryKey`), or `updateMethod` to `instanceUrl()` with the whole document (or only
   * the changes when `updateBody` is `changes`).
   */
  protected saveRequest(kind: SaveKind, doc: JsonObject, changes: JsonObject): ModelRequest {
    if (kind === 'create') {
      const body = { ...doc };
      if (!this.model.createSendsPrimaryKey) delete body[this.model.primaryKey];
      return { method: this.model.createMethod, path: this.model.urlObject, json: body };
    }
    return { method: this.model.updateMethod, path: this.instanceUrl(), json: this.model.updateBody === 'changes' ? changes : doc };
  }

  /** The request that deletes this object: DELETE `instanceUrl()`. */
  protected deleteRequest(): ModelRequest {
    return { method: 'DELETE', path: this.instanceUrl() };
  }

  /**
   * Handles the reply to a save: `{id}` only → adopt the id and refresh; a status reply
   * (`{result: "success"}`, `{success: true}`, optionally with the id and a message) → adopt the id if
   * any and refresh; `{result: <other>}` or `{success: false}` → ServerError; a document → adopt it;
   * anything else (204, an array) → refresh.
   * @throws {@link ServerError} when the server reports a failure
   */
  protected async handleSaveReply(reply: unknown, kind: SaveKind, sent: JsonObject, options: ModelRequestOptions): Promise<void> {
    const pk = this.model.primaryKey;
    if (isJsonObject(reply)) {
      const keys = Object.keys(reply);
      const statusOnly = keys.every((k) => STATUS_KEYS.has(k) || k === pk);
      const failed = statusOnly && ((keys.includes('result') && reply['result'] !== 'success') || reply['success'] === false);
      if (failed) {
        const why = String(reply['result'] ?? reply['reason'] ?? reply['message'] ?? JSON.stringify(reply));
        throw new ServerError(`Could not ${kind} ${this.describeObject()}: ${why}`, { status: 200, serverMessage: why, body: JSON.stringify(reply) });
      }
      const succeeded = reply['result'] === 'success' || reply['success'] === true;
      if (statusOnly && (succeeded || (keys.length === 1 && keys[0] === pk))) {
        const newId = reply[pk];
        if (newId !== undefined && newId !== null && newId !== '') {
          this.api.logger?.debug('Only received an ID back from the server, forcing a refresh');
          adoptDocument(this, { ...sent, [pk]: newId }, false);
        } else {
          adoptDocument(this, sent, false);
        }
        if (this.uniqueId() !== undefined) await this.refresh(options);
        return;
      }
      this.adopt(reply, true);
      return;
    }
    adoptDocument(this, sent, false);
    if (this.uniqueId() !== undefined) await this.refresh(options);
  }

  /**
   * Saves changes: a new object (no id, or an id set on an object the server has not sent) is
   * created, a changed one updated; then the object is refreshed
   * (or adopts the reply), its changes cleared and the cache updated. Does nothing when clean.
   * @throws {@link ApiError} when the model cannot be created or changed (before any request;
   *   a clean object is never sent, so it never throws this)
   * @throws {@link InvalidObjectError} when required fields are missing (before any request)
   * @returns this
   */
  async save(options: ModelRequestOptions = {}): Promise<this> {
    const pending = this.changes();
    if (Object.keys(pending).length === 0) return this;
    const pk = this.model.primaryKey;
    const raw = this.state.raw;
    const pkIsNew = Object.hasOwn(pending, pk) && (raw[pk] === undefined || raw[pk] === null || raw[pk] === '');
    const kind: SaveKind = this.uniqueId() === undefined || pkIsNew ? 'create' : 'update';
    if (kind === 'create' && !this.model.creatable) throw new ApiError(`Cannot create object of type ${this.model.modelName}`);
    if (kind === 'update' && !this.model.mutable) throw new ApiError(`${this.model.modelName} objects cannot be changed`);
    if (kind === 'update' && !this.state.fullyLoaded) {
      const changed = Object.keys(pending).map((k) => [k, this.get(k)] as const);
      await this.refresh(options);
      for (const [k, v] of changed) this.set(k, v);
    }
    this.validate();
    const changes = this.changes();
    const doc = this.toJSON();
    this.api.logger?.debug(kind === 'create' ? `Creating a new ${this.model.modelName} object` : `Updating ${this.describeObject()}`);
    const req = this.saveRequest(kind, doc, changes);
    const reply = await this.api.transport.request(req.method, req.path, {
      json: req.json, body: req.body, headers: req.headers, searchParams: req.searchParams, signal: options.signal, object: this.describeObject(),
    });
    await this.handleSaveReply(reply.body, kind, doc, options);
    return this;
  }

  /**
   * Deletes the object on the server and drops it from the cache.
   * @throws {@link ApiError} when the model cannot be deleted (before any request)
   */
  async delete(options: ModelRequestOptions = {}): Promise<void> {
    if (!this.model.deletable) throw new ApiError(`${this.model.modelName} objects cannot be deleted`);
    const key = this.cacheKey();
    if (key === undefined) return;
    const req = this.deleteRequest();
    await this.api.transport.request(req.method, req.path, {
      json: req.json, body: req.body, headers: req.headers, searchParams: req.searchParams, signal: options.signal, object: this.describeObject(),
    });
    await this.api.cache?.delete(key);
  }

  /**
   * Follows a reference: `cb.select(Model, id)` (cache first), or `undefined` when the id is
   * null or empty. For product join methods (`await proc.binary()`).
   */
  protected async join<J extends BaseModel>(Model: ModelClass<J>, id: ModelId | null | undefined, options: ModelRequestOptions = {}): Promise<J | undefined> {
    if (isEmptyId(id)) return undefined;
    return this.api.select(Model, id as ModelId, options);
  }

  /** The listing cbapi prints: header, a rule, one line per field with `(+)`/`(*)` markers. */
  toString(): string {
    const state = this.state;
    return formatModel({
      name: this.model.modelName,
      server: state.api?.url,
      refreshedAt: state.refreshedAt,
      fullyLoaded: state.fullyLoaded,
      raw: state.raw,
      current: this.toJSON(),
    });
  }

  /** `util.inspect` shows the same listing as `String(model)`. */
  [inspect.custom](): string {
    return this.toString();
  }
}

/** Builds a new, unsaved object (for `BaseApi.create`). @internal */
export function createModel<M extends BaseModel>(Model: ModelClass<M>, api: BaseApi, data: JsonObject = {}): M {
  if (!Model.creatable) throw new ApiError(`Cannot create object of type ${Model.modelName}`);
  const instance = hydrate(Model, api, {}, { fullDoc: true });
  for (const [k, v] of Object.entries(data)) instance.set(k, v);
  return instance;
}
