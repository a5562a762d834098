import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fakeApi } from '../__fixtures__/fake-transport.js';
import { TestBinary, TestFeed, TestSensor, TestWatchlist } from '../__fixtures__/test-models.js';
import { hydrate } from './hydrate.js';
import type { JsonObject, ModelClass } from './types.js';
import type { BaseModel } from './base-model.js';

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
