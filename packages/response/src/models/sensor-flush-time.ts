import { formatCbDate, formatRfc822, parseResponseDate } from './response-date.js';

function parseRfc822(value: string): Date | undefined {
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * The `event_log_flush_time` a sensor PUT carries (protocol §2.7, quirk §8.1-9): `null` unless the
 * caller changed it; when changed, RFC-822 GMT on servers after 6.0.0, else the cb date string.
 *
 * @param value - the current value (a Date, a date string or null)
 * @param changed - whether the caller set it since the last load
 * @param rfc822 - true for servers after 6.0.0
 * @returns the value to send
 * @internal
 */
export function encodeFlushTime(value: unknown, changed: boolean, rfc822: boolean): string | null {
  if (!changed) return null;
  const date = parseResponseDate(value) ?? (typeof value === 'string' ? parseRfc822(value) : undefined);
  if (!date) return value === null || value === undefined ? null : String(value);
  return rfc822 ? formatRfc822(date) : formatCbDate(date);
}
