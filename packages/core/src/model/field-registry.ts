/** Declared (typed) fields per model prototype, recorded by the decorators in `decorators.ts`. */
const declared = new WeakMap<object, Set<string>>();
const resolved = new WeakMap<object, readonly string[]>();

/**
 * Records `key` as a declared field of the class whose prototype is `prototype`.
 * @internal
 */
export function registerField(prototype: object, key: string): void {
  let set = declared.get(prototype);
  if (!set) {
    set = new Set();
    declared.set(prototype, set);
  }
  set.add(key);
}

/**
 * The declared fields of a model class (its own and its base classes'), in declaration order.
 * @internal
 */
export function declaredFields(prototype: object): readonly string[] {
  const hit = resolved.get(prototype);
  if (hit) return hit;
  const chain: object[] = [];
  for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) chain.unshift(p);
  const out = new Set<string>();
  for (const p of chain) for (const k of declared.get(p) ?? []) out.add(k);
  const list = [...out];
  resolved.set(prototype, list);
  return list;
}
