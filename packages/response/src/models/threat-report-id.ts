import { ApiError } from '@cbapi/core';

/**
 * Splits a ThreatReport id `"<feed_id>:<report_id>"`. The report id may itself hold colons (only the
 * first one separates); both parts must be non-empty.
 *
 * @param id - the combined id
 * @returns the feed id and report id
 * @throws {@link ApiError} `ThreatReport ID must be in form '<feed_id>:<report_id>'`
 * @internal
 */
export function parseThreatReportId(id: unknown): { feedId: string; reportId: string } {
  const text = typeof id === 'number' ? String(id) : id;
  if (typeof text === 'string') {
    const at = text.indexOf(':');
    if (at > 0 && at < text.length - 1) return { feedId: text.slice(0, at), reportId: text.slice(at + 1) };
  }
  throw new ApiError(`ThreatReport ID must be in form '<feed_id>:<report_id>', got ${JSON.stringify(id)}`);
}

/**
 * Joins a feed id and report id into a ThreatReport id.
 * @internal
 */
export function formatThreatReportId(feedId: string | number, reportId: string | number): string {
  return `${feedId}:${reportId}`;
}
