import 'reflect-metadata';
import {
  Expose as ctExpose,
  Transform as ctTransform,
  Type as ctType,
  type ExposeOptions,
  type TransformFnParams,
  type TransformOptions,
  type TypeHelpOptions,
  type TypeOptions,
} from 'class-transformer';
import { registerClassExpose, registerExpose, registerField, registerTransform, registerType, type FieldTransform } from './field-registry.js';

export type { ExposeOptions, TransformFnParams, TransformOptions, TypeHelpOptions, TypeOptions };

/**
 * Declares a typed server field and its type, for `hydrate()`. Always explicit: write
 * `@Type(() => Number)`, `@Type(() => String)`, `@Type(() => Date)`, `@Type(() => Object)` or a
 * nested class. Products import this from `@cbapi/core` only (one metadata store).
 *
 * @example
 * ```ts
 * // BaseModel and Type come from the @cbapi/core entry
 * class Sensor extends BaseModel {
 *   @Type(() => String) computer_name!: string;
 * }
 * ```
 * @public
 */
export function Type(typeFunction: (options?: TypeHelpOptions) => unknown, options?: TypeOptions): PropertyDecorator {
  const inner = ctType(typeFunction as (o?: TypeHelpOptions) => new () => unknown, options);
  return (target: object, key: string | symbol): void => {
    if (typeof key === 'string') registerType(target, key, typeFunction as (o?: unknown) => unknown, options);
    inner(target, key);
  };
}

/**
 * A wire→domain (and optionally domain→wire) conversion of a declared field, e.g. a
 * `"true"` string to a boolean. Runs after `@Type`; read the wire value from `obj[key]`.
 *
 * @example
 * ```ts
 * @Type(() => Boolean) @Transform(({ obj, key }) => toBoolean(obj[key]), { toClassOnly: true }) is_64bit!: boolean;
 * ```
 * @public
 */
export function Transform(transformFn: (params: TransformFnParams) => unknown, options?: TransformOptions): PropertyDecorator {
  const inner = ctTransform(transformFn, options);
  return (target: object, key: string | symbol): void => {
    if (typeof key === 'string') registerTransform(target, key, transformFn as unknown as FieldTransform['fn'], options);
    inner(target, key);
  };
}

/**
 * Exposes a field under another wire name (`@Expose({ name: 'wire_name' })`). Rarely needed:
 * fields keep the server's names.
 * @public
 */
export function Expose(options?: ExposeOptions): PropertyDecorator & ClassDecorator {
  const inner = ctExpose(options);
  return ((target: object, key?: string | symbol): void => {
    if (typeof key === 'string') {
      registerField(target, key);
      registerExpose(target, key, options);
    } else if (key === undefined && typeof target === 'function') {
      registerClassExpose((target as { prototype: object }).prototype);
    }
    (inner as (t: object, k?: string | symbol) => void)(target, key);
  }) as PropertyDecorator & ClassDecorator;
}
