/**
 * Wire→domain conversions for use in `@Transform` (dates in the formats Carbon Black servers
 * send, string booleans). Each returns `undefined` for a missing value and leaves a value it
 * cannot convert as it was, so no server value is lost.
 */

const CB_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Converts a server timestamp to a `Date`: `YYYY-MM-DD HH:MM:SS.ffffff±HH:MM` (Response),
 * ISO 8601 (`2017-02-01T03:52:34.137Z`), epoch milliseconds (a number), or a `Date`. A
 * timestamp without a zone is UTC. Returns the input unchanged when it is not a date.
 *
 * @example
 * ```ts
 * @Type(() => Date) @Transform(({ obj, key }) => toDate(obj[key]), { toClassOnly: true }) last_update!: Date;
 * ```
 * @public
 */
export function toDate(value: unknown): Date | unknown {
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value) : value;
  if (typeof value !== 'string') return value;
  if (value.length >= 20 && value.charCodeAt(10) === 84 && value.endsWith('Z')) {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return new Date(t);
  }
  const m = CB_DATE.exec(value.trim());
  if (!m) return value;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return value;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? value : date;
}

/**
 * Converts `"true"`/`"false"` (any case), `1`/`0` and booleans to a boolean; anything else is
 * returned unchanged (unlike Python's `bool("false")`, which is true).
 * @public
 */
export function toBoolean(value: unknown): boolean | unknown {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === '1' || v === 'yes') return true;
    if (v === 'false' || v === '0' || v === 'no') return false;
  }
  return value;
}
