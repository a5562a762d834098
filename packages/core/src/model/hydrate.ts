import { TransformationType, instanceToPlain, plainToInstance } from 'class-transformer';
import type { BaseApi } from '../client/base-api.js';
import { ApiError } from '../errors/api-error.js';
import type { BaseModel } from './base-model.js';
import { declaredFields, fieldMeta, hasClassExpose } from './field-registry.js';
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

/** Converts one wire value of a field (type conversion, then the field's `@Transform`s). */
type Converter = (value: unknown, plain: JsonObject) => unknown;

/**
 * How a model class is hydrated: a converter per declared field compiled from the metadata our
 * decorators recorded (the same the class-transformer decorators got), or `undefined` when the
 * class uses something only class-transformer's own executor handles (renamed or class-level
 * `@Expose`, discriminators, type functions that read their arguments).
 */
interface HydratePlan {
  fields: readonly string[];
  converters: ReadonlyArray<readonly [string, Converter]> | undefined;
}

const plans = new WeakMap<object, HydratePlan>();
const TRANSFORM_OPTIONS: Record<string, unknown> = Object.freeze({});

/** A deep copy of plain JSON data, as class-transformer makes for untyped and `Object` fields. */
function copyPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyPlain);
  if (value instanceof Date) return new Date(value.valueOf());
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: JsonObject = {};
  for (const k of Object.keys(value)) out[k] = copyPlain((value as JsonObject)[k]);
  return out;
}

function primitive(convert: (v: unknown) => unknown): (v: unknown) => unknown {
  const one = (v: unknown): unknown => (v === null || v === undefined ? v : Array.isArray(v) ? v.map(one) : convert(v));
  return one;
}

const toDateValue = primitive((v) => (v instanceof Date ? new Date(v.valueOf()) : new Date(v as string | number)));

function typeConverter(type: unknown): ((v: unknown) => unknown) | undefined {
  if (type === undefined || type === Object) return copyPlain;
  if (type === String) return primitive(String);
  if (type === Number) return primitive(Number);
  if (type === Boolean) return primitive(Boolean);
  if (type === Date) return toDateValue;
  if (typeof type === 'function') {
    const Nested = type as new () => unknown;
    return (v) => (v === null || v === undefined || typeof v !== 'object' ? v : plainToInstance(Nested, v));
  }
  return undefined;
}

function compilePlan(Model: ModelClass): HydratePlan {
  const proto = Model.prototype as object;
  const fields = declaredFields(proto);
  if (hasClassExpose(proto)) return { fields, converters: undefined };
  const converters: Array<readonly [string, Converter]> = [];
  for (const key of fields) {
    const meta = fieldMeta(proto, key);
    if (meta.exposeOptions && (meta.exposeOptions['name'] !== undefined || meta.exposeOptions['groups'] !== undefined
      || meta.exposeOptions['since'] !== undefined || meta.exposeOptions['until'] !== undefined || meta.exposeOptions['toPlainOnly'] === true)) {
      return { fields, converters: undefined };
    }
    if (meta.typeOptions && Object.keys(meta.typeOptions).length > 0) return { fields, converters: undefined };
    if (meta.typeFunction && meta.typeFunction.length > 0) return { fields, converters: undefined };
    const convertType = typeConverter(meta.typeFunction?.());
    if (!convertType) return { fields, converters: undefined };
    const transforms = meta.transforms.filter((t) => t.options?.toPlainOnly !== true);
    if (transforms.some((t) => t.options?.groups !== undefined || t.options?.since !== undefined || t.options?.until !== undefined)) {
      return { fields, converters: undefined };
    }
    const convert: Converter = transforms.length === 0
      ? (v) => convertType(v)
      : (v, plain) => {
        let value = convertType(v);
        for (const t of transforms) value = t.fn({ value, key, obj: plain, type: TransformationType.PLAIN_TO_CLASS, options: TRANSFORM_OPTIONS });
        return value;
      };
    converters.push([key, convert]);
  }
  return { fields, converters };
}

function planFor(Model: ModelClass): HydratePlan {
  let plan = plans.get(Model);
  if (!plan) {
    plan = compilePlan(Model);
    plans.set(Model, plan);
  }
  return plan;
}

/** Sets the declared fields of `target` from `doc` (fields absent from `doc` become undefined). */
function assignFields(Model: ModelClass, target: BaseModel, doc: JsonObject): void {
  const plan = planFor(Model);
  const out = target as unknown as Record<string, unknown>;
  if (plan.converters) {
    for (const [key, convert] of plan.converters) out[key] = Object.hasOwn(doc, key) ? convert(doc[key], doc) : undefined;
    return;
  }
  const fresh = plainToInstance(Model, pickDeclared(plan.fields, doc)) as unknown as Record<string, unknown>;
  for (const key of plan.fields) out[key] = fresh[key];
}

/**
 * Builds a model instance from a server document: the one place server JSON turns into typed
 * fields, with class-transformer's decorators (`@Type`, `@Transform`, `@Expose`). The document
 * is kept as the non-enumerable `raw`; fields the model does not declare stay readable with
 * `get()` and are listed by `String(model)`. For speed, the conversions of a class's fields are
 * compiled once from its decorators; classes using options only class-transformer's executor
 * understands are hydrated by it.
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
  const plan = planFor(Model);
  let instance: M;
  if (plan.converters) {
    instance = new Model();
    const out = instance as unknown as Record<string, unknown>;
    for (const [key, convert] of plan.converters) if (Object.hasOwn(doc, key)) out[key] = convert(doc[key], doc);
  } else {
    instance = plainToInstance(Model, pickDeclared(plan.fields, doc)) as M;
  }
  const state: ModelState = { api, raw: doc, fullyLoaded: options.fullDoc ?? true, refreshedAt: undefined, extra: new Map() };
  Object.defineProperty(instance, MODEL_STATE, { value: state, enumerable: false, writable: true, configurable: true });
  return instance;
}

/**
 * class-transformer's own `plainToInstance` of the declared fields (the reference the compiled
 * plans are checked against in tests).
 * @internal
 */
export function hydrateWithClassTransformer<M extends BaseModel>(Model: ModelClass<M>, doc: JsonObject): M {
  return plainToInstance(Model, pickDeclared(declaredFields(Model.prototype), doc)) as M;
}

/**
 * Replaces an instance's document and typed fields with `doc` (after a refresh or a save).
 * @internal
 */
export function adoptDocument(instance: BaseModel, doc: JsonObject, fullDoc: boolean): void {
  if (!isJsonObject(doc)) throw new ApiError('Cannot adopt a document that is not a JSON object');
  assignFields(instance.constructor as ModelClass, instance, doc);
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
  const fresh = new Model();
  assignFields(Model, fresh, doc);
  return pickDeclared(declaredFields(Model.prototype), instanceToPlain(fresh) as JsonObject);
}
