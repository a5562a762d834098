import type { SearchParams, SearchParamValue } from './types.js';

/** Python's `quote_plus`: everything but letters, digits and `_.-~` is escaped; space becomes `+`. */
function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function entriesOf(params: SearchParams | URLSearchParams): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) out.push([key, value]);
    return out;
  }
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const values: readonly SearchParamValue[] = Array.isArray(value) ? (value as readonly SearchParamValue[]) : [value as SearchParamValue];
    for (const v of values) out.push([key, String(v)]);
  }
  return out;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Encodes query parameters as cbapi does (`urlencode(sorted(...))`): sorted by key then value,
 * arrays as repeated keys, undefined dropped, space as `+`, `:` as `%3A`.
 * @internal
 */
export function encodeQuery(params: SearchParams | URLSearchParams): string {
  return entriesOf(params)
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]))
    .map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`)
    .join('&');
}

/**
 * A request path relative to the server (no leading `/`), with the encoded query appended.
 * @internal
 */
export function relativePath(path: string, params?: SearchParams | URLSearchParams): string {
  const base = path.replace(/^\/+/, '');
  const query = params === undefined ? '' : encodeQuery(params);
  if (!query) return base;
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}
