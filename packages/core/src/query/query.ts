import type { BaseApi } from '../client/base-api.js';
import { InvalidQueryError } from '../errors/invalid-query-error.js';
import { MoreThanOneResultError } from '../errors/more-than-one-result-error.js';
import type { BaseModel } from '../model/base-model.js';
import { hydrate } from '../model/hydrate.js';
import type { JsonObject, ModelClass } from '../model/types.js';
import type { SearchParams } from '../transport/types.js';

/** The immutable state of a query; every builder returns a clone with a changed state. @public */
export interface QueryState {
  /** `where`/`and` clauses, in order. */
  readonly clauses: readonly string[];
  /** The sort the user asked for (`last_update desc`), if any. */
  readonly sort: string | undefined;
  /** Results per page, when set with `batchSize()`. */
  readonly batchSize: number | undefined;
  /** Cancels every request the query makes. */
  readonly signal: AbortSignal | undefined;
  /** Extra request parameters set by product builders (`cb.group`, ...). */
  readonly params: Readonly<SearchParams>;
}

/** Options of the terminal methods (`count`, `first`, `toArray`, ...). @public */
export interface QueryRunOptions {
  /** Cancels the requests (besides the query's own `withSignal`). */
  signal?: AbortSignal;
}

const EMPTY_STATE: QueryState = { clauses: [], sort: undefined, batchSize: undefined, signal: undefined, params: {} };

function combineSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a) return b;
  if (!b) return a;
  return AbortSignal.any([a, b]);
}

/**
 * A lazy, immutable query over a model's objects. Nothing is sent until it is iterated
 * (`for await`) or a terminal method runs (`count`, `first`, `one`, `slice`, `at`, `toArray`).
 * Every builder (`where`, `and`, `sort`, `batchSize`, `withSignal`) returns a new query. A query is
 * not thenable: `await query` gives the query back, not results.
 *
 * Subclasses implement `fetchCount()` and `iterate()`; products extend `PaginatedQuery` or
 * `SimpleQuery` and add builders with `withParams()`.
 *
 * @example
 * ```ts
 * const q = cb.select(Process).where('process_name:cmd.exe').and('filemod:*.exe');
 * for await (const proc of q) console.log(proc.cmdline);
 * const n = await q.count();
 * ```
 * @public
 */
export abstract class Query<M extends BaseModel> implements AsyncIterable<M> {
  /** The model the results are built as. */
  readonly model: ModelClass<M>;
  /** The API object the query runs on. */
  readonly api: BaseApi;
  /** The query's immutable state. */
  protected readonly state: QueryState;

  constructor(model: ModelClass<M>, api: BaseApi, state: Partial<QueryState> = {}) {
    this.model = model;
    this.api = api;
    this.state = { ...EMPTY_STATE, ...state };
  }

