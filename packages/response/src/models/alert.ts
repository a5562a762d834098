import { BaseModel, ObjectNotFoundError } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelRequestOptions } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { AlertQuery } from '../queries/alert-query.js';
import { Binary } from './binary.js';
import { Feed } from './feed.js';
import { DateField, NumberField, StringField, BooleanField } from './field-types.js';
import { Process } from './process.js';
import { Sensor } from './sensor.js';

/**
 * An alert (`GET /api/v1/alert` search, 500 a page). There is no GET of a single alert: an alert's
 * data comes from the search and `refresh()` keeps it; `cb.select(Alert, uid)` finds it with a
 * one-row search (cbapi returned an empty object). Saving POSTs the whole document to
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

  /**
   * There is no GET of a single alert. An alert that came from a search keeps its document; one
   * selected by id (`cb.select(Alert, uid)`) is looked up with the search
   * (`GET /api/v1/alert?q=unique_id:<uid>&rows=1`), so it is not silently empty.
   * @throws {@link ObjectNotFoundError} when no alert has that id
   */
  protected override async fetchDocument(options: ModelRequestOptions = {}): Promise<JsonObject> {
    const keys = Object.keys(this.raw);
    if (keys.some((k) => k !== 'unique_id')) return { ...this.raw };
    const uid = String(this.uniqueId() ?? '');
    const body = await this.api.transport.get<unknown>(Alert.urlObject, {
      searchParams: { 'cb.urlver': 1, q: `unique_id:${uid}`, rows: 1, start: 0 },
      signal: options.signal,
      object: this.describeObject(),
    });
    const results = (body as { results?: unknown } | undefined)?.results;
    const doc = Array.isArray(results) ? (results as unknown[]).find((d) => (d as JsonObject | null)?.['unique_id'] === uid) : undefined;
    if (typeof doc !== 'object' || doc === null) {
      throw new ObjectNotFoundError(`Alert ${uid} not found`, { object: `Alert ${uid}`, method: 'GET', path: Alert.urlObject });
    }
    return doc as JsonObject;
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
}
