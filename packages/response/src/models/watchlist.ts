import { ApiError, BaseModel, InvalidObjectError } from '@cbapi/core';
import type { BaseApi } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { BinaryQuery } from '../queries/binary-query.js';
import { ProcessQuery } from '../queries/process-query.js';
import { WatchlistActionQuery } from '../queries/watchlist-action-query.js';
import { BooleanField, DateField, NumberField, StringField } from './field-types.js';
import { WatchlistAction } from './watchlist-action.js';
import { facetsFromSearchQuery, queryFromSearchQuery, searchQueryWithQuery } from './watchlist-search-query.js';

type ResponseApi = BaseApi & ResponseServerContext;

/** Which index a watchlist searches: `events` (processes) or `modules` (binaries). @public */
export type WatchlistIndexType = 'events' | 'modules';

/**
 * A watchlist (`/api/v1/watchlist`): a saved process or binary search the server runs periodically.
 * `query` reads and writes the human-readable query inside `search_query`; `search()` runs it.
 * Create one with `cb.create(Watchlist, { name, index_type })` plus `query`, or with
 * `query.createWatchlist(name)`; the server answers `{id}` and the watchlist is read back.
 *
 * Fixed from cbapi (§8.2): `search()` runs the watchlist's own parameters (cbapi lost them and
 * searched everything).
 *
 * @example
 * ```ts
 * const w = await cb.select(Watchlist).where('name:[WARN] Attempts to mount internal share').one();
 * console.log(w.query);                 // process_name:net.exe cmdline:\\test\blah
 * console.log(await w.search().count());
 * w.enabled = false;
 * await w.save();
 * ```
 * @public
 */
export class Watchlist extends BaseModel {
  static override urlObject = '/api/v1/watchlist';
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;
  static override requiredFields: readonly string[] = ['name', 'search_query', 'index_type'];

  /** The id (a string on the wire: `"11"`). */
  @StringField() id!: string;
  @StringField() name!: string;
  /** The URL-encoded search (`cb.urlver=1&q=process_name%3Acmd.exe`); see `query`. */
  @StringField() search_query!: string;
  @StringField() index_type!: WatchlistIndexType;
  @StringField() description!: string | null;
  @BooleanField() enabled!: boolean;
  @BooleanField() readonly!: boolean;
  @DateField() search_timestamp!: Date;
  @DateField() date_added!: Date;
  @DateField() last_hit!: Date | null;
  @NumberField() last_hit_count!: number;
  @NumberField() total_hits!: number;
  @NumberField() total_tags!: number;
  @NumberField() group_id!: number;
  @NumberField() alliance_id!: number | null;
  @BooleanField() from_alliance!: boolean;

  /**
   * The query in search syntax, read from `search_query` (`q` values, and `cb.q.<field>=v` as
   * `field:v`, joined with spaces). Assigning replaces the query terms of `search_query` and keeps
   * its other parameters: `w.query = 'process_name:cmd.exe'` → `cb.urlver=1&q=process_name%3Acmd.exe`.
   */
  get query(): string {
    return queryFromSearchQuery(this.get('search_query'));
  }

  set query(value: string) {
    if (typeof value !== 'string') throw new ApiError(`Watchlist.query takes a string, got ${typeof value}`);
    this.search_query = searchQueryWithQuery(this.get('search_query'), value);
  }

  /**
   * The facet filters of the search (`cb.fq.<field>=v` → `{ field: v }`); cbapi's `facets` property.
   * @example
   * ```ts
   * const { process_name } = watchlist.facets();
   * ```
   */
  facets(): Record<string, string> {
    return facetsFromSearchQuery(this.get('search_query'));
  }

  /**
   * The watchlist's search as a query: a process search for `events`, a binary search for
   * `modules`, sending exactly the watchlist's parameters (`GET /api/v1/process?cb.urlver=1&facet=false&q=...`).
   * @throws {@link InvalidObjectError} for another `index_type`
   * @example
   * ```ts
   * for await (const proc of watchlist.search()) console.log(proc.cmdline);
   * ```
   */
  search(): ProcessQuery | BinaryQuery {
    const indexType = this.get<string>('index_type', 'events');
    const rawQuery = this.get<string>('search_query', '');
    const api = this.api as ResponseApi;
    if (indexType === 'events') return new ProcessQuery(api, { rawQuery });
    if (indexType === 'modules') return new BinaryQuery(api, { rawQuery });
    throw new InvalidObjectError(`index_type of ${indexType} is invalid (expected events or modules)`);
  }

  private numericId(): number {
    const id = Number(this.uniqueId());
    if (!Number.isInteger(id)) throw new ApiError('The watchlist has no id yet; save it first');
    return id;
  }

  /** The actions of this watchlist (`GET /api/v1/watchlist/<id>/action`). */
  actions(): WatchlistActionQuery {
    return new WatchlistActionQuery(this.api).where(`watchlist_id:${this.numericId()}`);
  }

  /**
   * A new action for this watchlist (`watchlist_id` set); set its `type` and save it.
   * @example
   * ```ts
   * const a = w.createAction(); a.type = 'email'; a.action_data = '{"email_recipients":[1]}'; await a.save();
   * ```
   */
  createAction(): WatchlistAction {
    return this.api.create(WatchlistAction, { watchlist_id: this.numericId() });
  }
}
