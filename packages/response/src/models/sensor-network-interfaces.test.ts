import { describe, expect, it } from '@jest/globals';
import { parseNetworkAdapters } from './sensor-network-interfaces.js';

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
