import { describe, expect, it } from '@jest/globals';
import {
  facetsFromSearchQuery, parseSearchQuery, queryFromSearchQuery, quote, searchQueryWithQuery,
} from './watchlist-search-query.js';

describe('watchlist search_query', () => {
  it('quotes like Python urllib.parse.quote', () => {
    expect(quote('process_name:cmd.exe')).toBe('process_name%3Acmd.exe');
    expect(quote('a b/c~d*(e)!é')).toBe('a%20b/c~d%2A%28e%29%21%C3%A9');
  });
  it('parses like parse_qsl', () => {
    expect(parseSearchQuery('cb.urlver=1&q=a+b%3Ac&empty=&novalue&x=%ZZ')).toEqual([
      ['cb.urlver', '1'], ['q', 'a b:c'], ['x', '%ZZ'],
    ]);
    expect(parseSearchQuery(undefined)).toEqual([]);
  });
  it('reads the query of every recorded watchlist', () => {
    expect(queryFromSearchQuery('cb.urlver=1&q=is_executable_image%3Afalse')).toBe('is_executable_image:false');
    expect(queryFromSearchQuery('cb.urlver=1&q=-path%3Ac%3A%5Cwindows%5C%2A&cb.q.filemod=c%3A%5Cwindows%5Csystem32%5C%2A'))
      .toBe('-path:c:\\windows\\* filemod:c:\\windows\\system32\\*');
    expect(queryFromSearchQuery('cb.urlver=1&cb.q.regmod=registry%5Cmachine&q=-path%3Ac%3A%5Cwindows%5C%2A'))
      .toBe('regmod:registry\\machine -path:c:\\windows\\*');
    expect(queryFromSearchQuery('facet=false&q=process_name%3Anet.exe+cmdline%3A%5C%5Ctest%5Cblah&cb.urlver=1&sort=last_update+desc'))
      .toBe('process_name:net.exe cmdline:\\\\test\\blah');
  });
  it('writes a new query as cbapi does', () => {
    expect(searchQueryWithQuery(undefined, 'process_name:cmd.exe')).toBe('cb.urlver=1&q=process_name%3Acmd.exe');
    expect(searchQueryWithQuery('cb.urlver=1&q=is_executable_image%3Atrue&sort=server_added_timestamp%20desc', 'md5:x y'))
      .toBe('cb.urlver=1&sort=server_added_timestamp%20desc&q=md5%3Ax%20y');
    expect(searchQueryWithQuery('facet=false&q=old&cb.q.filemod=z&cb.fq.group=g', 'new'))
      .toBe('facet=false&cb.fq.group=g&cb.urlver=1&q=new');
  });
  it('round-trips a query through the setter and getter', () => {
    const q = 'process_name:net.exe cmdline:\\\\test\\blah';
    expect(queryFromSearchQuery(searchQueryWithQuery('', q))).toBe(q);
  });
  it('reads cb.fq facets', () => {
    expect(facetsFromSearchQuery('cb.urlver=1&q=x&cb.fq.process_name=cmd.exe&cb.fq.group=Default%20Group'))
      .toEqual({ process_name: 'cmd.exe', group: 'Default Group' });
    expect(facetsFromSearchQuery('cb.urlver=1&q=x')).toEqual({});
  });
});
