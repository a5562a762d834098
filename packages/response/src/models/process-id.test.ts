import { describe, expect, it } from '@jest/globals';
import { InvalidObjectError } from '@cbapi/core';
import { decodeProcessGuid, parseProcessId, stripProcessSegment } from './process-id.js';

describe('process ids', () => {
  it('splits 36, 45 and 49 char ids', () => {
    expect(parseProcessId('00000001-0000-0554-01D1-3bc4553b8c9f')).toEqual({ guid: '00000001-0000-0554-01d1-3bc4553b8c9f', segment: undefined });
    expect(parseProcessId('00000001-0000-0554-01d1-3bc4553b8c9f-00000001')).toEqual({ guid: '00000001-0000-0554-01d1-3bc4553b8c9f', segment: 1 });
    expect(parseProcessId('00000001-0000-0554-01d1-3bc4553b8c9f-015c36b2f0e5')).toEqual({ guid: '00000001-0000-0554-01d1-3bc4553b8c9f', segment: 0x15c36b2f0e5 });
  });
  it('refuses 49-char ids on 5.x and every other shape, naming the id', () => {
    expect(() => parseProcessId('00000001-0000-0554-01d1-3bc4553b8c9f-015c36b2f0e5', { allow49: false })).toThrow(/6\.0\+/);
    expect(() => parseProcessId('nope')).toThrow(InvalidObjectError);
    expect(() => parseProcessId('00000001-0000-0554-01d1-3bc4553b8c9f-1')).toThrow(/"00000001-0000-0554-01d1-3bc4553b8c9f-1"/);
  });
  it('decodes the GUID', () => {
    const info = decodeProcessGuid('00000001-0000-0554-01d1-3bc4553b8c9f');
    expect(info?.sensorId).toBe(1);
    expect(info?.pid).toBe(1364);
    expect(info?.start.toISOString()).toBe('2015-12-21T07:51:00.004Z');
    expect(decodeProcessGuid('x')).toBeUndefined();
    expect(stripProcessSegment('00000001-0000-0554-01d1-3bc4553b8c9f-00000001')).toBe('00000001-0000-0554-01d1-3bc4553b8c9f');
  });
});
