import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fakeApi } from '../__fixtures__/fake-transport.js';
import { TestBinary, TestFeed, TestSensor, TestWatchlist } from '../__fixtures__/test-models.js';
import { adoptDocument, hydrate, hydrateWithClassTransformer } from './hydrate.js';
import { BaseModel } from './base-model.js';
import { Expose, Transform, Type } from './decorators.js';
import type { JsonObject, ModelClass } from './types.js';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8')) as T;
}

/** Every field of `doc` survives: raw kept, get() equal, toJSON() equal, listed in String(). */
function expectLossless<M extends BaseModel>(Model: ModelClass<M>, doc: JsonObject, fullDoc = true): M {
  const m = hydrate(Model, undefined, doc, { fullDoc });
  expect(m.raw).toEqual(doc);
  expect(m.toJSON()).toEqual(doc);
  expect(m.isDirty()).toBe(false);
  const listing = String(m);
  for (const [k, v] of Object.entries(doc)) {
    expect(listing).toContain(`${k.padStart(20)}: `);
    if (v !== null && typeof v !== 'object' && typeof v !== 'boolean' && typeof v !== 'number') continue;
    expect(m.raw[k]).toEqual(v);
  }
  return m;
}

describe('hydrate() with recorded Cb Response 6.2 payloads', () => {
  it('GET /api/v1/sensor/1', () => {
    const doc = fixture<JsonObject>('sensor.get.json');
    const s = expectLossless(TestSensor, doc);
    expect(s.id).toBe(1);
    expect(s.is_isolating).toBe(false);
    expect(s.last_update.getTime()).toBe(Date.parse('2018-02-06T12:44:40.002-06:00'));
    const typed = new Set(['id', 'computer_name', 'network_isolation_enabled', 'is_isolating', 'group_id', 'last_update', 'systemvolume_total_size']);
    for (const k of Object.keys(doc)) if (!typed.has(k)) expect(s.get(k, 'absent')).toEqual(doc[k] ?? 'absent');
    expect(s.get('last_update')).toEqual(s.last_update);
  });

  it('binary search page (results[0]) as a partial document', () => {
    const page = fixture<{ results: JsonObject[]; total_results: number }>('binary.search-page.json');
    const doc = page.results[0] as JsonObject;
    const b = expectLossless(TestBinary, doc, false);
    expect(b.md5).toBe('C7F5CAE0B450BE875EEE0E6DDFA771FE');
    expect(b.is_64bit).toBe(false);
    expect(b.observed_filename).toEqual(['c:\\windows\\system32\\drivers\\appid.sys']);
    expect(b.watchlists).toEqual([{ wid: '5', value: '2017-02-01T04:10:02.628Z' }]);
    expect(b.server_added_timestamp.toISOString()).toBe('2017-02-01T03:52:34.137Z');
    expect(b.get('legal_copyright')).toBe('© Microsoft Corporation. All rights reserved.');
    expect(b.isFullyLoaded).toBe(false);
  });

  it('every feed and watchlist of the recorded lists', () => {
    for (const doc of fixture<JsonObject[]>('feed.list.json')) {
      const f = expectLossless(TestFeed, doc);
      expect(f.name).toBe(doc['name']);
    }
    for (const doc of fixture<JsonObject[]>('watchlist.list.json')) {
      const w = expectLossless(TestWatchlist, doc);
      expect(w.id).toBe(doc['id']);
      expect(w.date_added).toBeInstanceOf(Date);
    }
  });

  it('does not share nested values with the cached document', () => {
    const { api } = fakeApi(() => ({}));
    const doc = fixture<JsonObject[]>('binary.search-page.json');
    const b = hydrate(TestBinary, api, (doc as unknown as { results: JsonObject[] }).results[0] as JsonObject);
    b.observed_filename.push('c:\\other.sys');
    expect(b.raw['observed_filename']).toEqual(['c:\\windows\\system32\\drivers\\appid.sys']);
    expect(b.dirtyFields).toEqual(['observed_filename']);
  });
});

