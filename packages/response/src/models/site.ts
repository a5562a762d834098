import { BaseModel } from '@cbapi/core';
import type { JsonObject, Query } from '@cbapi/core';
import { ApiError } from '@cbapi/core';
import { NumberField, StringField } from './field-types.js';
import { singleElementReply } from './single-element-reply.js';
import { ThrottleRule } from './throttle-rule.js';

/**
 * A site (`/api/site`): sensor groups belong to one. `GET /api/site/<id>` answers a one-element array.
 *
 * @example
 * ```ts
 * const site = await cb.select(Site, 1);
 * for await (const rule of site.throttleRules()) console.log(rule.bytes_per_second);
 * ```
 * @public
 */
export class Site extends BaseModel {
  static override urlObject = '/api/site';
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;
  static override requiredFields: readonly string[] = ['name'];

  @NumberField() id!: number;
  @StringField() name!: string;

  protected override parseRefreshReply(body: unknown): JsonObject {
    return singleElementReply(body, this.describeObject(), this.instanceUrl());
  }

  /** The throttle rules of this site: `cb.select(ThrottleRule).where('site_id:<id>')` (filtered client-side). */
  throttleRules(): Query<ThrottleRule> {
    const id = this.uniqueId();
    if (id === undefined) throw new ApiError('Site.throttleRules(): the site has no id yet; save it first');
    return this.api.select(ThrottleRule).where(`site_id:${String(id)}`);
  }
}
