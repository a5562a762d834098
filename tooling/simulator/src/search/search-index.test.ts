import { describe, expect, it } from '@jest/globals';
import { SearchIndex } from './search-index.js';
import { QuerySyntaxError } from './query-ast.js';

interface Doc {
  id: string;
  name: string;
  n: number;
  when: string;
  tags: string[];
  cmdline: string;
}

const docs: Doc[] = [
  { id: 'a', name: 'cmd.exe', n: 5, when: '2018-01-01T10:00:00.000Z', tags: ['x'], cmdline: 'cmd.exe /c whoami' },
  { id: 'b', name: 'net.exe', n: 50, when: '2018-01-15T10:00:00.000Z', tags: ['x', 'y'], cmdline: 'net group "Domain Admins" /domain' },
  { id: 'c', name: 'chrome.exe', n: 500, when: '2018-02-01T10:00:00.000Z', tags: [], cmdline: 'chrome.exe --type=renderer' },
  { id: 'd', name: 'CMD.EXE', n: 7, when: '2018-02-03T10:00:00.000Z', tags: ['y'], cmdline: 'cmd.exe' },
];
const index = new SearchIndex<Doc>(
  {
    name: 'test',
    documents: () => docs,
    field: (doc, f) => (doc as unknown as Record<string, unknown>)[f],
    hasField: (f) => ['id', 'name', 'n', 'when', 'tags', 'cmdline'].includes(f),
    defaultFields: ['name', 'cmdline'],
    key: (d) => d.id,
    textFields: new Set(['cmdline']),
  },
  () => Date.parse('2018-02-06T00:00:00Z'),
);
const ids = (q: string, sort = 'id asc'): string[] => index.search({ q, start: 0, rows: 100, sort }).page.map((d) => d.id);

describe('SearchIndex', () => {
  it('matches terms case-insensitively, with wildcards and default fields', () => {
    expect(ids('name:cmd.exe')).toEqual(['a', 'd']);
    expect(ids('name:c*')).toEqual(['a', 'c', 'd']);
    expect(ids('name:?et.exe')).toEqual(['b']);
    expect(ids('chrome.exe')).toEqual(['c']);
  });

  it('matches phrases and substrings inside text fields', () => {
    expect(ids('cmdline:"domain admins"')).toEqual(['b']);
    expect(ids('cmdline:whoami')).toEqual(['a']);
    expect(ids('name:whoami')).toEqual([]);
  });

  it('combines and/or/not/-, parentheses and arrays', () => {
    expect(ids('name:cmd.exe -n:5')).toEqual(['d']);
    expect(ids('name:cmd.exe and not n:5')).toEqual(['d']);
    expect(ids('(name:net.exe or name:chrome.exe) tags:*')).toEqual(['b']);
    expect(ids('tags:y')).toEqual(['b', 'd']);
    expect(ids('name:(net.exe OR chrome.exe)')).toEqual(['b', 'c']);
  });

  it('filters numeric and date ranges, inclusive and exclusive, with open ends', () => {
    expect(ids('n:[5 TO 50]')).toEqual(['a', 'b', 'd']);
    expect(ids('n:{5 TO 50}')).toEqual(['d']);
    expect(ids('n:[100 TO *]')).toEqual(['c']);
    expect(ids('when:[2018-01-10T00:00:00Z TO 2018-02-02]')).toEqual(['b', 'c']);
    expect(ids('when:[* TO 2018-01-10]')).toEqual(['a']);
    expect(ids('when:[-7d TO NOW]')).toEqual(['c', 'd']);
  });

  it('sorts with a key tiebreak and pages without repeats or gaps', () => {
    expect(ids('', 'n desc')).toEqual(['c', 'b', 'd', 'a']);
    expect(ids('', 'name asc, n desc')).toEqual(['c', 'd', 'a', 'b']);
    const seen: string[] = [];
    for (let start = 0; start < 4; start += 3) seen.push(...index.search({ q: '', start, rows: 3, sort: 'name asc' }).page.map((d) => d.id));
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });

  it('counts facets with name, value, ratio and percent', () => {
    const r = index.search({ q: '', start: 0, rows: 0, facetFields: ['tags'] });
    expect(r.total).toBe(4);
    expect(r.page).toEqual([]);
    expect(r.facets['tags']).toEqual([
      { name: 'x', value: 2, ratio: 50, percent: 100 },
      { name: 'y', value: 2, ratio: 50, percent: 100 },
    ]);
  });

  it.each([
    ['nosuch:1', /undefined field nosuch/],
    ['n:[abc TO 5]', /invalid range bound "abc"/],
  ])('rejects %s', (q, message) => {
    expect(() => index.search({ q, start: 0, rows: 1 })).toThrow(QuerySyntaxError);
    expect(() => index.search({ q, start: 0, rows: 1 })).toThrow(message);
  });

  it('rejects a sort or facet on an unknown field', () => {
    expect(() => index.search({ q: '', start: 0, rows: 1, sort: 'nosuch desc' })).toThrow(/sort param field can't be found: nosuch/);
    expect(() => index.search({ q: '', start: 0, rows: 1, sort: 'n sideways' })).toThrow(/can not sort/);
    expect(() => index.search({ q: '', start: 0, rows: 0, facetFields: ['nosuch'] })).toThrow(/undefined field nosuch/);
  });
});
