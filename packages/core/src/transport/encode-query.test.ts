import { describe, expect, it } from '@jest/globals';
import { encodeQuery, relativePath } from './encode-query.js';

describe('encodeQuery', () => {
  it('sorts by key then value and encodes like urlencode(sorted(...))', () => {
    expect(encodeQuery({ rows: 0, start: 0, facet: 'false', 'cb.urlver': 1 })).toBe('cb.urlver=1&facet=false&rows=0&start=0');
    expect(encodeQuery({ q: 'process_name:cmd.exe and path:c:\\windows', sort: 'last_update asc' }))
      .toBe('q=process_name%3Acmd.exe+and+path%3Ac%3A%5Cwindows&sort=last_update+asc');
  });
  it('repeats array keys, sorted by value, and drops undefined', () => {
    expect(encodeQuery({ 'facet.field': ['process_name', 'hostname'], q: undefined, a: true })).toBe('a=true&facet.field=hostname&facet.field=process_name');
  });
  it('escapes what quote_plus escapes', () => {
    expect(encodeQuery({ x: "a!b'c(d)e*f~g_h.i-j/k&l=m+n" })).toBe('x=a%21b%27c%28d%29e%2Af~g_h.i-j%2Fk%26l%3Dm%2Bn');
    expect(encodeQuery({ 'k y': 'é' })).toBe('k+y=%C3%A9');
  });
  it('sorts URLSearchParams too', () => {
    expect(encodeQuery(new URLSearchParams([['b', '2'], ['a', 'z'], ['a', 'y']]))).toBe('a=y&a=z&b=2');
  });
  it('gives an empty string for no parameters', () => {
    expect(encodeQuery({})).toBe('');
  });
});

describe('relativePath', () => {
  it('strips leading slashes and appends the query', () => {
    expect(relativePath('/api/info')).toBe('api/info');
    expect(relativePath('api/info')).toBe('api/info');
    expect(relativePath('//api/v1/process', { start: 0 })).toBe('api/v1/process?start=0');
    expect(relativePath('/api/v1/process?cb.urlver=1', { start: 0 })).toBe('api/v1/process?cb.urlver=1&start=0');
    expect(relativePath('/api/x', { q: undefined })).toBe('api/x');
  });
});
