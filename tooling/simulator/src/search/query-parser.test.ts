import { describe, expect, it } from '@jest/globals';
import { parseQuery } from './query-parser.js';
import { QuerySyntaxError } from './query-ast.js';

describe('parseQuery', () => {
  it('parses an empty query as match-all', () => {
    expect(parseQuery('')).toEqual({ kind: 'all' });
    expect(parseQuery('   ')).toEqual({ kind: 'all' });
  });

  it('parses field terms with Windows paths and implicit AND', () => {
    expect(parseQuery('process_name:net.exe path:c:\\windows\\system32\\net.exe')).toEqual({
      kind: 'and',
      children: [
        { kind: 'term', field: 'process_name', value: 'net.exe', phrase: false },
        { kind: 'term', field: 'path', value: 'c:\\windows\\system32\\net.exe', phrase: false },
      ],
    });
  });

  it('parses quoted phrases, bare terms, wildcards and negation', () => {
    expect(parseQuery('cmdline:"domain admins" -path:c:\\windows\\* chrome*')).toEqual({
      kind: 'and',
      children: [
        { kind: 'term', field: 'cmdline', value: 'domain admins', phrase: true },
        { kind: 'not', child: { kind: 'term', field: 'path', value: 'c:\\windows\\*', phrase: false } },
        { kind: 'term', field: null, value: 'chrome*', phrase: false },
      ],
    });
  });

  it('gives AND precedence over OR and honours parentheses and lower-case operators', () => {
    expect(parseQuery('a:1 or b:2 and c:3')).toEqual({
      kind: 'or',
      children: [
        { kind: 'term', field: 'a', value: '1', phrase: false },
        { kind: 'and', children: [{ kind: 'term', field: 'b', value: '2', phrase: false }, { kind: 'term', field: 'c', value: '3', phrase: false }] },
      ],
    });
    expect(parseQuery('(a:1 OR b:2) AND NOT c:3')).toEqual({
      kind: 'and',
      children: [
        { kind: 'or', children: [{ kind: 'term', field: 'a', value: '1', phrase: false }, { kind: 'term', field: 'b', value: '2', phrase: false }] },
        { kind: 'not', child: { kind: 'term', field: 'c', value: '3', phrase: false } },
      ],
    });
  });

  it('parses field groups and ranges with open ends', () => {
    expect(parseQuery('process_name:(cmd.exe or powershell.exe)')).toEqual({
      kind: 'or',
      children: [
        { kind: 'term', field: 'process_name', value: 'cmd.exe', phrase: false },
        { kind: 'term', field: 'process_name', value: 'powershell.exe', phrase: false },
      ],
    });
    expect(parseQuery('alliance_score_srsthreat:[50 TO *]')).toEqual({ kind: 'range', field: 'alliance_score_srsthreat', low: '50', high: '*', includeLow: true, includeHigh: true });
    expect(parseQuery('start:{2018-01-01T00:00:00Z TO 2018-02-01T00:00:00Z]')).toMatchObject({ kind: 'range', includeLow: false, includeHigh: true });
  });

  it.each([
    ['(process_name:cmd.exe', /missing "\)"/],
    ['process_name:cmd.exe)', /unbalanced "\)"/],
    ['cmdline:"unterminated', /unterminated quoted phrase/],
    ['process_name:', /missing value/],
    ['a:1 or', /"or" without a right-hand side/],
    ['a:1 and', /"and" without a right-hand side/],
    ['start:[2018 TO]', /malformed range/],
    ['start:[1 TO 2', /unterminated range/],
    ['()', /empty parentheses/],
    ['a:1 and or b:2', /unexpected "or"/],
  ])('rejects %s', (q, message) => {
    expect(() => parseQuery(q)).toThrow(QuerySyntaxError);
    expect(() => parseQuery(q)).toThrow(message);
  });
});
