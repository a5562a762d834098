import { describe, expect, it } from '@jest/globals';
import { formatCbDate, formatRfc822, parseResponseDate } from './response-date.js';

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
