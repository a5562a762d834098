import { ApiError, BaseModel } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelRequestOptions } from '@cbapi/core';
import { TeamQuery } from '../queries/team-query.js';
import { JsonField, NumberField, StringField } from './field-types.js';
import { SensorGroup } from './sensor-group.js';

/** One entry of a team's `group_access`. @public */
export interface TeamGroupAccess {
  group_id: number;
  /** `Viewer` or `Administrator`. */
  access_category: 'Viewer' | 'Administrator' | string;
  group_name?: string;
}

/**
 * A team of users (`/api/team`; list `/api/teams`) and its access to sensor groups.
 *
 * @example
 * ```ts
 * const team = cb.create(Team, { name: 'Analysts', group_access: [] });
 * await team.addViewerAccess(await cb.select(SensorGroup, 1));
 * await team.save();
 * ```
 * @public
 */
export class Team extends BaseModel {
  static override urlObject = '/api/team';
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;
  static override requiredFields: readonly string[] = ['name', 'group_access'];

  /** `cb.select(Team)` is a {@link TeamQuery} (`GET /api/teams`). */
  static override createQuery(api: BaseApi): TeamQuery {
    return new TeamQuery(api);
  }

  @NumberField() id!: number;
  @StringField() name!: string;
  @JsonField() group_access!: TeamGroupAccess[];

  private async setAccess(group: SensorGroup | number, category: 'Viewer' | 'Administrator', options: ModelRequestOptions): Promise<this> {
    let groupId: unknown;
    let groupName: string | undefined;
    if (group instanceof SensorGroup) {
      groupId = group.uniqueId();
      groupName = group.get<string | undefined>('name');
    } else {
      groupId = group;
    }
    if (typeof groupId !== 'number' || !Number.isInteger(groupId)) {
      throw new ApiError(`Team access takes a saved SensorGroup or a group id, got ${JSON.stringify(groupId ?? group)}`);
    }
    await this.ensureLoaded(options);
    const current = Array.isArray(this.group_access) ? this.group_access : [];
    const entry: TeamGroupAccess = { group_id: groupId, access_category: category };
    if (groupName !== undefined) entry.group_name = groupName;
    this.group_access = [...current.filter((a) => Number(a.group_id) !== groupId), entry];
    return this;
  }

  /** Gives the team Viewer access to a sensor group (replacing any access it had to it); save to apply. */
  addViewerAccess(group: SensorGroup | number, options: ModelRequestOptions = {}): Promise<this> {
    return this.setAccess(group, 'Viewer', options);
  }

  /** Gives the team Administrator access to a sensor group (replacing any access it had to it); save to apply. */
  addAdministratorAccess(group: SensorGroup | number, options: ModelRequestOptions = {}): Promise<this> {
    return this.setAccess(group, 'Administrator', options);
  }

  /** The team as a `teams` entry of a user: `{ id, name }`. @internal */
  toTeamRef(): JsonObject {
    return { id: this.get('id'), name: this.get('name') };
  }
}
