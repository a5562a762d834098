const CB_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a date as Cb Response sends it: `2018-02-06 12:44:40.002234-06:00`,
 * `2017-10-18T19:09:38.795824Z`, `2018-02-06 18:40:06.467689` (no offset: UTC) or an ISO string.
 * Sub-millisecond digits are dropped. Anything else (null, '', garbage) gives `undefined`, never an
 * invalid Date; cbapi's "missing means 1970-01-01" quirk is not copied.
 *
 * @param value - the raw field value
 * @returns the instant, or undefined
 * @example
 * ```ts
 * parseResponseDate('2018-02-06 12:44:40.002234-06:00')?.toISOString(); // '2018-02-06T18:44:40.002Z'
 * ```
 * @internal
 */
export function parseResponseDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const m = CB_DATE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const ms = frac.padEnd(3, '0').slice(0, 3);
  const offset = zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Formats a date the way older Cb Response servers (6.0.0 and below) take it: UTC,
 * `YYYY-MM-DD HH:MM:SS.ffffff`.
 *
 * @param date - the instant
 * @returns e.g. `2018-02-06 18:44:40.002000`
 * @internal
 */
export function formatCbDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}.${String(date.getUTCMilliseconds()).padStart(3, '0')}000`;
}

/**
 * Formats a date as RFC-822 in GMT (`Fri, 04 Dec 2026 19:56:59 GMT`), which Cb Response after 6.0.0
 * needs for `event_log_flush_time`. Unlike cbapi, the time really is GMT (cbapi sent local time
 * labelled GMT).
 *
 * @param date - the instant
 * @returns the RFC-822 string
 * @internal
 */
export function formatRfc822(date: Date): string {
  return date.toUTCString();
}
