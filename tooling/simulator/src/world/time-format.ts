const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * The Cb Response "server datetime" format: `2018-02-06 12:44:40.002234-06:00` (the recordings'
 * server ran at UTC-6). Microseconds are derived from the millisecond value (last 3 digits fixed).
 */
export function cbDateTime(ms: number, offsetMinutes = -360): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(ms % 997, 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Solr time: `2017-02-01T03:52:34.137Z`. */
export function solrTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Solr time without fraction: `2016-04-12T09:21:00Z`. */
export function solrTimeSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Partition-style time with microseconds: `2018-02-05T20:31:33.521670Z`. */
export function isoMicros(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${pad(ms % 997, 3)}Z`;
}

/** Watchlist `search_timestamp`-style: `2018-02-06 18:40:06.467689`. */
export function plainMicros(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23).replace('T', ' ')}${pad(ms % 997, 3)}`;
}
