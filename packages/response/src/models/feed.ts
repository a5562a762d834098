import { ApiError, BaseModel, InvalidObjectError, ServerError } from '@cbapi/core';
import type { BaseApi, ModelRequestOptions } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { BinaryQuery } from '../queries/binary-query.js';
import { FeedActionQuery } from '../queries/feed-action-query.js';
import { ProcessQuery } from '../queries/process-query.js';
import { ThreatReportQuery } from '../queries/threat-report-query.js';
import { FeedAction } from './feed-action.js';
import { BooleanField, NumberField, StringField } from './field-types.js';

type ResponseApi = BaseApi & ResponseServerContext;

/** Score bounds of `searchProcesses` / `searchBinaries`. @public */
export interface FeedScoreRange {
  /** Lowest score. @defaultValue 1 */
  minScore?: number;
  /** Highest score. @defaultValue `*` (no upper bound) */
  maxScore?: number;
}

/** Options of `synchronize()`. @public */
export interface FeedSynchronizeOptions extends ModelRequestOptions {
  /** Fetch the whole feed again rather than changes only. @defaultValue true */
  fullSync?: boolean;
}

/**
 * A threat intelligence feed (`/api/v1/feed`). `feed_url` is required to create one (the server
 * fetches it at once and answers 500 when it cannot).
 *
 * `icon` and `icon_small` stay base64 strings as the server sends them (cbapi decoded them), so
 * an unchanged feed is saved back byte for byte.
 *
 * @example
 * ```ts
 * const feed = await cb.select(Feed).where('name:SOC').one();
 * await feed.reports().where('title:FUZZYWOMBAT').setIgnored();
 * for await (const proc of feed.searchProcesses({ minScore: 50 }) ?? []) console.log(proc.cmdline);
 * await feed.synchronize();
 * ```
 * @public
 */
export class Feed extends BaseModel {
  static override urlObject = '/api/v1/feed';
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;
  static override requiredFields: readonly string[] = ['feed_url'];

  @NumberField() id!: number;
  @StringField() name!: string;
  @StringField() display_name!: string;
  @StringField() feed_url!: string;
  @BooleanField() enabled!: boolean;
  @StringField() provider_url!: string;
  @StringField() summary!: string;
  @StringField() tech_data!: string;
  @StringField() category!: string | null;
  /** Base64 PNG. */
  @StringField() icon!: string;
  /** Base64 PNG. */
  @StringField() icon_small!: string;
  @NumberField() provider_rating!: number;
  @NumberField() local_rating!: number | null;
  @NumberField() order!: number | null;
  @BooleanField() use_proxy!: boolean | null;
  @BooleanField() validate_server_cert!: boolean | null;
  @StringField() username!: string | null;
  @StringField() password!: string | null;
  @StringField() ssl_client_crt!: string | null;
  @StringField() ssl_client_key!: string | null;
  @BooleanField() manually_added!: boolean;
  @StringField() requires!: string | null;
  @StringField() requires_who!: string | null;
  @StringField() requires_what!: string | null;

  private numericId(what: string): number {
    const id = Number(this.uniqueId());
    if (!Number.isInteger(id)) throw new ApiError(`Feed.${what}: the feed has no id yet; save it first`);
    return id;
  }

  /** The actions of this feed (`GET /api/v1/feed/<id>/action`). */
  actions(): FeedActionQuery {
    return new FeedActionQuery(this.api).where(`group_id:${this.numericId('actions()')}`);
  }

  /**
   * A new action for this feed (`group_id` = the feed id, `watchlist_id` = -1); set `type` and save.
   */
  createAction(): FeedAction {
    return this.api.create(FeedAction, { group_id: this.numericId('createAction()'), watchlist_id: -1 });
  }

  /** The feed's threat reports: a {@link ThreatReportQuery} `feed_id:<id>`. */
  reports(): ThreatReportQuery {
    return new ThreatReportQuery(this.api as ResponseApi).where(`feed_id:${this.numericId('reports()')}`);
  }

  /**
   * Asks the server to synchronize the feed now (`POST /api/v1/feed/<id>/synchronize`).
   * @throws {@link ApiError} `Cannot synchronize feed <id>: feed is disabled` when the server answers 409
   * @example
   * ```ts
   * await feed.synchronize({ fullSync: false });
   * ```
   */
  async synchronize(options: FeedSynchronizeOptions = {}): Promise<void> {
    const id = this.numericId('synchronize()');
    const path = `/api/v1/feed/${id}/synchronize`;
    try {
      await this.api.transport.post(path, { json: { full_sync: options.fullSync ?? true }, signal: options.signal, object: this.describeObject() });
    } catch (error) {
      if (ServerError.isInstance(error) && error.status === 409) {
        throw new ApiError(`Cannot synchronize feed ${id}: feed is disabled`, { cause: error, method: 'POST', path });
      }
      throw error;
    }
  }

  private scoreClause(range: FeedScoreRange): string | undefined {
    if (this.get('enabled') !== true) return undefined;
    const name = this.get<string | undefined>('name');
    if (typeof name !== 'string' || name === '') throw new InvalidObjectError('Feed has no name', { missingFields: ['name'] });
    for (const [k, v] of Object.entries(range)) {
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new ApiError(`Feed search: ${k} must be a number, got ${JSON.stringify(v)}`);
    }
    return `alliance_score_${name.toLowerCase()}:[${range.minScore || 1} TO ${range.maxScore || '*'}]`;
  }

  /**
   * Processes this feed scored: `alliance_score_<name>:[<min or 1> TO <max or *>]`.
   * @returns the query, or `undefined` when the feed is disabled (as cbapi)
   * @throws {@link InvalidObjectError} when the feed has no name
   */
  searchProcesses(range: FeedScoreRange = {}): ProcessQuery | undefined {
    const clause = this.scoreClause(range);
    return clause === undefined ? undefined : new ProcessQuery(this.api as ResponseApi).where(clause);
  }

  /**
   * Binaries this feed scored (same clause as {@link Feed.searchProcesses}).
   * @returns the query, or `undefined` when the feed is disabled
   * @throws {@link InvalidObjectError} when the feed has no name
   */
  searchBinaries(range: FeedScoreRange = {}): BinaryQuery | undefined {
    const clause = this.scoreClause(range);
    return clause === undefined ? undefined : new BinaryQuery(this.api as ResponseApi).where(clause);
  }
}
