import { describe, expect, it } from '@jest/globals';
import { ApiError } from '@cbapi/core';
import { parseNetworkAdapters } from './sensor-network-interfaces.js';
import { formatCbDate, formatRfc822, parseResponseDate } from './response-date.js';
import { actionTypeCode, actionTypeName } from './action-type.js';
import { formatThreatReportId, parseThreatReportId } from './threat-report-id.js';
import {
  facetsFromSearchQuery, parseSearchQuery, queryFromSearchQuery, quote, searchQueryWithQuery,
} from './watchlist-search-query.js';
import { encodeFlushTime } from './sensor-flush-time.js';

describe('parseNetworkAdapters', () => {
  it('decodes the recorded sensor value', () => {
    expect(parseNetworkAdapters('192.168.1.163,00155d019c08|')).toEqual([{ macaddr: '00:15:5d:01:9c:08', ipaddr: '192.168.1.163' }]);
  });
  it('keeps several adapters in order and skips malformed entries', () => {
    expect(parseNetworkAdapters('10.0.0.1,aabbccddeeff|junk|10.0.0.2,001122334455|a,b,c')).toEqual([
      { macaddr: 'aa:bb:cc:dd:ee:ff', ipaddr: '10.0.0.1' },
      { macaddr: '00:11:22:33:44:55', ipaddr: '10.0.0.2' },
    ]);
  });
  it('gives [] for missing or non-string values', () => {
    expect(parseNetworkAdapters(undefined)).toEqual([]);
    expect(parseNetworkAdapters(null)).toEqual([]);
    expect(parseNetworkAdapters(42)).toEqual([]);
    expect(parseNetworkAdapters('')).toEqual([]);
  });
});

describe('response dates', () => {
  it('parses every shape the recordings show', () => {
    expect(parseResponseDate('2018-02-06 12:44:40.002234-06:00')?.toISOString()).toBe('2018-02-06T18:44:40.002Z');
    expect(parseResponseDate('2017-10-18T19:09:38.795824Z')?.toISOString()).toBe('2017-10-18T19:09:38.795Z');
    expect(parseResponseDate('2018-02-06 18:40:06.467689')?.toISOString()).toBe('2018-02-06T18:40:06.467Z');
    expect(parseResponseDate('1990-01-01 00:00:00-06:00')?.toISOString()).toBe('1990-01-01T06:00:00.000Z');
    expect(parseResponseDate('2016-11-16T04:50:01.750240Z')?.toISOString()).toBe('2016-11-16T04:50:01.750Z');
    expect(parseResponseDate('2018-02-06 12:44:40+0530')?.toISOString()).toBe('2018-02-06T07:14:40.000Z');
  });
  it('gives undefined for null, empty and garbage', () => {
    for (const v of [null, undefined, '', 'yesterday', 17, '2018-13-45 99:00:00', new Date(Number.NaN)]) {
      expect(parseResponseDate(v)).toBeUndefined();
    }
  });
  it('formats cb and RFC-822 dates in UTC', () => {
    const d = new Date('2026-12-04T19:56:59.123Z');
    expect(formatCbDate(d)).toBe('2026-12-04 19:56:59.123000');
    expect(formatRfc822(d)).toBe('Fri, 04 Dec 2026 19:56:59 GMT');
  });
});

describe('sensor event_log_flush_time', () => {
  const d = new Date('2026-12-04T19:56:59.000Z');
  it('is null unless changed', () => {
    expect(encodeFlushTime('2018-02-06 12:44:40.002234-06:00', false, true)).toBeNull();
  });
  it('is RFC-822 on servers after 6.0.0 and the cb string otherwise', () => {
    expect(encodeFlushTime(d, true, true)).toBe('Fri, 04 Dec 2026 19:56:59 GMT');
    expect(encodeFlushTime(d, true, false)).toBe('2026-12-04 19:56:59.000000');
    expect(encodeFlushTime('Fri, 04 Dec 2026 19:56:59 GMT', true, false)).toBe('2026-12-04 19:56:59.000000');
    expect(encodeFlushTime('2026-12-04 19:56:59.000000', true, true)).toBe('Fri, 04 Dec 2026 19:56:59 GMT');
    expect(encodeFlushTime(null, true, true)).toBeNull();
    expect(encodeFlushTime('soon', true, true)).toBe('soon');
  });
});

describe('action types', () => {
  it('maps codes to names and back', () => {
    expect([0, 1, 2, 3, '3', 9, null].map(actionTypeName)).toEqual(['email', 'syslog', 'http_post', 'alert', 'alert', 'unknown', 'unknown']);
    expect(['email', 'syslog', 'http_post', 'alert'].map(actionTypeCode)).toEqual([0, 1, 2, 3]);
  });
  it('rejects an unknown name with ApiError', () => {
    expect(() => actionTypeCode('pager')).toThrow(/Unknown Action type: pager/);
    try {
      actionTypeCode('pager');
    } catch (e) {
      expect(ApiError.isInstance(e)).toBe(true);
    }
  });
});

describe('ThreatReport ids', () => {
  it('splits on the first colon', () => {
    expect(parseThreatReportId('190:abc')).toEqual({ feedId: '190', reportId: 'abc' });
    expect(parseThreatReportId('7:a:b')).toEqual({ feedId: '7', reportId: 'a:b' });
    expect(formatThreatReportId(190, 'abc')).toBe('190:abc');
  });
  it.each([['190'], [':x'], ['190:'], [''], [null], [12]])('rejects %p with ApiError', (bad) => {
    expect(() => parseThreatReportId(bad)).toThrow(/ThreatReport ID must be in form '<feed_id>:<report_id>'/);
  });
});

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
