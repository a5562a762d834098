/** A `@Transform` as recorded by our decorators. @internal */
export interface FieldTransform {
  fn: (params: { value: unknown; key: string; obj: Record<string, unknown>; type: number; options: Record<string, unknown> }) => unknown;
  options: { toClassOnly?: boolean; toPlainOnly?: boolean; groups?: string[]; since?: number; until?: number } | undefined;
}

/** What our decorators recorded about one declared field (the same facts class-transformer got). @internal */
export interface FieldMeta {
  typeFunction: ((options?: unknown) => unknown) | undefined;
  typeOptions: Record<string, unknown> | undefined;
  /** In decorator application order (bottom-up in the source). */
  transforms: FieldTransform[];
  exposeOptions: Record<string, unknown> | undefined;
}

const declared = new WeakMap<object, Map<string, FieldMeta>>();
const resolvedFields = new WeakMap<object, readonly string[]>();

function metaFor(prototype: object, key: string): FieldMeta {
  let map = declared.get(prototype);
  if (!map) {
    map = new Map();
    declared.set(prototype, map);
  }
  let meta = map.get(key);
  if (!meta) {
    meta = { typeFunction: undefined, typeOptions: undefined, transforms: [], exposeOptions: undefined };
    map.set(key, meta);
  }
  return meta;
}

/**
 * Records `key` as a declared field of the class whose prototype is `prototype`.
 * @internal
 */
export function registerField(prototype: object, key: string): void {
  metaFor(prototype, key);
}

/** Records a field's `@Type`. @internal */
export function registerType(prototype: object, key: string, typeFunction: (options?: unknown) => unknown, options: unknown): void {
  const meta = metaFor(prototype, key);
  meta.typeFunction = typeFunction;
  meta.typeOptions = options as Record<string, unknown> | undefined;
}

/** Records a field's `@Transform`. @internal */
export function registerTransform(prototype: object, key: string, fn: FieldTransform['fn'], options: unknown): void {
  metaFor(prototype, key).transforms.push({ fn, options: options as FieldTransform['options'] });
}

/** Records a field's `@Expose`. @internal */
export function registerExpose(prototype: object, key: string, options: unknown): void {
  metaFor(prototype, key).exposeOptions = (options ?? {}) as Record<string, unknown>;
}

function chainOf(prototype: object): object[] {
  const chain: object[] = [];
  for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) chain.unshift(p);
  return chain;
}

/**
 * The declared fields of a model class (its own and its base classes'), in declaration order.
 * @internal
 */
export function declaredFields(prototype: object): readonly string[] {
  const hit = resolvedFields.get(prototype);
  if (hit) return hit;
  const out = new Set<string>();
  for (const p of chainOf(prototype)) for (const k of declared.get(p)?.keys() ?? []) out.add(k);
  const list = [...out];
  resolvedFields.set(prototype, list);
  return list;
}

/**
 * The recorded facts of one field across the class chain, as class-transformer resolves them:
 * the nearest `@Type`/`@Expose` wins; transforms run base classes first, and within a class in
 * reverse application order (top-most decorator first).
 * @internal
 */
export function fieldMeta(prototype: object, key: string): FieldMeta {
  const out: FieldMeta = { typeFunction: undefined, typeOptions: undefined, transforms: [], exposeOptions: undefined };
  for (const p of chainOf(prototype)) {
    const meta = declared.get(p)?.get(key);
    if (!meta) continue;
    if (meta.typeFunction) {
      out.typeFunction = meta.typeFunction;
      out.typeOptions = meta.typeOptions;
    }
    if (meta.exposeOptions) out.exposeOptions = meta.exposeOptions;
    out.transforms.push(...meta.transforms.slice().reverse());
  }
  return out;
}

const classLevelExpose = new WeakSet<object>();

/** Records a class-level `@Expose` (changes class-transformer's strategy for the class). @internal */
export function registerClassExpose(prototype: object): void {
  classLevelExpose.add(prototype);
}

/** True when the class or a base class has a class-level `@Expose`. @internal */
export function hasClassExpose(prototype: object): boolean {
  return chainOf(prototype).some((p) => classLevelExpose.has(p));
}
