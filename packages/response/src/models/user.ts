import { ApiError, BaseModel, SimpleQuery } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelRequest, ModelRequestOptions, SaveKind } from '@cbapi/core';
import { BooleanField, JsonField, StringField } from './field-types.js';
import { Team } from './team.js';

/** One entry of a user's `teams`. @public */
export interface UserTeamRef {
  id: number;
  name?: string;
}

/**
 * A console user (`/api/user/<username>`; list `/api/users`), keyed by `username`.
 * Creating POSTs `/api/user` with the username and `teams` as a list of team ids, then reads the
 * user back; changes are PUT as the whole document (teams as `{id, name}` objects).
 *
 * @example
 * ```ts
 * const user = cb.create(User, { username: 'jgarman', password: 'cbisawesome', first_name: 'Jason',
 *   last_name: 'Garman', email: 'jgarman@carbonblack.com', teams: [], global_admin: false });
 * await user.save();
 * await user.addTeam(await cb.select(Team, 1));
 * await user.save();
 * ```
 * @public
 */
export class User extends BaseModel {
  static override urlObject = '/api/user';
  static override primaryKey = 'username';
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;
  static override requiredFields: readonly string[] = ['username', 'first_name', 'last_name', 'email', 'teams', 'global_admin'];

  /** `cb.select(User)` lists `GET /api/users` (`where('username:x')` filters on the client). */
  static override createQuery(api: BaseApi): SimpleQuery<User> {
    return new SimpleQuery(User, api, { path: '/api/users' });
  }

  @StringField() username!: string;
  @StringField() first_name!: string;
  @StringField() last_name!: string;
  @StringField() email!: string;
  /** Only sent when set (for a new user or a password change). */
  @StringField() password!: string;
  @BooleanField() global_admin!: boolean;
  @JsonField() teams!: UserTeamRef[];

  /** A new user (never saved) has no document from the server yet. */
  private isNew(): boolean {
    return this.raw['username'] === undefined;
  }

  /**
   * The create request: `POST /api/user` with the document minus `id`, `username` kept, and `teams`
   * as team ids. Updates PUT the whole document to `/api/user/<username>`.
   */
  protected override saveRequest(kind: SaveKind, doc: JsonObject, changes: JsonObject): ModelRequest {
    if (kind === 'create' || this.isNew()) {
      const body: JsonObject = { ...doc };
      delete body['id'];
      const teams = Array.isArray(doc['teams']) ? (doc['teams'] as unknown[]) : [];
      body['teams'] = teams
        .map((t) => (typeof t === 'object' && t !== null ? (t as JsonObject)['id'] : t))
        .filter((id) => id !== undefined && id !== null && id !== '' && id !== 0);
      return { method: 'POST', path: User.urlObject, json: body };
    }
    return super.saveRequest(kind, doc, changes);
  }

  /** A user created on the client has a username but is still new: create it rather than update. */
  override async save(options: ModelRequestOptions = {}): Promise<this> {
    if (!this.isNew()) return super.save(options);
    if (!this.isDirty()) return this;
    this.validate();
    const doc = this.toJSON();
    const req = this.saveRequest('create', doc, {});
    this.api.logger?.debug('Creating a new User object');
    const reply = await this.api.transport.request(req.method, req.path, { json: req.json, signal: options.signal, object: this.describeObject() });
    await this.handleSaveReply(reply.body, 'create', doc, options);
    return this;
  }

  private async teamRef(team: Team | number | string, options: ModelRequestOptions): Promise<UserTeamRef> {
    if (team instanceof Team) {
      const id = team.uniqueId();
      if (typeof id !== 'number') throw new ApiError('addTeam/removeTeam: the team has no id yet; save it first');
      const name = team.get<string | undefined>('name');
      return name === undefined ? { id } : { id, name };
    }
    if (typeof team === 'number' && Number.isInteger(team)) return { id: team };
    if (typeof team === 'string' && team !== '') {
      const found = await this.api.select(Team).where(`name:${team}`).first(options);
      const id = found?.uniqueId();
      if (found === undefined || typeof id !== 'number') throw new ApiError(`No team named ${JSON.stringify(team)}`);
      return { id, name: found.get<string>('name') };
    }
    throw new ApiError(`addTeam/removeTeam take a Team, a team id or a team name, got ${JSON.stringify(team)}`);
  }

  /**
   * Adds the user to a team (a Team, its id, or its name; a name is looked up with `GET /api/teams`).
   * Save to apply.
   * @throws {@link ApiError} for an unknown team name
   */
  async addTeam(team: Team | number | string, options: ModelRequestOptions = {}): Promise<this> {
    const ref = await this.teamRef(team, options);
    await this.ensureLoaded(options);
    const current = Array.isArray(this.teams) ? this.teams : [];
    if (!current.some((t) => Number(t.id) === ref.id)) this.teams = [...current, ref];
    return this;
  }

  /** Removes the user from a team (a Team, its id, or its name). Save to apply. */
  async removeTeam(team: Team | number | string, options: ModelRequestOptions = {}): Promise<this> {
    const ref = await this.teamRef(team, options);
    await this.ensureLoaded(options);
    const current = Array.isArray(this.teams) ? this.teams : [];
    this.teams = current.filter((t) => Number(t.id) !== ref.id);
    return this;
  }
}
