import { describe, expect, it } from '@jest/globals';
import { formatThreatReportId, parseThreatReportId } from './threat-report-id.js';

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
