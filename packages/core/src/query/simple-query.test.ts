import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { InvalidQueryError } from '../errors/invalid-query-error.js';
import { MoreThanOneResultError } from '../errors/more-than-one-result-error.js';
import { fakeApi, reply } from '../__fixtures__/fake-transport.js';
import { TestFeed, TestWatchlist } from '../__fixtures__/test-models.js';
import type { JsonObject } from '../model/types.js';
import { SimpleQuery } from './simple-query.js';

const feeds = JSON.parse(readFileSync(new URL('../__fixtures__/feed.list.json', import.meta.url), 'utf8')) as JsonObject[];

describe('SimpleQuery', () => {
  it('is the default query: one GET of the list, full documents', async () => {
    const { api, transport } = fakeApi(() => feeds);
    const q = api.select(TestFeed);
    expect(q).toBeInstanceOf(SimpleQuery);
    const all = await q.toArray();
    expect(all).toHaveLength(feeds.length);
    expect(all[0]?.isFullyLoaded).toBe(true);
    expect(transport.calls).toEqual([expect.objectContaining({ method: 'GET', path: '/api/v1/feed' })]);
    expect(await q.count()).toBe(feeds.length);
  });

  it('where("field:value") is exact and case-insensitive, on any server field', async () => {
    const { api } = fakeApi(() => feeds);
    const banning = await api.select(TestFeed).where('name:CBBANNING').one();
    expect(banning.id).toBe(2);
    expect(await api.select(TestFeed).where('name:cbban').toArray()).toEqual([]);
    const byUrl = await api.select(TestFeed).where('feed_url: https://api.alliance.carbonblack.com/feed/cbbanning').toArray();
    expect(byUrl.map((f) => f.name)).toEqual(['cbbanning']);
    expect(await api.select(TestFeed).where('no_such_field:x').count()).toBe(0);
    await expect(api.select(TestFeed).where('enabled:nope').one()).rejects.toThrow(MoreThanOneResultError);
  });

  it('one clause unless the subclass allows more; clauses must be field:value', () => {
    const { api } = fakeApi(() => feeds);
    expect(() => api.select(TestFeed).where('name:a').and('id:1')).toThrow(/Cannot have multiple 'where' clauses/);
    expect(() => api.select(TestFeed).where('justtext')).toThrow(InvalidQueryError);
    const two = new SimpleQuery(TestFeed, api, { maxClauses: 2 }).where('enabled:true').and('name:cbbanning');
    return expect(two.count()).resolves.toBe(1);
  });

  it('sorts client-side, descending unless asc', async () => {
    const data = [{ id: '3', name: 'b', date_added: '2018-01-01 00:00:00' }, { id: '10', name: 'a' }, { id: '2', name: 'c' }];
    const { api } = fakeApi(() => data);
    expect((await api.select(TestWatchlist).sort('name').toArray()).map((w) => w.name)).toEqual(['c', 'b', 'a']);
    expect((await api.select(TestWatchlist).sort('name asc').toArray()).map((w) => w.name)).toEqual(['a', 'b', 'c']);
    expect((await api.select(TestFeed).toArray()).length).toBe(3);
    const nums = fakeApi(() => [{ id: 3 }, { id: 10 }, { id: 2 }]);
    expect((await nums.api.select(TestFeed).sort('id asc').toArray()).map((f) => f.id)).toEqual([2, 3, 10]);
    const dated = await api.select(TestWatchlist).sort('date_added DESC').toArray();
    expect(dated[0]?.name).toBe('b');
  });

  it('slice/at on the loaded list; 204 → []; bad replies are ServerErrors', async () => {
    const { api } = fakeApi(() => feeds);
    expect((await api.select(TestFeed).slice(-1))[0]?.id).toBe(feeds.at(-1)?.['id']);
    expect(await api.select(TestFeed).at(10_000)).toBeUndefined();
    const empty = fakeApi(() => reply(204));
    expect(await empty.api.select(TestFeed).toArray()).toEqual([]);
    const obj = fakeApi(() => ({ not: 'a list' }));
    await expect(obj.api.select(TestFeed).toArray()).rejects.toThrow(/expected a JSON array/);
    const holes = fakeApi(() => [1]);
    await expect(holes.api.select(TestFeed).toArray()).rejects.toThrow(/non-object/);
  });
});
