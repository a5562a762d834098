import { ApiError } from '@cbapi/core';

/** What a Cb Response web UI URL points at. @public */
export type UiTarget =
  | { type: 'process'; guid: string; segment: number | undefined }
  | { type: 'binary'; md5: string }
  | { type: 'binaryQuery'; rawQuery: string }
  | { type: 'watchlist'; id: string }
  | { type: 'processQuery'; rawQuery: string }
  | { type: 'investigation'; id: string }
  | { type: 'alertQuery'; rawQuery: string }
  | { type: 'threatReportQuery'; rawQuery: string }
  | { type: 'threatReport'; id: string }
  | { type: 'api' };

function origin(u: URL): string {
  const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
  return `${u.protocol}//${u.hostname.toLowerCase()}:${port}`;
}

/**
 * Reads a Cb Response web UI URL (protocol.md §2.16) with the fixes of §8.2: `binaries/<raw query>`
 * is a binary search (cbapi sent it to `Binary`), and `login…` or an empty fragment means the API
 * object itself (cbapi raised). Both `#analyze/...` and `#/analyze/...` are accepted.
 * @param url - the URL copied from the browser
 * @param serverUrl - the configured server URL; scheme, host and port must match
 * @throws {@link ApiError} `Invalid URL provided`, `URL endpoint does not include a unique ID`, `Unknown URL endpoint`
 * @public
 */
export function parseUiUrl(url: string, serverUrl: string): UiTarget {
  let u: URL;
  let server: URL;
  try {
    u = new URL(url);
    server = new URL(serverUrl);
  } catch {
    throw new ApiError(`Invalid URL provided: ${url}`);
  }
  if (origin(u) !== origin(server)) throw new ApiError(`Invalid URL provided: ${url} is not on ${server.origin}`);
  const fragment = u.hash.replace(/^#/, '').replace(/^\/+/, '');
  if (fragment === '' || fragment.startsWith('login')) return { type: 'api' };
  // `search?cb.urlver=1&q=...` (the UI's form) and `search/cb.urlver=1&q=...` (cbapi's) are both read.
  const sep = /[/?]/.exec(fragment);
  const head = sep ? fragment.slice(0, sep.index) : fragment;
  const rest = sep ? fragment.slice(sep.index + 1).replace(/^\?/, '') : '';
  const parts = [head, ...rest.split('/')];
  const second = parts[1] ?? '';
  if (rest === '' || second === '') throw new ApiError(`URL endpoint does not include a unique ID: ${url}`);
  switch (head) {
    case 'analyze': {
      const seg = parts[2];
      const segment = seg === undefined || seg === '' ? undefined : Number.parseInt(seg, 10);
      if (segment !== undefined && Number.isNaN(segment)) throw new ApiError(`URL has a bad process segment: ${url}`);
      return { type: 'process', guid: second, segment };
    }
    case 'binary':
      return { type: 'binary', md5: second };
    case 'binaries':
      return { type: 'binaryQuery', rawQuery: rest };
    case 'watchlist':
      return { type: 'watchlist', id: second };
    case 'search':
      return { type: 'processQuery', rawQuery: rest };
    case 'investigation':
      return { type: 'investigation', id: second };
    case 'alerts':
      return { type: 'alertQuery', rawQuery: rest };
    case 'threats':
      return { type: 'threatReportQuery', rawQuery: rest };
    case 'threat-details': {
      const title = parts.slice(2).join('/');
      if (!title) throw new ApiError(`URL endpoint does not include a unique ID: ${url}`);
      return { type: 'threatReport', id: `${second}:${decodeURIComponent(title)}` };
    }
    default:
      throw new ApiError(`Unknown URL endpoint: ${url}`);
  }
}
