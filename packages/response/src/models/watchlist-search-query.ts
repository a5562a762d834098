/** One `key=value` pair of a watchlist's `search_query`, decoded. @internal */
export type SearchQueryPair = readonly [key: string, value: string];

const UNRESERVED = /[A-Za-z0-9_.\-~/]/;

/**
 * Percent-encodes like Python's `urllib.parse.quote(value)` (safe characters `A-Z a-z 0-9 _ . - ~ /`;
 * a space becomes `%20`, `:` becomes `%3A`), which is how cbapi writes a watchlist's query.
 *
 * @param value - text to encode
 * @returns the encoded text
 * @internal
 */
export function quote(value: string): string {
  let out = '';
  for (const ch of value) {
    if (UNRESERVED.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function unquotePlus(value: string): string {
  const text = value.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%` that is not an escape: decode what can be decoded, keep the rest as is (Python's errors='replace' spirit).
    return text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * Decodes a URL query string as Python's `parse_qsl` does (the reading cbapi uses for
 * `search_query`): pairs split on `&`, `+` is a space, percent escapes decoded, pairs without `=`
 * or with an empty value dropped, repeated keys kept in order.
 *
 * @param searchQuery - e.g. `cb.urlver=1&q=is_executable_image%3Afalse`
 * @returns the pairs in order
 * @internal
 */
export function parseSearchQuery(searchQuery: unknown): SearchQueryPair[] {
  if (typeof searchQuery !== 'string' || searchQuery === '') return [];
  const pairs: SearchQueryPair[] = [];
  for (const part of searchQuery.split('&')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const value = part.slice(at + 1);
    if (value === '') continue;
    pairs.push([unquotePlus(part.slice(0, at)), unquotePlus(value)]);
  }
  return pairs;
}

/**
 * The human-readable query of a watchlist: every `q` value verbatim and every `cb.q.<field>=<v>` as
 * `<field>:<v>`, in order, joined with spaces.
 *
 * @param searchQuery - the watchlist's `search_query`
 * @returns e.g. `-path:c:\windows\* filemod:c:\windows\system32\*`
 * @internal
 */
export function queryFromSearchQuery(searchQuery: unknown): string {
  const parts: string[] = [];
  for (const [k, v] of parseSearchQuery(searchQuery)) {
    if (k === 'q') parts.push(v);
    else if (k.startsWith('cb.q.')) parts.push(`${k.slice(5)}:${v}`);
  }
  return parts.join(' ');
}

/**
 * A new `search_query` with its query replaced: `q` and `cb.q.*` pairs dropped, the others kept in
 * order, `cb.urlver=1` added when missing, then `q=<query>`; every value encoded with {@link quote}
 * (`w.query = 'process_name:cmd.exe'` on an empty watchlist gives `cb.urlver=1&q=process_name%3Acmd.exe`).
 *
 * @param searchQuery - the current `search_query` (may be undefined for a new watchlist)
 * @param query - the new query text
 * @returns the new `search_query`
 * @internal
 */
export function searchQueryWithQuery(searchQuery: unknown, query: string): string {
  const kept = parseSearchQuery(searchQuery).filter(([k]) => k !== 'q' && !k.startsWith('cb.q.'));
  if (!kept.some(([k]) => k === 'cb.urlver')) kept.push(['cb.urlver', '1']);
  kept.push(['q', query]);
  return kept.map(([k, v]) => `${quote(k)}=${quote(v)}`).join('&');
}

/**
 * The facet filters of a watchlist: each `cb.fq.<field>=<v>` as `{ field: v }` (the last one wins).
 *
 * @param searchQuery - the watchlist's `search_query`
 * @returns the facet map
 * @internal
 */
export function facetsFromSearchQuery(searchQuery: unknown): Record<string, string> {
  const facets: Record<string, string> = {};
  for (const [k, v] of parseSearchQuery(searchQuery)) if (k.startsWith('cb.fq.')) facets[k.slice(6)] = v;
  return facets;
}