  /** A copy of this query with `patch` applied to its state. Subclass fields are copied as they are. */
  protected clone(patch: Partial<QueryState>): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this);
    (copy as unknown as { state: QueryState }).state = { ...this.state, ...patch };
    return copy;
  }

  /** A copy with extra request parameters (`undefined` removes one). For product builders. */
  protected withParams(params: SearchParams): this {
    return this.clone({ params: { ...this.state.params, ...params } });
  }

  /** Checks a clause before `where`/`and` adds it; subclasses refuse what they cannot send. */
  protected checkClause(clause: string): void {
    if (typeof clause !== 'string') throw new InvalidQueryError(`where() takes a string, got ${typeof clause}`);
  }

  /**
   * Adds a search clause (Response joins clauses with a space, an implicit AND).
   * @throws {@link InvalidQueryError} when the clause is not acceptable
   */
  where(clause: string): this {
    this.checkClause(clause);
    return this.clone({ clauses: [...this.state.clauses, clause] });
  }

  /** Same as `where` (cbapi's `and_`). */
  and(clause: string): this {
    return this.where(clause);
  }

  /** Sorts the results (`'last_update desc'`); an empty string removes the sort. */
  sort(order: string): this {
    if (typeof order !== 'string') throw new InvalidQueryError(`sort() takes a string, got ${typeof order}`);
    const s = order.trim();
    return this.clone({ sort: s === '' ? undefined : s });
  }

  /**
   * Results per page.
   * @throws {@link InvalidQueryError} unless a positive integer
   */
  batchSize(size: number): this {
    if (!Number.isInteger(size) || size <= 0) throw new InvalidQueryError(`batchSize() takes a positive integer, got ${String(size)}`);
    return this.clone({ batchSize: size });
  }

  /** Cancels every request of the query (and its iterations) when `signal` aborts. */
  withSignal(signal: AbortSignal): this {
    return this.clone({ signal });
  }

  /** The signal requests use: the query's and the call's. */
  protected signalFor(options: QueryRunOptions = {}): AbortSignal | undefined {
    return combineSignals(this.state.signal, options.signal);
  }

  /** Builds a model from one result document (a partial document). Override for product ids. */
  protected toModel(doc: JsonObject): M {
    return hydrate(this.model, this.api, doc, { fullDoc: false });
  }

  /** How many results the server has (one request). */
  protected abstract fetchCount(signal: AbortSignal | undefined): Promise<number>;

  /** Yields results from `start` (>= 0), at most `limit` of them (`undefined` = all), page by page. */
  protected abstract iterate(start: number, limit: number | undefined, signal: AbortSignal | undefined): AsyncGenerator<M, void, undefined>;

  /** The number of results (`len(query)`): one request, nothing fetched. Always asks the server. */
  async count(options: QueryRunOptions = {}): Promise<number> {
    return this.fetchCount(this.signalFor(options));
  }

  /** The first result, or `undefined` when there is none (asks for one row). */
  async first(options: QueryRunOptions = {}): Promise<M | undefined> {
    const [m] = await this.slice(0, 1, options);
    return m;
  }

  /**
   * The only result.
   * @throws {@link MoreThanOneResultError} on zero or several results (with `count`)
   */
  async one(options: QueryRunOptions = {}): Promise<M> {
    const rows = await this.slice(0, 2, options);
    const [m] = rows;
    if (rows.length === 1 && m !== undefined) return m;
    const count = rows.length === 0 ? 0 : await this.count(options);
    throw new MoreThanOneResultError(`${count} results found for query ${this.describe()}`, { count });
  }

  /**
   * Results `start` to `end` (exclusive), negative indexes counting from the end as in
   * `Array.prototype.slice` (a count request is made only for negative indexes).
   * @throws {@link InvalidQueryError} for indexes that are not integers
   */
  async slice(start = 0, end?: number, options: QueryRunOptions = {}): Promise<M[]> {
    if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
      throw new InvalidQueryError(`slice() takes integer indexes, got (${String(start)}, ${String(end)})`);
    }
    const signal = this.signalFor(options);
    let from = start;
    let to = end;
    if (from < 0 || (to !== undefined && to < 0)) {
      const total = await this.count({ signal });
      if (from < 0) from = Math.max(0, total + from);
      if (to !== undefined && to < 0) to = Math.max(0, total + to);
    }
    if (to !== undefined && to <= from) return [];
    const out: M[] = [];
    for await (const m of this.iterate(from, to === undefined ? undefined : to - from, signal)) out.push(m);
    return out;
  }

  /** The result at `index` (negative counts from the end), or `undefined` past the end. */
  async at(index: number, options: QueryRunOptions = {}): Promise<M | undefined> {
    if (!Number.isInteger(index)) throw new InvalidQueryError(`at() takes an integer index, got ${String(index)}`);
    let i = index;
    if (i < 0) {
      i += await this.count(options);
      if (i < 0) return undefined;
    }
    const [m] = await this.slice(i, i + 1, options);
    return m;
  }

  /** Every result, in a list (`list(query)`). */
  async toArray(options: QueryRunOptions = {}): Promise<M[]> {
    return this.slice(0, undefined, options);
  }

  /** Iterates every result, fetching pages lazily. */
  [Symbol.asyncIterator](): AsyncIterator<M> {
    return this.iterate(0, undefined, this.state.signal);
  }

  /** The query for messages: `Process where "a b"`. */
  describe(): string {
    return `${this.model.modelName}${this.state.clauses.length ? ` where "${this.state.clauses.join(' ')}"` : ''}`;
  }
}
