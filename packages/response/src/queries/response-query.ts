import { InvalidQueryError, PaginatedQuery, ServerError } from '@cbapi/core';
import type { BaseApi, BaseModel, JsonObject, ModelClass, QueryRunOptions, QueryState, SearchParams } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { parseSearchQuery, quote } from '../models/watchlist-search-query.js';
import type { Watchlist } from '../models/watchlist.js';

/** One facet term: the value, how many results have it, its share of the results and its bar length. @public */
export interface FacetTerm {
  /** The term (`chrome.exe`). */
  name: string;
  /** How many results carry it. */
  value: number;
  /** Its share of all results, in percent (`23.4`). */
  ratio: number;
  /** Its size relative to the most frequent term, in percent (100 for the top term). */
  percent: number;
}

/** Facets by field name, as `query.facets('process_name')` returns them. @public */
export type FacetResult = Record<string, FacetTerm[]>;

/** What a Response query is built with. @public */
export interface ResponseQueryOptions {
  /** Sort of result pages when `sort()` is not called (`last_update desc` for processes). */
  defaultSort?: string;
  /** A raw URL query string (from a web UI link) sent instead of the built parameters. */
  rawQuery?: string;
  /** Initial state (builder parameters). */
  state?: Partial<QueryState>;
}

type ResponseApi = BaseApi & ResponseServerContext;

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Python's `quote_plus`: like `quote` with `/` also escaped and a space as `+`. */
function quotePlus(value: string): string {
  return quote(value).replace(/\//g, '%2F').replace(/%20/g, '+');
}

/**
 * The Solr-backed searches of Cb Response (`/api/v1/process`, `/api/v1/binary`, `/api/v1/alert`,
 * `/api/v1/threat_report`): paged with `start`/`rows` (100 a page), `cb.urlver=1` on every
 * request, `facet=false` on servers 5.1.1 and later, clauses joined with spaces into `q`, the
 * sort sent only on result pages and `count()` as one `rows=0` request.
 *
 * Subclasses (`ProcessQuery`, `BinaryQuery`, part 2's `AlertQuery`, `ThreatReportQuery`) add
 * builders with `withParams()` and build results in `toModel()`.
 *
 * @example
 * ```ts
 * const q = cb.select(Process).where('hostname:WIN-IA9NQ1GN8OI').and('username:bit9rad');
 * const { process_name } = await q.facets('process_name');
 * const w = await q.createWatchlist('[WARN] bit9rad processes');
 * ```
 * @public
 */
export class ResponseQuery<M extends BaseModel> extends PaginatedQuery<M> {
  /** The raw parameters of a query built from a web UI link, sent instead of the built ones. */
  protected readonly rawParams: ReadonlyArray<readonly [string, string]> | undefined;

  constructor(model: ModelClass<M>, api: ResponseApi, options: ResponseQueryOptions = {}) {
    const baseParams: SearchParams = { 'cb.urlver': 1 };
    if (api.serverVersion.sendsFacetFalse) baseParams['facet'] = 'false';
    super(model, api, { baseParams, defaultSort: options.defaultSort, state: options.state });
    this.rawParams = options.rawQuery === undefined ? undefined : parseSearchQuery(options.rawQuery);
  }

  /** The API object, with the server facts Response queries need. */
  protected get responseApi(): ResponseApi {
    return this.api as ResponseApi;
  }

  /** Refuses clauses on a query built from a raw UI query (cbapi: "Cannot call .where() on a raw query"). */
  protected override checkClause(clause: string): void {
    super.checkClause(clause);
    if (this.rawParams !== undefined) throw new InvalidQueryError('Cannot call .where() on a raw query');
  }

  /** The parameters before paging; a raw query's own parameters replace the built ones. */
  protected override queryParams(kind: 'count' | 'page'): SearchParams {
    if (this.rawParams === undefined) return super.queryParams(kind);
    const params: Record<string, string | string[]> = {};
    for (const [k, v] of this.rawParams) {
      if (k === 'start' || k === 'rows' || (kind === 'count' && k === 'sort')) continue;
      const prev = params[k];
      params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    if (kind === 'page' && params['sort'] === undefined) {
      const sort = this.state.sort ?? this.defaultSort;
      if (sort !== undefined) params['sort'] = sort;
    }
    return params;
  }

  /** The query text (`q`): the clauses joined with spaces, or the raw query's `q`. */
  get queryText(): string {
    if (this.rawParams !== undefined) return this.rawParams.filter(([k]) => k === 'q').map(([, v]) => v).join(' ');
    return this.state.clauses.join(' ');
  }

  /**
   * Facet counts for fields of the results: one request `facet=true&facet.field=f1&facet.field=f2&rows=0&start=0`.
   * @param fields - one or more field names (`process_name`, `username`, ...)
   * @returns an object keyed by field, each a list of `{ name, value, ratio, percent }`
   * @throws {@link InvalidQueryError} when no field is given
   * @throws {@link ServerError} when the reply has no usable facets
   * @example
   * ```ts
   * const f = await cb.select(Process).where('hostname:WIN-IA9NQ1GN8OI').facets('process_name', 'username');
   * for (const t of f.process_name ?? []) console.log(t.name, t.ratio);
   * ```
   */
  async facets(...fieldsAndOptions: Array<string | QueryRunOptions>): Promise<FacetResult> {
    const fields = fieldsAndOptions.filter((f): f is string => typeof f === 'string');
    const options = fieldsAndOptions.find((f): f is QueryRunOptions => typeof f === 'object' && f !== null) ?? {};
    if (fields.length === 0) throw new InvalidQueryError('facets() needs at least one field name');
    const params: SearchParams = { ...this.baseParams, ...this.state.params, facet: 'true', 'facet.field': fields, rows: 0, start: 0 };
    const q = this.queryText;
    if (q !== '') params['q'] = q;
    const body = await this.api.transport.get(this.path, { searchParams: params, signal: this.signalFor(options) });
    return parseFacets(body, fields);
  }

  /** The `index_type` of a watchlist made from this query: `events` (processes) or `modules` (binaries). */
  protected watchlistIndexType(): 'events' | 'modules' {
    return 'events';
  }

  /**
   * The watchlist `search_query` of this query as the server stores it: `cb.urlver=1`, `facet=false`
   * when the server takes it, the builders' parameters and `q`, percent-encoded with `%20` for
   * spaces, no sort (the server drops it).
   */
  watchlistSearchQuery(): string {
    const pairs: Array<[string, string]> = [['cb.urlver', '1']];
    if (this.baseParams['facet'] !== undefined) pairs.push(['facet', String(this.baseParams['facet'])]);
    for (const [k, v] of Object.entries(this.state.params)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) pairs.push([k, String(one)]);
    }
    pairs.push(['q', this.queryText]);
    return pairs.map(([k, v]) => `${quote(k)}=${quote(v)}`).join('&');
  }

  /**
   * Saves this query as a watchlist (POST `/api/v1/watchlist`, then the server's document).
   * @param name - the watchlist's name
   * @returns the saved watchlist
   * @throws {@link InvalidQueryError} when the name is empty
   * @example
   * ```ts
   * const w = await cb.select(Process).where('process_name:net.exe').createWatchlist('[WARN] net.exe');
   * console.log(w.id, w.query);
   * ```
   */
  async createWatchlist(name: string, options: QueryRunOptions = {}): Promise<Watchlist> {
    if (typeof name !== 'string' || name.trim() === '') throw new InvalidQueryError('createWatchlist() needs a non-empty name');
    // Loaded on use: Watchlist's module imports the process and binary queries, which extend this class.
    const { Watchlist: WatchlistModel } = await import('../models/watchlist.js');
    const w = this.api.create(WatchlistModel, { name, search_query: this.watchlistSearchQuery(), index_type: this.watchlistIndexType() });
    await w.save({ signal: this.signalFor(options) });
    return w;
  }

  /** The web UI page of this search (`<server>/#/search?<params>`). */
  get webuiLink(): string {
    const params = this.queryParams('page');
    const pairs: string[] = [];
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) pairs.push(`${quotePlus(k)}=${quotePlus(String(one))}`);
    }
    return `${this.responseApi.url}/#/${this.webuiPage()}?${pairs.join('&')}`;
  }

  /** The UI page of this kind of search (`search` for processes, `binaries` for binaries). */
  protected webuiPage(): string {
    return 'search';
  }
}

