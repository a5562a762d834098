import { SimpleQuery, hydrate } from '@cbapi/core';
import type { BaseApi, JsonObject } from '@cbapi/core';
import { Team } from '../models/team.js';

/**
 * The team list (`GET /api/teams`). The list holds partial documents: a team read from it loads
 * itself (`GET /api/team/<id>`) before it is changed and saved. `where('name:Analysts')` filters on
 * the client.
 * @example
 * ```ts
 * const team = await cb.select(Team).where('name:Analysts').one();
 * ```
 * @public
 */
export class TeamQuery extends SimpleQuery<Team> {
  constructor(api: BaseApi) {
    super(Team, api, { path: '/api/teams' });
  }

  protected override toModel(doc: JsonObject): Team {
    return hydrate(Team, this.api, doc, { fullDoc: false });
  }
}
