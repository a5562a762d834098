import type { BaseApi } from '../client/base-api.js';
import { InvalidQueryError } from '../errors/invalid-query-error.js';
import { ServerError } from '../errors/server-error.js';
import type { BaseModel } from '../model/base-model.js';
import { hydrate } from '../model/hydrate.js';
import type { JsonObject, ModelClass } from '../model/types.js';
import { Query, type QueryState } from './query.js';

/** Options of a `SimpleQuery`. @public */
export interface SimpleQueryOptions {
  /** The list route. @defaultValue the model's `urlObject` */
  path?: string;
  /** How many `where` clauses the query accepts (they must all match). @defaultValue 1 */
  maxClauses?: number;
  /** Initial state. */
  state?: Partial<QueryState>;
}

const CLAUSE = /^\s*([^:\s]+)\s*:(.*)$/s;

/**
 * A list route fetched in one GET (a JSON array; 204 → no results), filtered and sorted on the
 * client: `where('field:value')` keeps objects whose field equals `value` exactly, ignoring case;
 * `sort('field [asc|desc]')` sorts by a field (descending unless `asc`, as cbapi).
 *
 * @example
 * ```ts
 * const admins = await cb.select(User).where('username:admin').toArray();
 * ```
 * @public
 */
export class SimpleQuery<M extends BaseModel> extends Query<M> {
  /** The list route. */
  protected readonly path: string;
  /** How many clauses `where` accepts. */
  protected readonly maxClauses: number;

  constructor(model: ModelClass<M>, api: BaseApi, options: SimpleQueryOptions = {}) {
    super(model, api, options.state);
    this.path = options.path ?? model.urlObject;
    this.maxClauses = options.maxClauses ?? 1;
  }

  protected override checkClause(clause: string): void {
    super.checkClause(clause);
    if (!CLAUSE.test(clause)) throw new InvalidQueryError(`${this.model.modelName} queries take "field:value" clauses, got "${clause}"`);
    if (this.state.clauses.length >= this.maxClauses) {
      throw new InvalidQueryError(`Cannot have multiple 'where' clauses on a ${this.model.modelName} query (at most ${this.maxClauses})`);
    }
  }

  /** Builds a model from a list item (a full document). */
  protected override toModel(doc: JsonObject): M {
    return hydrate(this.model, this.api, doc, { fullDoc: true });
  }

  /** GETs the list. Override for other routes or shapes. */
  protected async fetchList(signal: AbortSignal | undefined): Promise<JsonObject[]> {
    return this.parseList(await this.api.transport.get(this.path, { signal }));
  }

  /**
   * Checks a reply to `GET <path>`: no body → no results, otherwise a JSON array of objects.
   * @throws {@link ServerError} for any other shape
   */
  protected parseList(body: unknown): JsonObject[] {
    if (body === undefined || body === null) return [];
    if (!Array.isArray(body)) throw new ServerError(`Unexpected reply to GET ${this.path}: expected a JSON array`, { status: 200, method: 'GET', path: this.path });
    for (const item of body) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new ServerError(`Unexpected reply to GET ${this.path}: the list holds a non-object`, { status: 200, method: 'GET', path: this.path });
      }
    }
    return body as JsonObject[];
  }

  /** The objects, filtered and sorted. */
  protected async load(signal: AbortSignal | undefined): Promise<M[]> {
    const docs = await this.fetchList(signal);
    const filters = this.state.clauses.map((c) => {
      const m = CLAUSE.exec(c);
      return { field: (m?.[1] ?? '').trim(), value: (m?.[2] ?? '').trim().toLowerCase() };
    });
    let models = docs.map((d) => this.toModel(d));
    if (filters.length > 0) {
      models = models.filter((m) => filters.every((f) => {
        const v = m.get<unknown>(f.field);
        return v !== undefined && v !== null && String(v).toLowerCase() === f.value;
      }));
    }
    const sort = this.state.sort;
    if (sort !== undefined) {
      const [field = '', dir = 'desc'] = sort.split(/\s+/);
      const sign = dir.toLowerCase() === 'asc' ? 1 : -1;
      models.sort((a, b) => sign * compareValues(a.get<unknown>(field, 0), b.get<unknown>(field, 0)));
    }
    return models;
  }

  protected override async fetchCount(signal: AbortSignal | undefined): Promise<number> {
    return (await this.load(signal)).length;
  }

  protected override async *iterate(start: number, limit: number | undefined, signal: AbortSignal | undefined): AsyncGenerator<M, void, undefined> {
    const models = await this.load(signal);
    const end = limit === undefined ? models.length : Math.min(models.length, start + limit);
    for (let i = start; i < end; i++) yield models[i] as M;
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
