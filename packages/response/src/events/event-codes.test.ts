import { describe, expect, it } from '@jest/globals';
import { accessMaskNames, fileTypeName, int32ToIpv4, ipProtocolName, regModActionName } from './event-codes.js';
import { fileTimeToDate, formatSolrTime, parseCbTimestamp, parseServerTimestamp } from './cb-time.js';

describe('code tables', () => {
  it('names access masks like cbapi', () => {
    expect(accessMaskNames(0x1fffff)).toBe('PROCESS_ALL_ACCESS');
    expect(accessMaskNames(0x1f0000)).toBe('STANDARD_RIGHTS_ALL');
    expect(accessMaskNames(0xf0000)).toBe('STANDARD_RIGHTS_REQUIRED');
    expect(accessMaskNames(0x20000)).toBe('STANDARD_RIGHTS_READ');
    expect(accessMaskNames(0x100000 | 0x1 | 0x800)).toBe('SYNCHRONIZE | PROCESS_TERMINATE | PROCESS_SUPEND_RESUME');
    expect(accessMaskNames(0)).toBe('');
  });
  it('names file types, regmod types and protocols', () => {
    expect([0x10, 0x11, 0x30, 0x45, 0x99, ''].map(fileTypeName)).toEqual(['DOC', 'DOCX', 'PDF', '7Z', 'Unknown', 'Unknown']);
    expect(['4', 'x'].map(regModActionName)).toEqual(['DeletedKey', 'Unknown']);
    expect([6, '17', 999].map(ipProtocolName)).toEqual(['IPPROTO_TCP', 'IPPROTO_UDP', 'Unknown']);
  });
  it('turns int32 into dotted quads', () => {
    expect(int32ToIpv4(-1062731420)).toBe('192.168.1.100');
    expect(int32ToIpv4('3232235876')).toBe('192.168.1.100');
    expect(int32ToIpv4(1.5)).toBeUndefined();
    expect(int32ToIpv4('1.2.3.4')).toBeUndefined();
  });
});

describe('times', () => {
  it('reads sensor-local times with or without offsets as wall-clock', () => {
    expect(parseCbTimestamp('2016-11-11 20:59:31.631')?.toISOString()).toBe('2016-11-11T20:59:31.631Z');
    expect(parseCbTimestamp('2018-02-06 12:44:40.002234-06:00')?.toISOString()).toBe('2018-02-06T12:44:40.002Z');
    expect(parseCbTimestamp('2016-02-30 00:00:00')).toBeUndefined();
    expect(parseCbTimestamp(17)).toBeUndefined();
  });
  it('reads server times with offsets as instants', () => {
    expect(parseServerTimestamp('2018-02-06 12:44:40.002234-06:00')?.toISOString()).toBe('2018-02-06T18:44:40.002Z');
    expect(parseServerTimestamp('2017-02-01T03:52:34.137Z')?.toISOString()).toBe('2017-02-01T03:52:34.137Z');
  });
  it('formats Solr times and FILETIMEs', () => {
    expect(formatSolrTime(new Date('2017-05-21T18:41:58.123Z'))).toBe('2017-05-21T18:41:58Z');
    expect(fileTimeToDate(0x01d13bc4553b8c9fn).toISOString()).toBe('2015-12-21T07:51:00.004Z');
  });
});
