import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { InvalidQueryError } from '../errors/invalid-query-error.js';
import { MoreThanOneResultError } from '../errors/more-than-one-result-error.js';
import { ServerError } from '../errors/server-error.js';
import { fakeApi, reply, type FakeCall } from '../__fixtures__/fake-transport.js';
import { TestBinary, TestBinaryQuery, TestProcess, TestProcessQuery, TestFeed } from '../__fixtures__/test-models.js';
import type { JsonObject } from '../model/types.js';
import { PaginatedQuery } from './paginated-query.js';
import { offsetLimitPagination, startRowsPagination } from './pagination-strategy.js';

/** A Response-like search over `n` processes (`total_results` may lie). */
function processServer(n: number, options: { reportTotal?: number } = {}) {
  return (call: FakeCall): unknown => {
    const start = Number(call.params['start']);
    const rows = Number(call.params['rows']);
    const results: JsonObject[] = [];
    for (let i = start; i < Math.min(n, start + rows); i++) results.push({ unique_id: `p-${i}`, segment_id: 1, process_name: `proc${i}.exe` });
    return { results, total_results: options.reportTotal ?? n, start, facets: {} };
  };
}

describe('PaginatedQuery (start/rows, Response)', () => {
  it('is lazy and immutable; builders return clones; not thenable', async () => {
    const { api, transport } = fakeApi(processServer(3));
    const q = api.select(TestProcess);
    expect(q).toBeInstanceOf(TestProcessQuery);
    const q2 = q.where('process_name:cmd.exe').and('filemod:*.exe').sort('start asc').batchSize(2).groupBy('id');
    expect(q2).toBeInstanceOf(TestProcessQuery);
    expect(q2).not.toBe(q);
    expect('then' in q2).toBe(false);
    expect(await q2).toBe(q2);
    expect(transport.calls).toHaveLength(0);
    expect(q.describe()).toBe('Process');
    expect(q2.describe()).toBe('Process where "process_name:cmd.exe filemod:*.exe"');
  });

  it('count() is one request for 0 rows, without the sort', async () => {
    const { api, transport } = fakeApi(processServer(34884));
    expect(await api.select(TestProcess).where('process_name:cmd.exe').count()).toBe(34884);
    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]?.params).toEqual({ 'cb.urlver': '1', facet: 'false', q: 'process_name:cmd.exe', rows: '0', start: '0' });
  });

  it('reads the recorded count replies', async () => {
    const binaryCount = JSON.parse(readFileSync(new URL('../__fixtures__/binary.search-count.json', import.meta.url), 'utf8')) as unknown;
    const processCount = JSON.parse(readFileSync(new URL('../__fixtures__/process.search-count.json', import.meta.url), 'utf8')) as unknown;
    const b = fakeApi(() => binaryCount);
    expect(await b.api.select(TestBinary).count()).toBe(4296);
    expect(b.transport.calls[0]?.params).toEqual({ 'cb.urlver': '1', facet: 'false', rows: '0', start: '0' });
    const p = fakeApi(() => processCount);
    expect(await p.api.select(TestProcess).count()).toBe(34884);
  });

  it('iterates page by page with the default sort on pages, stopping at the total', async () => {
    const { api, transport } = fakeApi(processServer(250));
    const names: string[] = [];
    for await (const p of api.select(TestProcess).where('process_name:cmd.exe')) names.push(p.process_name);
    expect(names).toHaveLength(250);
    expect(names[249]).toBe('proc249.exe');
    expect(transport.calls.map((c) => [c.params['start'], c.params['rows'], c.params['sort']])).toEqual([
      ['0', '100', 'last_update desc'], ['100', '100', 'last_update desc'], ['200', '100', 'last_update desc'],
    ]);
  });

  it('the recorded binary page becomes a partial Binary', async () => {
    const page = JSON.parse(readFileSync(new URL('../__fixtures__/binary.search-page.json', import.meta.url), 'utf8')) as unknown;
    const { api, transport } = fakeApi(() => page);
    const b = await api.select(TestBinary).first();
    expect(transport.calls[0]?.params).toEqual({ 'cb.urlver': '1', facet: 'false', rows: '1', start: '0' });
    expect(b?.md5).toBe('C7F5CAE0B450BE875EEE0E6DDFA771FE');
    expect(b?.isFullyLoaded).toBe(false);
  });

  it('slice(0, 10) asks for exactly 10 rows (the documented request)', async () => {
    const { api, transport } = fakeApi(processServer(500));
    const rows = await api.select(TestProcess).where('process_name:cmd.exe').slice(0, 10);
    expect(rows).toHaveLength(10);
    expect(transport.calls[0]?.params).toEqual({ 'cb.urlver': '1', facet: 'false', q: 'process_name:cmd.exe', rows: '10', sort: 'last_update desc', start: '0' });
  });

  it('slices spanning pages, negative slices (one count first), at(), first(), empty ranges', async () => {
    const { api, transport } = fakeApi(processServer(25));
    const q = api.select(TestProcess).batchSize(10);
    expect((await q.slice(8, 13)).map((p) => p.process_name)).toEqual(['proc8.exe', 'proc9.exe', 'proc10.exe', 'proc11.exe', 'proc12.exe']);
    expect(transport.calls.map((c) => [c.params['start'], c.params['rows']])).toEqual([['8', '5']]);
    transport.calls.length = 0;
    expect((await q.slice(-2)).map((p) => p.process_name)).toEqual(['proc23.exe', 'proc24.exe']);
    expect(transport.calls.map((c) => [c.params['start'], c.params['rows']])).toEqual([['0', '0'], ['23', '10']]);
    expect((await q.slice(-3, -1)).map((p) => p.process_name)).toEqual(['proc22.exe', 'proc23.exe']);
    expect((await q.at(-1))?.process_name).toBe('proc24.exe');
    expect(await q.at(-26)).toBeUndefined();
    expect((await q.at(3))?.process_name).toBe('proc3.exe');
    expect(await q.at(25)).toBeUndefined();
    expect(await q.slice(5, 5)).toEqual([]);
    expect(await q.slice(-100, 2)).toHaveLength(2);
    expect((await q.first())?.process_name).toBe('proc0.exe');
    await expect(q.slice(1.5)).rejects.toThrow(InvalidQueryError);
    await expect(q.at(Number.NaN)).rejects.toThrow(InvalidQueryError);
  });

  it('one(): MoreThanOneResultError on 0 and on >1 results, with the count', async () => {
    const none = fakeApi(processServer(0));
    const e0 = await none.api.select(TestProcess).one().catch((e: unknown) => e);
    expect(MoreThanOneResultError.isInstance(e0)).toBe(true);
    expect((e0 as MoreThanOneResultError).count).toBe(0);
    const many = fakeApi(processServer(7));
    const e7 = await many.api.select(TestProcess).where('x').one().catch((e: unknown) => e);
    expect((e7 as MoreThanOneResultError).count).toBe(7);
    expect((e7 as Error).message).toBe('7 results found for query Process where "x"');
    const single = fakeApi(processServer(1));
    expect((await single.api.select(TestProcess).one()).process_name).toBe('proc0.exe');
  });

  it('stops at an empty page even when the total says more', async () => {
    const { api, transport } = fakeApi(processServer(150, { reportTotal: 1000 }));
    const q = api.select(TestProcess);
    expect(await q.toArray()).toHaveLength(150);
    expect(transport.calls.map((c) => c.params['start'])).toEqual(['0', '100', '150']);
    expect(await q.count()).toBe(1000);
  });

  it('toModel() builds the product\'s ids from results', async () => {
    const { api } = fakeApi(processServer(1));
    const p = await api.select(TestProcess).first();
    expect(p?.uniqueId()).toEqual(['p-0', 1]);
  });

  it('an empty sort removes it; rejects bad builder input', () => {
    const { api } = fakeApi(processServer(1));
    const q = api.select(TestProcess);
    expect(() => q.batchSize(0)).toThrow(InvalidQueryError);
    expect(() => q.batchSize(1.5)).toThrow(/positive integer/);
    expect(() => q.where(5 as unknown as string)).toThrow(InvalidQueryError);
    expect(() => q.sort(undefined as unknown as string)).toThrow(InvalidQueryError);
  });

  it('sends no sort when sort(\'\') clears a model without default', async () => {
    const { api, transport } = fakeApi(processServer(1));
    await api.select(TestBinary).sort('md5 asc').sort('  ').toArray();
    expect(transport.calls[0]?.params['sort']).toBeUndefined();
  });

  it('bad replies are ServerErrors', async () => {
    for (const body of [[1], { results: 'x' }, { results: [1] }, { results: [], total_results: 'many' }]) {
      const { api } = fakeApi(() => body);
      const error = await api.select(TestBinary).toArray().catch((e: unknown) => e);
      expect(ServerError.isInstance(error)).toBe(true);
    }
    const { api } = fakeApi(() => [1]);
    await expect(api.select(TestBinary).count()).rejects.toThrow(/expected a JSON object/);
  });

  it('a 204 page is the end; a 204 count is 0', async () => {
    const { api } = fakeApi(() => reply(204));
    expect(await api.select(TestBinary).toArray()).toEqual([]);
    expect(await api.select(TestBinary).count()).toBe(0);
  });

  it('withSignal() and per-call signals abort with the signal\'s reason', async () => {
    const { api } = fakeApi(processServer(500));
    const ac = new AbortController();
    const q = api.select(TestProcess).withSignal(ac.signal);
    let n = 0;
    const run = (async () => {
      for await (const p of q) {
        n++;
        if (n === 150) ac.abort(new Error('user stop'));
        expect(p).toBeInstanceOf(TestProcess);
      }
    })();
    await expect(run).rejects.toThrow('user stop');
    expect(n).toBe(200);
    const ac2 = new AbortController();
    ac2.abort(new Error('stop2'));
    await expect(api.select(TestProcess).count({ signal: ac2.signal })).rejects.toThrow('stop2');
    await expect(q.count({ signal: new AbortController().signal })).rejects.toThrow('user stop');
  });

  it('stops without a total when a page is short (offset/limit, Protection)', async () => {
    const data = Array.from({ length: 2500 }, (_, i) => ({ id: i, name: `f${i}` }));
    const { api, transport } = fakeApi((c) => {
      if (c.params['limit'] === '-1') return { count: data.length };
      return data.slice(Number(c.params['offset']), Number(c.params['offset']) + Number(c.params['limit']));
    });
    const q = new PaginatedQuery(TestFeed, api, { strategy: offsetLimitPagination(), path: '/api/bit9platform/v1/fileCatalog' });
    expect(await q.count()).toBe(2500);
    expect((await q.toArray()).length).toBe(2500);
    expect(transport.calls.slice(1).map((c) => [c.path, c.params['offset'], c.params['limit']])).toEqual([
      ['/api/bit9platform/v1/fileCatalog', '0', '1000'], ['/api/bit9platform/v1/fileCatalog', '1000', '1000'], ['/api/bit9platform/v1/fileCatalog', '2000', '1000'],
    ]);
  });

  it('1-based start/rows (Defense)', async () => {
    const data = Array.from({ length: 5 }, (_, i) => ({ id: i + 1 }));
    const { api, transport } = fakeApi((c) => {
      const start = Number(c.params['start']);
      const rows = Number(c.params['rows']);
      return { results: data.slice(start - 1, start - 1 + rows), totalResults: data.length, success: true };
    });
    const q = new PaginatedQuery(TestFeed, api, { strategy: startRowsPagination({ oneBased: true, totalKey: 'totalResults', defaultBatchSize: 2 }) });
    expect((await q.toArray()).map((f) => f.id)).toEqual([1, 2, 3, 4, 5]);
    expect(transport.calls.map((c) => c.params['start'])).toEqual(['1', '3', '5']);
    expect(await q.count()).toBe(5);
    const fresh = new PaginatedQuery(TestFeed, api, { strategy: startRowsPagination({ oneBased: true, totalKey: 'totalResults' }) });
    expect(await fresh.count()).toBe(5);
    expect(transport.calls.at(-1)?.params).toEqual({ start: '1', rows: '0' });
  });

  it('TestBinaryQuery subclass builders keep the subclass', () => {
    const { api } = fakeApi(() => ({}));
    expect(api.select(TestBinary).facetsOff()).toBeInstanceOf(TestBinaryQuery);
  });
});
