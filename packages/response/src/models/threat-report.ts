import { ApiError, BaseModel } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelId, ModelRequest, ModelRequestOptions, SaveKind } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { ThreatReportQuery } from '../queries/threat-report-query.js';
import { Feed } from './feed.js';
import { BooleanField, JsonField, NumberField, StringField } from './field-types.js';
import { formatThreatReportId, parseThreatReportId } from './threat-report-id.js';

/**
 * A threat report of a feed. Its id is `"<feed_id>:<report_id>"` (`cb.select(ThreatReport, '7:abc')`
 * reads `GET /api/v1/feed/7/report/abc`). Saving POSTs the changed fields to the bulk route
 * `/api/v1/threat_report` as `{ ids: { "<feed_id>": ["<report_id>"] }, updates: {...} }`.
 *
 * Fixed from cbapi: `is_ignored` is a declared field, so `enable()`/`disable()` work on any report
 * (cbapi could set it only when the loaded document already had it).
 *
 * @example
 * ```ts
 * const report = await cb.select(ThreatReport, '7:FUZZYWOMBAT-1');
 * await report.disable();
 * console.log((await report.feed())?.name);
 * ```
 * @public
 */
export class ThreatReport extends BaseModel {
  static override urlObject = '/api/v1/threat_report';
  static override mutable = true;
  static override updateMethod = 'POST' as const;

  /** `cb.select(ThreatReport)` is a {@link ThreatReportQuery}. */
  static override createQuery(api: BaseApi): ThreatReportQuery {
    return new ThreatReportQuery(api as BaseApi & ResponseServerContext);
  }

  /** `'<feed_id>:<report_id>'` → `{ feed_id, id }`. @throws {@link ApiError} for any other form */
  static override stubDocument(id: ModelId): JsonObject {
    const { feedId, reportId } = parseThreatReportId(Array.isArray(id) ? id.join(':') : id);
    const n = Number(feedId);
    return { feed_id: Number.isInteger(n) ? n : feedId, id: reportId };
  }

  static override cacheKey(id: ModelId): string {
    const { feedId, reportId } = parseThreatReportId(Array.isArray(id) ? id.join(':') : id);
    return `ThreatReport:${feedId}:${reportId}`;
  }

  /** The report id within its feed. */
  @StringField() id!: string;
  @NumberField() feed_id!: number;
  @StringField() feed_name!: string;
  @StringField() feed_category!: string;
  @StringField() title!: string;
  @NumberField() score!: number;
  @StringField() link!: string;
  @StringField() description!: string;
  /** Epoch seconds. */
  @NumberField() timestamp!: number;
  @NumberField() create_time!: number;
  @BooleanField() is_ignored!: boolean;
  @BooleanField() is_deleted!: boolean;
  @BooleanField() has_query!: boolean;
  @JsonField() iocs!: JsonObject;
  @JsonField() tags!: string[];

  /** `"<feed_id>:<report_id>"`, or undefined while either part is missing. */
  override uniqueId(): string | undefined {
    const feedId = this.get<unknown>('feed_id');
    const reportId = this.get<unknown>('id');
    if (feedId === undefined || feedId === null || feedId === '' || reportId === undefined || reportId === null || reportId === '') return undefined;
    return formatThreatReportId(String(feedId), String(reportId));
  }

  protected override instanceUrl(): string {
    const id = this.uniqueId();
    if (id === undefined) throw new ApiError('ThreatReport needs feed_id and id');
    const { feedId, reportId } = parseThreatReportId(id);
    return `/api/v1/feed/${encodeURIComponent(feedId)}/report/${encodeURIComponent(reportId)}`;
  }

  /** POST `/api/v1/threat_report` with `{ ids: { feed: [report] }, updates: <changed fields> }`. */
  protected override saveRequest(_kind: SaveKind, _doc: JsonObject, changes: JsonObject): ModelRequest {
    const id = this.uniqueId();
    if (id === undefined) throw new ApiError('ThreatReport needs feed_id and id');
    const { feedId, reportId } = parseThreatReportId(id);
    const updates: JsonObject = {};
    for (const [k, v] of Object.entries(changes)) updates[k] = v === undefined ? null : v;
    return { method: 'POST', path: ThreatReport.urlObject, json: { ids: { [feedId]: [reportId] }, updates } };
  }

  /** Ignores the report (`is_ignored = true`, save). */
  async disable(options: ModelRequestOptions = {}): Promise<this> {
    this.is_ignored = true;
    return this.save(options);
  }

  /** Stops ignoring the report (`is_ignored = false`, save). */
  async enable(options: ModelRequestOptions = {}): Promise<this> {
    this.is_ignored = false;
    return this.save(options);
  }

  /** The feed of this report. */
  feed(options: ModelRequestOptions = {}): Promise<Feed | undefined> {
    return this.join(Feed, this.get<number | undefined>('feed_id'), options);
  }
}
