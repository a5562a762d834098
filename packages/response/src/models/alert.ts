import { BaseModel } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelRequestOptions, SaveKind } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { AlertQuery } from '../queries/alert-query.js';
import { Binary } from './binary.js';
import { Feed } from './feed.js';
import { DateField, NumberField, StringField, BooleanField } from './field-types.js';
import { statusReply } from './save-reply.js';
import { Process } from './process.js';
import { Sensor } from './sensor.js';

/**
 * An alert (`GET /api/v1/alert` search, 500 a page). There is no GET of a single alert: an alert's
 * data comes from the search, and `refresh()` keeps it. Saving POSTs the whole document to
 * `/api/v1/alert/<unique_id>`; bulk changes go through {@link AlertQuery}.
 *
 * @example
 * ```ts
 * for await (const alert of cb.select(Alert).where('-status:Resolved')) {
 *   const proc = await alert.process();
 *   console.log(alert.watchlist_name, proc?.cmdline);
 * }
 * ```
 * @public
 */
export class Alert extends BaseModel {
  static override urlObject = '/api/v1/alert';
  static override primaryKey = 'unique_id';
  static override mutable = true;
  static override updateMethod = 'POST' as const;

  /** `cb.select(Alert)` is an {@link AlertQuery}. */
  static override createQuery(api: BaseApi): AlertQuery {
    return new AlertQuery(api as BaseApi & ResponseServerContext);
  }

  @StringField() unique_id!: string;
  /** `watchlist.hit.query.process`, `watchlist.hit.query.binary`, `threat.hit.process`... */
  @StringField() alert_type!: string;
  /** `Unresolved`, `In Progress`, `Resolved`, `False Positive`. */
  @StringField() status!: string;
  @NumberField() alert_severity!: number;
  @NumberField() sensor_criticality!: number;
  @NumberField() report_score!: number;
  @StringField() feed_name!: string;
  @NumberField() feed_id!: number;
  @NumberField() feed_rating!: number;
  @NumberField() ioc_confidence!: number;
  @StringField() ioc_attr!: string;
  @DateField() created_time!: Date;
  @StringField() hostname!: string;
  @StringField() os_type!: string;
  @StringField() md5!: string;
  @NumberField() sensor_id!: number;
  @StringField() watchlist_name!: string;
  @StringField() watchlist_id!: string;
  @StringField() process_name!: string;
  @StringField() process_id!: string;
  @NumberField() segment_id!: number;
  @StringField() assigned_to!: string | null;
  @BooleanField() is_ignored!: boolean;

  /** There is no GET of a single alert: the object keeps its document. */
  protected override async fetchDocument(_options: ModelRequestOptions = {}): Promise<JsonObject> {
    return { ...this.raw };
  }

  /** What triggered the alert (`ioc_attr`). */
  get triggerIoc(): string | undefined {
    return this.get<string | undefined>('ioc_attr');
  }

  /**
   * The process of a process alert (by `process_id` only: Cb Response 6.1 truncates the alerts'
   * `segment_id`), or undefined for other alert types.
   */
  async process(options: ModelRequestOptions = {}): Promise<Process | undefined> {
    const type = this.get<unknown>('alert_type');
    if (typeof type !== 'string' || !type.includes('process')) return undefined;
    return this.join(Process, this.get<string | undefined>('process_id'), options);
  }

  /** The binary (`md5`). */
  binary(options: ModelRequestOptions = {}): Promise<Binary | undefined> {
    return this.join(Binary, this.get<string | undefined>('md5'), options);
  }

  /** The sensor (`sensor_id`). */
  sensor(options: ModelRequestOptions = {}): Promise<Sensor | undefined> {
    return this.join(Sensor, this.get<number | undefined>('sensor_id'), options);
  }

  /** The feed (`feed_id`). */
  feed(options: ModelRequestOptions = {}): Promise<Feed | undefined> {
    return this.join(Feed, this.get<number | undefined>('feed_id'), options);
  }

  /** Status replies (`{"result": "success", "id": 2}`) are read as "reload" (see `statusReply`). */
  protected override handleSaveReply(reply: unknown, kind: SaveKind, sent: JsonObject, options: ModelRequestOptions): Promise<void> {
    return super.handleSaveReply(statusReply(reply, this.model.primaryKey), kind, sent, options);
  }
}
