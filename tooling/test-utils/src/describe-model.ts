import { inspect } from 'node:util';
import { hydrate, type BaseModel, type JsonObject, type ModelClass } from '@cbapi/core';

/** Fixtures for `describeModel`: a list of documents, or documents by case name. */
export type ModelFixtures = readonly JsonObject[] | Readonly<Record<string, JsonObject>>;

/** Options of `describeModel`. */
export interface DescribeModelOptions {
  /** Documents are partial (search results) rather than full GETs. @defaultValue false */
  partial?: boolean;
}

type JestGlobals = typeof import('@jest/globals');

/** Jest's globals, read at call time so importing this package outside Jest stays harmless. */
function jestGlobals(): Pick<JestGlobals, 'describe' | 'it' | 'expect'> {
  const g = globalThis as unknown as Partial<JestGlobals>;
  if (typeof g.describe !== 'function' || typeof g.it !== 'function' || typeof g.expect !== 'function') {
    throw new Error('describeModel() must be called inside a Jest test file');
  }
  return { describe: g.describe, it: g.it, expect: g.expect };
}

const UNKNOWN_FIELD = 'cbapi_conformance_unknown_field';

function cases(fixtures: ModelFixtures): Array<[string, JsonObject]> {
  if (Array.isArray(fixtures)) return (fixtures as readonly JsonObject[]).map((doc, i) => [`fixture #${i}`, doc]);
  return Object.entries(fixtures as Readonly<Record<string, JsonObject>>);
}

/**
 * The model conformance suite every product runs for every model (the keyv `test-suite` idea):
 * for each fixture, hydrate round-trips without loss (`toJSON()` equals the document, nothing is
 * dirty), `raw` is kept and not enumerable, every server field is readable with `get()` and
 * listed by `String(model)` / `util.inspect(model)`, fields the model does not declare are left
 * alone, and the wire form hydrates back to itself.
 *
 * @param Model - the model class
 * @param fixtures - recorded server documents (`loadFixture(...)`)
 * @example
 * ```ts
 * describeModel(Sensor, { online: loadFixture(dir, 'sensor.online') });
 * ```
 */
export function describeModel<M extends BaseModel>(Model: ModelClass<M>, fixtures: ModelFixtures, options: DescribeModelOptions = {}): void {
  const { describe, it, expect } = jestGlobals();
  const list = cases(fixtures);
  describe(`${Model.modelName} model conformance`, () => {
    it('has fixtures', () => {
      expect(list.length).toBeGreaterThan(0);
    });

    for (const [name, doc] of list) {
      describe(name, () => {
        const build = (d: JsonObject): M => hydrate(Model, undefined, structuredClone(d), { fullDoc: !options.partial });

        it('hydrates without loss and starts clean', () => {
          const m = build(doc);
          expect(m.toJSON()).toEqual(doc);
          expect(m.isDirty()).toBe(false);
          expect(m.dirtyFields).toEqual([]);
          expect(m.isFullyLoaded).toBe(!options.partial);
        });

        it('keeps the raw JSON, not enumerable', () => {
          const m = build(doc);
          expect(m.raw).toEqual(doc);
          expect(Object.keys(m)).not.toContain('raw');
          expect(JSON.stringify(m)).toBe(JSON.stringify(m.toJSON()));
        });

        it('reads every server field with get() and lists it in String() and inspect()', () => {
          const m = build(doc);
          const listing = String(m);
          expect(inspect(m)).toBe(listing);
          for (const [key, value] of Object.entries(doc)) {
            expect(listing).toContain(`${key.padStart(20)}: `);
            const got = m.get<unknown>(key, '__absent__');
            if (value === null || value === undefined) expect(got).toBe('__absent__');
            else expect(got).not.toBe('__absent__');
          }
        });

        it('leaves unknown fields alone', () => {
          const m = build({ ...doc, [UNKNOWN_FIELD]: { nested: [1, 'two'] } });
          expect(m.get(UNKNOWN_FIELD)).toEqual({ nested: [1, 'two'] });
          expect(Object.keys(m)).not.toContain(UNKNOWN_FIELD);
          expect(String(m)).toContain(`${UNKNOWN_FIELD.padStart(20)}: {"nested":[1,"two"]}`);
          expect(m.toJSON()[UNKNOWN_FIELD]).toEqual({ nested: [1, 'two'] });
          expect(m.isDirty()).toBe(false);
        });

        it('round-trips its wire form', () => {
          const m = build(doc);
          const again = build(m.toJSON());
          expect(again.toJSON()).toEqual(m.toJSON());
          for (const key of Object.keys(m)) {
            expect((again as unknown as Record<string, unknown>)[key]).toEqual((m as unknown as Record<string, unknown>)[key]);
          }
        });
      });
    }
  });
}
