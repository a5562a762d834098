import { describe, expect, it } from '@jest/globals';
import { InvalidQueryError } from '@cbapi/core';
import { fakeResponseApi } from '../__fixtures__/response-fake-api.js';
import { Process } from '../models/process.js';
import { Binary } from '../models/binary.js';
import { ProcessQuery } from './process-query.js';
import { parseFacets } from './response-query.js';

const empty = { results: [], total_results: 0, facets: {} };

describe('ProcessQuery on 6.x', () => {
  it('sends the seed 4.5.4 parameters for pages and counts', async () => {
    const { cb, calls } = await fakeResponseApi(() => ({ results: [], total_results: 7 }));
    const q = cb.select(Process).where('process_name:cmd.exe').minLastUpdate(new Date('2017-05-21T18:41:58.750Z')).groupBy('id');
    await q.toArray();
    expect(await q.count()).toBe(7);
    const [page, count] = calls();
    expect(page?.params).toEqual({ 'cb.group': 'id', 'cb.min_last_update': '2017-05-21T18:41:58Z', 'cb.urlver': '1', facet: 'false', q: 'process_name:cmd.exe', rows: '100', sort: 'last_update desc', start: '0' });
    expect(count?.params).toEqual({ 'cb.group': 'id', 'cb.min_last_update': '2017-05-21T18:41:58Z', 'cb.urlver': '1', facet: 'false', q: 'process_name:cmd.exe', rows: '0', start: '0' });
  });
  it('has every filter, takes ISO strings, and is immutable', async () => {
    const { cb, calls } = await fakeResponseApi(() => empty);
    const base = cb.select(Process);
    const q = base.maxLastUpdate('2017-05-22T00:00:00Z').minLastServerUpdate('2017-05-20T00:00:00.5Z').maxLastServerUpdate(new Date(0)).useComprehensiveSearch().sort('start asc');
    await q.first();
    await base.count();
    expect(calls()[0]?.params).toEqual({
      'cb.max_last_update': '2017-05-22T00:00:00Z', 'cb.min_last_server_update': '2017-05-20T00:00:00Z', 'cb.max_last_server_update': '1970-01-01T00:00:00Z',
      comprehensive_search: 'true', 'cb.urlver': '1', facet: 'false', rows: '1', start: '0', sort: 'start asc',
    });
    expect(calls()[1]?.params).toEqual({ 'cb.urlver': '1', facet: 'false', rows: '0', start: '0' });
    expect(() => base.minLastUpdate('yesterday')).toThrow(InvalidQueryError);
    expect(() => base.groupBy(' ')).toThrow(InvalidQueryError);
  });
  it('adds cb.legacy_5x_mode=True when the server has legacy partitions', async () => {
    const { cb, calls } = await fakeResponseApi(() => empty, { partitions: { p: { info: { isLegacy: true } } } });
    await cb.select(Process).count();
    expect(calls()[0]?.params['cb.legacy_5x_mode']).toBe('True');
  });
});

describe('ProcessQuery on 5.x', () => {
  it('leaves out the 6.0+ filters and facet=false before 5.1.1', async () => {
    const { cb, calls } = await fakeResponseApi(() => empty, { version: '5.1.0' });
    await cb.select(Process).groupBy('id').minLastUpdate(new Date()).useComprehensiveSearch().count();
    expect(calls()[0]?.params).toEqual({ 'cb.urlver': '1', comprehensive_search: 'true', rows: '0', start: '0' });
  });
});

describe('facets', () => {
  it('asks once with facet=true and every field, and reads name/value/ratio/percent', async () => {
    const { cb, calls } = await fakeResponseApi(() => ({
      results: [], total_results: 10,
      facets: { process_name: [{ name: 'chrome.exe', value: 6, ratio: '60.0', percent: 100 }, { name: 'ping.exe', value: 4 }], username: [] },
    }));
    const f = await cb.select(Process).where('hostname:WIN-IA9NQ1GN8OI').and('username:bit9rad').groupBy('id').facets('process_name', 'username');
    expect(f).toEqual({
      process_name: [{ name: 'chrome.exe', value: 6, ratio: 60, percent: 100 }, { name: 'ping.exe', value: 4, ratio: 40, percent: 67 }],
      username: [],
    });
    expect(calls()[0]?.params).toEqual({
      'cb.group': 'id', 'cb.urlver': '1', facet: 'true', 'facet.field': ['process_name', 'username'], q: 'hostname:WIN-IA9NQ1GN8OI username:bit9rad', rows: '0', start: '0',
    });
    await expect(cb.select(Process).facets()).rejects.toThrow(InvalidQueryError);
  });
  it('rejects malformed facet replies with a ServerError', () => {
    expect(() => parseFacets([], ['a'])).toThrow(/expected a JSON object/);
    expect(() => parseFacets({ facets: { a: 'x' } }, ['a'])).toThrow(/"a" is not a list/);
    expect(parseFacets({}, ['a'])).toEqual({ a: [] });
  });
});

