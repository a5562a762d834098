import { instanceToPlain, plainToClassFromExist, plainToInstance } from 'class-transformer';
import type { BaseApi } from '../client/base-api.js';
import { ApiError } from '../errors/api-error.js';
import type { BaseModel } from './base-model.js';
import { declaredFields } from './field-registry.js';
import { MODEL_STATE, type ModelState } from './model-state.js';
import type { HydrateOptions, JsonObject, ModelClass } from './types.js';

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pickDeclared(fields: readonly string[], doc: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const f of fields) if (Object.hasOwn(doc, f)) out[f] = doc[f];
  return out;
}

/**
 * Builds a model instance from a server document: the one place class-transformer turns wire
 * JSON into typed fields. The document is kept as the non-enumerable `raw`; fields the model
 * does not declare stay readable with `get()` and are listed by `String(model)`.
 *
 * @param Model - the model class
 * @param api - the API object the instance is bound to (`undefined` for an unbound instance)
 * @param doc - the server's JSON object
 * @param options - `fullDoc: false` for a partial document (a search result)
 * @returns the instance
 * @throws {@link ApiError} when `doc` is not a JSON object
 * @example
 * ```ts
 * const sensor = hydrate(Sensor, cb, { id: 1, computer_name: 'WIN7' });
 * sensor.computer_name; // 'WIN7'
 * ```
 * @public
 */
export function hydrate<M extends BaseModel>(Model: ModelClass<M>, api: BaseApi | undefined, doc: JsonObject, options: HydrateOptions = {}): M {
  if (!isJsonObject(doc)) {
    throw new ApiError(`Cannot build a ${Model.modelName} from ${Array.isArray(doc) ? 'an array' : typeof doc}: expected a JSON object`);
  }
  const instance = plainToInstance(Model, pickDeclared(declaredFields(Model.prototype), doc)) as M;
  const state: ModelState = { api, raw: doc, fullyLoaded: options.fullDoc ?? true, refreshedAt: undefined, extra: new Map() };
  Object.defineProperty(instance, MODEL_STATE, { value: state, enumerable: false, writable: true, configurable: true });
  return instance;
}

/**
 * Replaces an instance's document and typed fields with `doc` (after a refresh or a save).
 * @internal
 */
export function adoptDocument(instance: BaseModel, doc: JsonObject, fullDoc: boolean): void {
  if (!isJsonObject(doc)) throw new ApiError('Cannot adopt a document that is not a JSON object');
  const target = instance as unknown as Record<string, unknown>;
  const fields = declaredFields(Object.getPrototypeOf(instance) as object);
  for (const f of fields) target[f] = undefined;
  plainToClassFromExist(instance, pickDeclared(fields, doc));
  const state = (instance as unknown as Record<symbol, ModelState>)[MODEL_STATE];
  if (state) {
    state.raw = doc;
    state.fullyLoaded = fullDoc;
    state.extra.clear();
  }
}

/**
 * The wire form of an instance's declared fields (domain values converted back by the
 * `@Transform(..., { toPlainOnly })` rules a model declares).
 * @internal
 */
export function declaredWireValues(instance: BaseModel): JsonObject {
  const plain = instanceToPlain(instance) as JsonObject;
  return pickDeclared(declaredFields(Object.getPrototypeOf(instance) as object), plain);
}

/**
 * The wire form of the declared fields of `doc` after a hydrate round trip: what an unchanged
 * instance built from `doc` would send. Used to detect changes.
 * @internal
 */
export function baselineWireValues(Model: ModelClass, doc: JsonObject): JsonObject {
  const fields = declaredFields(Model.prototype);
  const fresh = plainToInstance(Model, pickDeclared(fields, doc));
  return pickDeclared(fields, instanceToPlain(fresh) as JsonObject);
}
