import { describe, expect, it } from '@jest/globals';
import { encodeFlushTime } from './sensor-flush-time.js';

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