/**
 * Reads the `facets` of a search reply into `{ field: [{ name, value, ratio, percent }] }`. A
 * missing `ratio` is computed from the values, a missing `percent` relative to the top term.
 * @throws {@link ServerError} when `facets` is not an object of lists
 * @public
 */
export function parseFacets(body: unknown, fields: readonly string[]): FacetResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ServerError('Unexpected facet reply: expected a JSON object', { status: 200, body: JSON.stringify(body) ?? String(body) });
  }
  const facets = (body as JsonObject)['facets'] ?? {};
  if (typeof facets !== 'object' || facets === null || Array.isArray(facets)) {
    throw new ServerError('Unexpected facet reply: "facets" is not an object', { status: 200, body: JSON.stringify(body) });
  }
  const out: FacetResult = {};
  for (const field of fields) out[field] = [];
  for (const [field, list] of Object.entries(facets as JsonObject)) {
    if (!Array.isArray(list)) throw new ServerError(`Unexpected facet reply: "${field}" is not a list`, { status: 200, body: JSON.stringify(body) });
    const terms = list.filter((t): t is JsonObject => typeof t === 'object' && t !== null && !Array.isArray(t));
    const values = terms.map((t) => num(t['value']) ?? 0);
    const total = values.reduce((a, b) => a + b, 0);
    const max = Math.max(0, ...values);
    out[field] = terms.map((t, i) => {
      const value = values[i] ?? 0;
      return {
        name: t['name'] === undefined || t['name'] === null ? '' : String(t['name']),
        value,
        ratio: num(t['ratio']) ?? (total > 0 ? Math.round((value / total) * 1000) / 10 : 0),
        percent: num(t['percent']) ?? (max > 0 ? Math.round((value / max) * 100) : 0),
      };
    });
  }
  return out;
}