describe('raw queries and links', () => {
  it('sends a UI query as it is and refuses where()', async () => {
    const { cb, calls } = await fakeResponseApi(() => empty);
    const q = new ProcessQuery(cb, { rawQuery: 'cb.urlver=1&q=process_name%3Anet.exe&sort=start+asc&rows=10' });
    await q.toArray();
    await q.count();
    expect(calls()[0]?.params).toEqual({ 'cb.urlver': '1', q: 'process_name:net.exe', sort: 'start asc', rows: '100', start: '0' });
    expect(calls()[1]?.params).toEqual({ 'cb.urlver': '1', q: 'process_name:net.exe', rows: '0', start: '0' });
    expect(() => q.where('x:y')).toThrow('Cannot call .where() on a raw query');
  });
  it('builds web UI links that fromUi reads back', async () => {
    const { cb } = await fakeResponseApi(() => empty);
    const link = cb.select(Process).where('process_name:net.exe').webuiLink;
    expect(link).toBe('https://cb.example.com/#/search?cb.urlver=1&facet=false&q=process_name%3Anet.exe&sort=last_update+desc');
    expect(await cb.fromUi(link)).toBeInstanceOf(ProcessQuery);
    expect(cb.select(Binary).where('md5:AB').webuiLink).toBe('https://cb.example.com/#/binaries?cb.urlver=1&facet=false&q=md5%3AAB');
  });
  it('writes watchlist search queries as the server stores them', async () => {
    const { cb } = await fakeResponseApi(() => empty);
    expect(cb.select(Process).where('process_name:net.exe').and('cmdline:\\\\test\\blah').watchlistSearchQuery())
      .toBe('cb.urlver=1&facet=false&q=process_name%3Anet.exe%20cmdline%3A%5C%5Ctest%5Cblah');
  });
});

describe('createWatchlist (seed 4.5.5)', () => {
  it('POSTs name, events index and the search query, then reads the watchlist back', async () => {
    const stored: Record<string, unknown> = {};
    const { cb, calls } = await fakeResponseApi((c) => {
      if (c.method === 'POST' && c.path === '/api/v1/watchlist') {
        Object.assign(stored, c.json as object, { id: '222', enabled: true });
        return { id: 222 };
      }
      if (c.method === 'GET' && c.path === '/api/v1/watchlist/222') return stored;
      return undefined;
    });
    const w = await cb.select(Process).where('process_name:net.exe').and('cmdline:\\\\test\\blah').createWatchlist('[WARN] Attempts to mount internal share');
    expect(calls().map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/v1/watchlist', 'GET /api/v1/watchlist/222']);
    expect(calls()[0]?.json).toEqual({
      name: '[WARN] Attempts to mount internal share', index_type: 'events',
      search_query: 'cb.urlver=1&facet=false&q=process_name%3Anet.exe%20cmdline%3A%5C%5Ctest%5Cblah',
    });
    expect(w.get('id')).toBe('222');
    expect(w.get('name')).toBe('[WARN] Attempts to mount internal share');
    const b = await cb.select(Binary).where('is_executable_image:false').createWatchlist('dlls');
    expect(calls()[2]?.json).toEqual({ name: 'dlls', index_type: 'modules', search_query: 'cb.urlver=1&facet=false&q=is_executable_image%3Afalse' });
    expect(b.get('index_type')).toBe('modules');
    await expect(cb.select(Process).createWatchlist(' ')).rejects.toThrow(InvalidQueryError);
  });
});
