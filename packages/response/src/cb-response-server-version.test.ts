import { describe, expect, it } from '@jest/globals';
import { ServerVersion } from './cb-response-server-version.js';

describe('ServerVersion', () => {
  it('routes events and segments by version', () => {
    const cases: Array<[string, number, number, boolean, boolean]> = [
      ['5.0.0.150525', 1, 1, false, false],
      ['5.1.0', 2, 1, false, false],
      ['5.1.1.60603', 2, 1, true, false],
      ['5.2.0.161004.1206', 3, 1, true, false],
      ['6.1.0.170717', 4, 0, true, true],
      ['6.2.0.171114.1158', 4, 0, true, true],
    ];
    for (const [text, ev, seg, facet, six] of cases) {
      const v = new ServerVersion(text);
      expect([v.eventApiVersion, v.defaultSegment, v.sendsFacetFalse, v.is6x]).toEqual([ev, seg, facet, six]);
    }
  });
  it('compares part by part', () => {
    expect(new ServerVersion('6.2.0.171114.1158').compare('6.10')).toBeLessThan(0);
    expect(new ServerVersion('5.1.1').atLeast('5.1.1')).toBe(true);
    expect(new ServerVersion('4.2').atLeast('5.0')).toBe(false);
    expect(String(new ServerVersion('6.2.0'))).toBe('6.2.0');
  });
});
