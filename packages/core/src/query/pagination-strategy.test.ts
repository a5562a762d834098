import { describe, it, expect } from '@jest/globals';
import { ServerError } from '../errors/server-error.js';
import { offsetLimitPagination, startRowsPagination } from './pagination-strategy.js';

describe('pagination strategies', () => {
  it('start/rows defaults and custom keys', () => {
    const s = startRowsPagination();
    expect(s.defaultBatchSize).toBe(100);
    expect(s.countParams()).toEqual({ start: 0, rows: 0 });
    expect(s.pageParams(200, 50)).toEqual({ start: 200, rows: 50 });
    expect(s.parsePage({ results: [{ a: 1 }], total_results: '12' })).toEqual({ results: [{ a: 1 }], total: 12 });
    expect(s.parsePage({})).toEqual({ results: [], total: undefined });
    expect(s.parseCount({})).toBe(0);
    const c = startRowsPagination({ startParam: 'from', rowsParam: 'size', resultsKey: 'items', totalKey: 'n', oneBased: true });
    expect(c.pageParams(0, 5)).toEqual({ from: 1, size: 5 });
    expect(c.parsePage({ items: [], n: 3 }).total).toBe(3);
  });
  it('offset/limit: arrays, objects, counts', () => {
    const s = offsetLimitPagination();
    expect(s.defaultBatchSize).toBe(1000);
    expect(s.countParams()).toEqual({ limit: -1 });
    expect(s.parsePage([{ id: 1 }])).toEqual({ results: [{ id: 1 }], total: undefined });
    expect(s.parsePage({ results: [{ id: 1 }], count: 9 })).toEqual({ results: [{ id: 1 }], total: 9 });
    expect(s.parsePage(undefined)).toEqual({ results: [], total: undefined });
    expect(s.parseCount({ count: 4 })).toBe(4);
    expect(s.parseCount([{}, {}])).toBe(2);
    expect(s.parseCount(undefined)).toBe(0);
    const custom = offsetLimitPagination({ offsetParam: 'o', limitParam: 'l', countParams: { l: 0 }, totalKey: 'total' });
    expect(custom.countParams()).toEqual({ l: 0 });
    expect(custom.pageParams(3, 4)).toEqual({ o: 3, l: 4 });
  });
  it('wrong shapes are ServerErrors with the body', () => {
    const s = offsetLimitPagination();
    for (const bad of ['x', 5, null]) {
      expect(() => s.parsePage(bad)).toThrow(ServerError);
      expect(() => s.parseCount(bad)).toThrow(ServerError);
    }
    expect(() => s.parseCount({ count: -1 })).toThrow(/not a count/);
    const r = startRowsPagination();
    expect(() => r.parsePage({ results: {} })).toThrow(/not a list/);
    expect(() => r.parsePage({ results: [null] })).toThrow(/non-object/);
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    let err: unknown;
    try { r.parsePage([circular]); } catch (e) { err = e; }
    expect((err as ServerError).body).toBe('[object Object]');
  });
});
