import { describe, it, expect } from '@jest/globals';
import { toBoolean, toDate } from './wire-values.js';

describe('toDate', () => {
  it('reads the Response format with microseconds and an offset', () => {
    expect((toDate('2018-02-06 12:44:40.002234-06:00') as Date).toISOString()).toBe('2018-02-06T18:44:40.002Z');
    expect((toDate('1990-01-01 00:00:00-06:00') as Date).toISOString()).toBe('1990-01-01T06:00:00.000Z');
    expect((toDate('2018-01-08 15:51:53.306583+0530') as Date).toISOString()).toBe('2018-01-08T10:21:53.306Z');
  });
  it('reads ISO, zone-less (UTC) and epoch ms', () => {
    expect((toDate('2017-02-01T03:52:34.137Z') as Date).toISOString()).toBe('2017-02-01T03:52:34.137Z');
    expect((toDate('2017-02-01 03:52:34') as Date).toISOString()).toBe('2017-02-01T03:52:34.000Z');
    expect((toDate(1486000000000) as Date).getTime()).toBe(1486000000000);
    const d = new Date();
    expect(toDate(d)).toBe(d);
  });
  it('leaves what is not a date unchanged', () => {
    expect(toDate(null)).toBeNull();
    expect(toDate(undefined)).toBeUndefined();
    expect(toDate('yesterday')).toBe('yesterday');
    expect(toDate('2017-13-45 99:99:99')).toBe('2017-13-45 99:99:99');
    expect(toDate(Number.NaN)).toBeNaN();
    expect(toDate({ a: 1 })).toEqual({ a: 1 });
  });
});

describe('toBoolean', () => {
  it('converts string and numeric booleans', () => {
    expect(toBoolean('true')).toBe(true);
    expect(toBoolean('False')).toBe(false);
    expect(toBoolean(' yes ')).toBe(true);
    expect(toBoolean('0')).toBe(false);
    expect(toBoolean(1)).toBe(true);
    expect(toBoolean(0)).toBe(false);
    expect(toBoolean(false)).toBe(false);
  });
  it('leaves anything else unchanged', () => {
    expect(toBoolean('maybe')).toBe('maybe');
    expect(toBoolean(2)).toBe(2);
    expect(toBoolean(null)).toBeNull();
  });
});
