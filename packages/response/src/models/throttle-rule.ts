import { BaseModel, ObjectNotFoundError, ServerError } from '@cbapi/core';
import type { JsonObject, ModelRequestOptions } from '@cbapi/core';
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

  /**
   * There is no GET of one rule: `cb.select(ThrottleRule, id)` and `refresh()` read `GET /api/throttle`
   * and pick the rule.
   * @throws {@link ObjectNotFoundError} when the rule is not listed
   */
  protected override async fetchDocument(options: ModelRequestOptions = {}): Promise<JsonObject> {
    const id = String(this.uniqueId() ?? '');
    const body = await this.api.transport.get<unknown>(ThrottleRule.urlObject, { signal: options.signal, object: this.describeObject() });
    if (body !== undefined && body !== null && !Array.isArray(body)) {
      throw new ServerError(`Unexpected reply to GET ${ThrottleRule.urlObject}: expected a JSON array`, { status: 200, method: 'GET', path: ThrottleRule.urlObject });
    }
    const doc = ((body as unknown[] | undefined) ?? []).find((d) => typeof d === 'object' && d !== null && String((d as JsonObject)['id']) === id);
    if (!doc) throw new ObjectNotFoundError(`ThrottleRule ${id} not found`, { object: `ThrottleRule ${id}`, method: 'GET', path: ThrottleRule.urlObject });
    return doc as JsonObject;
  }

  /** The site this rule belongs to. */
  site(options: ModelRequestOptions = {}): Promise<Site | undefined> {
    return this.join(Site, this.get<number | undefined>('site_id'), options);
  }
}
