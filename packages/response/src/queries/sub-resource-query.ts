import { InvalidQueryError, ServerError, SimpleQuery, hydrate } from '@cbapi/core';
import type { BaseApi, BaseModel, JsonObject, ModelClass } from '@cbapi/core';

const CLAUSE = /^\s*([^:\s]+)\s*:(.*)$/s;

/**
 * A list that lives under a parent object (`/api/v1/watchlist/<id>/action`): the query needs exactly
 * one clause `<field>:<parent id>` naming the parent (cbapi's ArrayQuery). A reply that is not a list
 * means no results.
 * @public
 */
export class SubResourceQuery<M extends BaseModel> extends SimpleQuery<M> {
  /** The one field the query takes (`watchlist_id`). */
  protected readonly field: string;
  /** Builds the list route of a parent id. */
  protected readonly route: (parentId: number) => string;

  constructor(model: ModelClass<M>, api: BaseApi, field: string, route: (parentId: number) => string) {
    super(model, api, { maxClauses: 1 });
    this.field = field;
    this.route = route;
  }

  protected override checkClause(clause: string): void {
    if (typeof clause !== 'string') throw new InvalidQueryError(`where() takes a string, got ${typeof clause}`);
    const m = CLAUSE.exec(clause);
    if (!m || m[1] !== this.field) throw new InvalidQueryError(`${this.model.modelName} queries take exactly .where('${this.field}:<id>'); got "${clause}"`);
    const id = Number((m[2] ?? '').trim());
    if (!Number.isInteger(id)) throw new InvalidQueryError(`${this.model.modelName} query: ${this.field} must be an integer id, got "${(m[2] ?? '').trim()}"`);
    super.checkClause(clause);
  }

  /** The parent id of the clause. @throws {@link InvalidQueryError} when the query has none */
  protected parentId(): number {
    const clause = this.state.clauses[0];
    const m = clause === undefined ? null : CLAUSE.exec(clause);
    if (!m) throw new InvalidQueryError(`Must use a search parameter: .where('${this.field}:<id>')`);
    return Number((m[2] ?? '').trim());
  }

  protected override async fetchList(signal: AbortSignal | undefined): Promise<JsonObject[]> {
    const path = this.route(this.parentId());
    const body = await this.api.transport.get<unknown>(path, { signal });
    if (!Array.isArray(body)) return [];
    for (const item of body) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new ServerError(`Unexpected reply to GET ${path}: the list holds a non-object`, { status: 200, method: 'GET', path });
      }
    }
    return body as JsonObject[];
  }

  /** The items as the server listed them (no client-side filtering: the route is the filter). */
  protected override async load(signal: AbortSignal | undefined): Promise<M[]> {
    const models = (await this.fetchList(signal)).map((d) => hydrate(this.model, this.api, d, { fullDoc: true }));
    return models;
  }
}
