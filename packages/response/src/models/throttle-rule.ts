import { BaseModel } from '@cbapi/core';
import type { ModelRequestOptions } from '@cbapi/core';
import { NumberField } from './field-types.js';
import { Site } from './site.js';

/**
 * A network throttle rule of a site (`GET /api/throttle`), read-only as in cbapi.
 *
 * @example
 * ```ts
 * for await (const rule of cb.select(ThrottleRule).where('site_id:1')) console.log(rule.from, rule.to, rule.bytes_per_second);
 * ```
 * @public
 */
export class ThrottleRule extends BaseModel {
  static override urlObject = '/api/throttle';

  @NumberField() id!: number;
  @NumberField() site_id!: number;
  /** Start of the window (hour of day). */
  @NumberField() from!: number;
  /** End of the window (hour of day). */
  @NumberField() to!: number;
  @NumberField() day_of_week!: number;
  @NumberField() bytes_per_second!: number;

  /** The site this rule belongs to. */
  site(options: ModelRequestOptions = {}): Promise<Site | undefined> {
    return this.join(Site, this.get<number | undefined>('site_id'), options);
  }
}