describe('compiled hydration plans agree with class-transformer', () => {
  const page = fixture<{ results: JsonObject[] }>('binary.search-page.json');
  const cases: Array<[ModelClass, JsonObject[]]> = [
    [TestSensor as unknown as ModelClass, [fixture<JsonObject>('sensor.get.json'), { id: '12', computer_name: 5, last_update: 1486000000000, is_isolating: 'false' }, { id: null, last_update: null }]],
    [TestBinary as unknown as ModelClass, [...page.results, { md5: 7, is_64bit: 'true', observed_filename: 'one', watchlists: [{ wid: 1, nested: { a: [1] } }] }]],
    [TestFeed as unknown as ModelClass, fixture<JsonObject[]>('feed.list.json').slice(0, 20)],
    [TestWatchlist as unknown as ModelClass, fixture<JsonObject[]>('watchlist.list.json')],
  ];
  it.each(cases.map(([M, docs]) => [M.modelName, M, docs] as const))('%s', (_name, Model, docs) => {
    for (const doc of docs) {
      const ours = hydrate(Model, undefined, doc) as unknown as Record<string, unknown>;
      const reference = hydrateWithClassTransformer(Model, doc) as unknown as Record<string, unknown>;
      expect(Object.keys(ours).sort()).toEqual(Object.keys(reference).sort());
      for (const key of Object.keys(reference)) expect(ours[key]).toEqual(reference[key]);
    }
  });
});

class Address {
  @Type(() => String) city!: string;
}
class Renamed extends BaseModel {
  @Expose({ name: 'wire_name' }) @Type(() => String) local!: string;
  @Type(() => Address) address!: Address;
}
class Nested extends BaseModel {
  @Type(() => Address) address!: Address;
  @Type(() => Address) addresses!: Address[];
  @Type(() => Number) @Transform(({ value }) => (value as number) * 2) @Transform(({ value }) => (value as number) + 1) n!: number;
}

describe('hydrate() edge cases', () => {
  it('falls back to class-transformer for renamed fields', () => {
    const m = hydrate(Renamed, undefined, { local: 'x', address: { city: 'Boston' }, other: 1 });
    expect(m.address).toBeInstanceOf(Address);
    expect(m.address.city).toBe('Boston');
    expect(m.get('other')).toBe(1);
  });
  it('nested classes and stacked transforms match class-transformer', () => {
    const doc = { address: { city: 5 }, addresses: [{ city: 'a' }, { city: 'b' }], n: 3 };
    const m = hydrate(Nested, undefined, doc);
    const ref = hydrateWithClassTransformer(Nested, doc);
    expect(m.address).toBeInstanceOf(Address);
    expect(m.address.city).toBe('5');
    expect(m.addresses[1]).toBeInstanceOf(Address);
    expect(m.n).toBe(ref.n);
    expect(m.addresses).toEqual(ref.addresses);
    const empty = hydrate(Nested, undefined, { address: null, addresses: 'x' });
    expect(empty.address).toBeNull();
    expect(empty.addresses).toBe('x');
  });
  it('adoptDocument() resets fields absent from the new document', () => {
    const m = hydrate(Nested, undefined, { n: 1, address: { city: 'a' } });
    adoptDocument(m, { n: 2 }, true);
    expect(m.address).toBeUndefined();
    expect(m.n).toBe(hydrateWithClassTransformer(Nested, { n: 2 }).n);
    expect(() => adoptDocument(m, [] as unknown as JsonObject, true)).toThrow(/not a JSON object/);
  });
});

@Expose()
class ExposedClass extends BaseModel {
  @Type(() => Number) n!: number;
}
class WithTypeOptions extends BaseModel {
  @Type(() => Address, { keepDiscriminatorProperty: true }) address!: Address;
}
class UsesTypeArgs extends BaseModel {
  @Type((o) => (o ? Address : Address)) address!: Address;
}

describe('classes class-transformer hydrates itself', () => {
  it.each([
    ['class-level @Expose', ExposedClass as unknown as ModelClass, { n: '4', other: 1 }],
    ['type options', WithTypeOptions as unknown as ModelClass, { address: { city: 'x' }, other: 1 }],
    ['type functions reading their argument', UsesTypeArgs as unknown as ModelClass, { address: { city: 'y' }, other: 1 }],
  ])('%s', (_name, Model, doc) => {
    const m = hydrate(Model, undefined, doc as JsonObject);
    const ref = hydrateWithClassTransformer(Model, doc as JsonObject);
    expect({ ...m }).toEqual({ ...ref });
    expect(m.get('other')).toBe(1);
    adoptDocument(m, { other: 2 }, true);
    expect(m.get('other')).toBe(2);
    expect(m.toJSON()).toEqual({ other: 2 });
  });
});
