/**
 * Time parsing for Cb Response documents and events.
 *
 * Event timestamps are the sensor's local wall-clock time; cbapi parses them with dateutil and
 * drops any offset. We keep that meaning: the wall-clock fields become a `Date` at UTC, so
 * `date.toISOString()` shows the time the sensor reported. Fractions beyond milliseconds are
 * truncated.
 */

const TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses `2016-11-11 20:59:31.631`, `2017-01-31T20:07:57.446Z` or
 * `2018-02-06 12:44:40.002234-06:00` into the wall-clock time it names (offset dropped).
 * @returns the Date, or `undefined` when the text is not such a time
 * @public
 */
export function parseCbTimestamp(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const m = TIME_RE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  const ms = Number((frac + '000').slice(0, 3));
  const month = Number(mo) - 1;
  const date = new Date(Date.UTC(Number(y), month, Number(d), Number(h), Number(mi), Number(s), ms));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== month || date.getUTCDate() !== Number(d)) return undefined;
  return date;
}

/**
 * Parses a server time that carries an offset (`2018-02-06 12:44:40.002234-06:00`, `...Z`)
 * into the absolute instant; without an offset the time is read as UTC.
 * @public
 */
export function parseServerTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string') return parseCbTimestamp(value);
  const m = TIME_RE.exec(value.trim());
  const wall = parseCbTimestamp(value);
  if (!m || !wall) return undefined;
  const offset = m[8];
  if (!offset || offset === 'Z') return wall;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return new Date(wall.getTime() - sign * minutes * 60_000);
}

/** Formats a time as Solr's `%Y-%m-%dT%H:%M:%SZ` (UTC, whole seconds). @public */
export function formatSolrTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Windows FILETIME (100-ns ticks since 1601-01-01) → Date (millisecond precision). @public */
export function fileTimeToDate(ticks: bigint): Date {
  const EPOCH_DIFF_MS = 11_644_473_600_000n;
  return new Date(Number(ticks / 10_000n - EPOCH_DIFF_MS));
}
