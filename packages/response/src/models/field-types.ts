import { Transform, Type, toBoolean, toDate } from '@cbapi/core';
import type { JsonObject } from '@cbapi/core';

/*
 * Field decorators for the Cb Response models (swagger types of protocol.md Appendix A). Each one
 * converts the wire value for reading and leaves a value it cannot convert as it was, so nothing the
 * server sent is lost; unchanged fields are always sent back exactly as received (core keeps `raw`).
 */

function wire(obj: unknown, key: string): unknown {
  return (obj as JsonObject)[key];
}

function toNumber(value: unknown): unknown {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  return value;
}

function both(a: PropertyDecorator, b: PropertyDecorator): PropertyDecorator {
  return (target: object, key: string | symbol): void => {
    a(target, key);
    b(target, key);
  };
}

/** A string field (`computer_name`). @internal */
export function StringField(): PropertyDecorator {
  return Type(() => String);
}

/** An integer or double field; numeric strings (`"21367877632"`) are read as numbers. @internal */
export function NumberField(): PropertyDecorator {
  return both(Type(() => Number), Transform(({ obj, key }) => toNumber(wire(obj, key)), { toClassOnly: true }));
}

/** A boolean field; `"true"`/`"false"` strings are read as booleans (not Python's `bool("false")`). @internal */
export function BooleanField(): PropertyDecorator {
  return both(Type(() => Boolean), Transform(({ obj, key }) => toBoolean(wire(obj, key)), { toClassOnly: true }));
}

/** A date field (`2018-02-06 12:44:40.002234-06:00`, ISO, epoch ms) read as a `Date`. @internal */
export function DateField(): PropertyDecorator {
  return both(Type(() => Date), Transform(({ obj, key }) => toDate(wire(obj, key)), { toClassOnly: true }));
}

/** An object or array field, kept as the server sent it. @internal */
export function JsonField(): PropertyDecorator {
  return Transform(({ obj, key }) => {
    const v = wire(obj, key);
    return v === undefined ? undefined : (structuredClone(v) as unknown);
  });
}
