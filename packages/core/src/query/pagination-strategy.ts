import { ServerError } from '../errors/server-error.js';
import type { JsonObject } from '../model/types.js';
import type { SearchParams } from '../transport/types.js';

/** One page of results as a strategy reads it. @public */
export interface Page {
  readonly results: readonly JsonObject[];
  /** The total the server reported, when it reports one. */
  readonly total: number | undefined;
}

/**
 * How a product pages through search results: the parameters of a count and of a page request,
 * and where the results and the total are in a reply. @public
 */
export interface PaginationStrategy {
  /** Rows per page unless `batchSize()` says otherwise. */
  readonly defaultBatchSize: number;
  /** Parameters of a count request (asks for no rows). */
  countParams(): SearchParams;
  /** Parameters of the page starting at `offset` (0-based) with `limit` rows. */
  pageParams(offset: number, limit: number): SearchParams;
  /** Reads a page reply. @throws {@link ServerError} on a reply of the wrong shape */
  parsePage(body: unknown): Page;
  /** Reads a count reply. @throws {@link ServerError} on a reply of the wrong shape */
  parseCount(body: unknown): number;
}

/** Options of `startRowsPagination`. @public */
export interface StartRowsPaginationOptions {
  /** @defaultValue 'start' */
  startParam?: string;
  /** @defaultValue 'rows' */
  rowsParam?: string;
  /** @defaultValue 'results' */
  resultsKey?: string;
  /** @defaultValue 'total_results' */
  totalKey?: string;
  /** The first row is 1 (Cb Defense) instead of 0. @defaultValue false */
  oneBased?: boolean;
  /** @defaultValue 100 */
  defaultBatchSize?: number;
}

/** Options of `offsetLimitPagination`. @public */
export interface OffsetLimitPaginationOptions {
  /** @defaultValue 'offset' */
  offsetParam?: string;
  /** @defaultValue 'limit' */
  limitParam?: string;
  /** Key of the result list in an object reply; a reply that is an array is the list itself. @defaultValue 'results' */
  resultsKey?: string;
  /** Key of the total in a count (and page) reply. @defaultValue 'count' */
  totalKey?: string;
  /** Parameters of a count request. @defaultValue `{ limit: -1 }` (Cb Protection) */
  countParams?: SearchParams;
  /** @defaultValue 1000 */
  defaultBatchSize?: number;
}

function badReply(what: string, body: unknown): ServerError {
  const text = (() => {
    try {
      return JSON.stringify(body) ?? String(body);
    } catch {
      return String(body);
    }
  })();
  return new ServerError(`Unexpected search reply: ${what}`, { status: 200, body: text });
}

function readTotal(body: JsonObject, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < 0) throw badReply(`"${key}" is not a count`, body);
  return n;
}

function readResults(list: unknown, body: unknown, key: string): JsonObject[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw badReply(`"${key}" is not a list`, body);
  for (const item of list) if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badReply(`"${key}" holds a non-object`, body);
  return list as JsonObject[];
}

/**
 * start/rows paging: Cb Response (`start`, `rows`, `results`, `total_results`, 0-based) and Cb
 * Defense (1-based `start`, `totalResults`).
 * @example
 * ```ts
 * const strategy = startRowsPagination();                                   // Response
 * const defense = startRowsPagination({ oneBased: true, totalKey: 'totalResults' });
 * ```
 * @public
 */
export function startRowsPagination(options: StartRowsPaginationOptions = {}): PaginationStrategy {
  const startParam = options.startParam ?? 'start';
  const rowsParam = options.rowsParam ?? 'rows';
  const resultsKey = options.resultsKey ?? 'results';
  const totalKey = options.totalKey ?? 'total_results';
  const base = options.oneBased ? 1 : 0;
  return {
    defaultBatchSize: options.defaultBatchSize ?? 100,
    countParams: () => ({ [startParam]: base, [rowsParam]: 0 }),
    pageParams: (offset, limit) => ({ [startParam]: offset + base, [rowsParam]: limit }),
    parsePage(body) {
      if (body === undefined) return { results: [], total: undefined };
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badReply('expected a JSON object', body);
      const obj = body as JsonObject;
      return { results: readResults(obj[resultsKey], body, resultsKey), total: readTotal(obj, totalKey) };
    },
    parseCount(body) {
      if (body === undefined) return 0;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badReply('expected a JSON object', body);
      return readTotal(body as JsonObject, totalKey) ?? 0;
    },
  };
}

/**
 * offset/limit paging (Cb Protection: a page reply is a JSON array; `limit=-1` asks for
 * `{ "count": N }`).
 * @public
 */
export function offsetLimitPagination(options: OffsetLimitPaginationOptions = {}): PaginationStrategy {
  const offsetParam = options.offsetParam ?? 'offset';
  const limitParam = options.limitParam ?? 'limit';
  const resultsKey = options.resultsKey ?? 'results';
  const totalKey = options.totalKey ?? 'count';
  const countParams = options.countParams ?? { [limitParam]: -1 };
  return {
    defaultBatchSize: options.defaultBatchSize ?? 1000,
    countParams: () => ({ ...countParams }),
    pageParams: (offset, limit) => ({ [offsetParam]: offset, [limitParam]: limit }),
    parsePage(body) {
      if (body === undefined) return { results: [], total: undefined };
      if (Array.isArray(body)) return { results: readResults(body, body, resultsKey), total: undefined };
      if (typeof body !== 'object' || body === null) throw badReply('expected a JSON array or object', body);
      const obj = body as JsonObject;
      return { results: readResults(obj[resultsKey], body, resultsKey), total: readTotal(obj, totalKey) };
    },
    parseCount(body) {
      if (body === undefined) return 0;
      if (Array.isArray(body)) return body.length;
      if (typeof body !== 'object' || body === null) throw badReply('expected a JSON object', body);
      return readTotal(body as JsonObject, totalKey) ?? 0;
    },
  };
}
