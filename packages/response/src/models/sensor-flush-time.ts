import { formatCbDate, formatRfc822, parseResponseDate } from './response-date.js';

/**
 * Compares dotted version strings the way Python's LooseVersion does for Cb Response versions
 * (`6.2.0.171114.1158` vs `6.0.0`): numeric parts compared as numbers, text parts as text, and a
 * longer version with an equal prefix is the greater one.
 *
 * @returns negative, zero or positive
 * @internal
 */
export function compareVersions(a: string, b: string): number {
  const split = (v: string): (number | string)[] =>
    (v.match(/\d+|[a-z]+/gi) ?? []).map((p) => (/^\d+$/.test(p) ? Number(p) : p.toLowerCase()));
  const pa = split(a);
  const pb = split(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * The `event_log_flush_time` a sensor PUT carries (protocol §2.7, quirk §8.1-9): `null` unless the
 * caller changed it; when changed, RFC-822 GMT on servers after 6.0.0, else the cb date string.
 *
 * @param value - the current value (a Date, a date string or null)
 * @param changed - whether the caller set it since the last load
 * @param serverVersion - the server's `version` (from `/api/info`); unknown counts as a 6.x server
 * @returns the value to send
 * @internal
 */
export function encodeFlushTime(value: unknown, changed: boolean, serverVersion: string | undefined): string | null {
  if (!changed) return null;
  const date = parseResponseDate(value) ?? (typeof value === 'string' ? parseRfc822(value) : undefined);
  if (!date) return value === null || value === undefined ? null : String(value);
  return serverVersion === undefined || compareVersions(serverVersion, '6.0.0') > 0 ? formatRfc822(date) : formatCbDate(date);
}

function parseRfc822(value: string): Date | undefined {
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
