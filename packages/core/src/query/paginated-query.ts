import type { BaseApi } from '../client/base-api.js';
import type { BaseModel } from '../model/base-model.js';
import type { ModelClass } from '../model/types.js';
import type { SearchParams } from '../transport/types.js';
import { startRowsPagination, type PaginationStrategy } from './pagination-strategy.js';
import { Query, type QueryState } from './query.js';

/** How a paginated query talks to its route. @public */
export interface PaginatedQueryOptions {
  /** Paging scheme. @defaultValue `startRowsPagination()` (Cb Response) */
  strategy?: PaginationStrategy;
  /** The search route. @defaultValue the model's `urlObject` */
  path?: string;
  /** Sort sent on result pages (never on counts) unless `sort()` sets one, so pages neither repeat nor skip. */
  defaultSort?: string;
  /** Parameters sent on every request (`cb.urlver=1`, `facet=false`). */
  baseParams?: SearchParams;
  /** Initial state (for subclasses that build a query from another). */
  state?: Partial<QueryState>;
}

/**
 * A server-side search, fetched one page at a time so memory stays flat. `count()` is one
 * request for zero rows. Clauses are joined with a space into `q` (override `queryParams()` for
 * other shapes); results are built with `toModel()`.
 *
 * @example
 * ```ts
 * class ProcessQuery extends PaginatedQuery<Process> {
 *   constructor(api: BaseApi) {
 *     super(Process, api, { defaultSort: 'last_update desc', baseParams: { 'cb.urlver': 1, facet: 'false' } });
 *   }
 *   groupBy(field: string): this { return this.withParams({ 'cb.group': field }); }
 * }
 * ```
 * @public
 */
export class PaginatedQuery<M extends BaseModel> extends Query<M> {
  /** The paging scheme. */
  protected readonly strategy: PaginationStrategy;
  /** The search route. */
  protected readonly path: string;
  /** The sort sent on pages when none was asked for. */
  protected readonly defaultSort: string | undefined;
  /** Parameters of every request. */
  protected readonly baseParams: Readonly<SearchParams>;

  constructor(model: ModelClass<M>, api: BaseApi, options: PaginatedQueryOptions = {}) {
    super(model, api, options.state);
    this.strategy = options.strategy ?? startRowsPagination();
    this.path = options.path ?? model.urlObject;
    this.defaultSort = options.defaultSort;
    this.baseParams = options.baseParams ?? {};
  }

  /**
   * The parameters of a request before paging: base parameters, `q` (clauses joined with a
   * space), the builders' parameters and, on pages, the sort.
   */
  protected queryParams(kind: 'count' | 'page'): SearchParams {
    const params: SearchParams = { ...this.baseParams };
    if (this.state.clauses.length > 0) params['q'] = this.state.clauses.join(' ');
    Object.assign(params, this.state.params);
    if (kind === 'page') {
      const sort = this.state.sort ?? this.defaultSort;
      if (sort !== undefined) params['sort'] = sort;
    }
    return params;
  }

  /** Sends one search request (GET `path`). Override for POST searches. */
  protected async fetchPage(params: SearchParams, signal: AbortSignal | undefined): Promise<unknown> {
    return this.api.transport.get(this.path, { searchParams: params, signal });
  }

  protected override async fetchCount(signal: AbortSignal | undefined): Promise<number> {
    const body = await this.fetchPage({ ...this.queryParams('count'), ...this.strategy.countParams() }, signal);
    return this.strategy.parseCount(body);
  }

  protected override async *iterate(start: number, limit: number | undefined, signal: AbortSignal | undefined): AsyncGenerator<M, void, undefined> {
    const batch = this.state.batchSize ?? this.strategy.defaultBatchSize;
    const params = this.queryParams('page');
    let offset = start;
    let yielded = 0;
    while (limit === undefined || yielded < limit) {
      const want = limit === undefined ? batch : Math.min(batch, limit - yielded);
      const body = await this.fetchPage({ ...params, ...this.strategy.pageParams(offset, want) }, signal);
      const page = this.strategy.parsePage(body);
      if (page.results.length === 0) return;
      offset += page.results.length;
      for (const doc of page.results) {
        if (limit !== undefined && yielded >= limit) return;
        yielded++;
        yield this.toModel(doc);
      }
      if (page.total !== undefined && offset >= page.total) return;
      if (page.total === undefined && page.results.length < want) return;
    }
  }
}
