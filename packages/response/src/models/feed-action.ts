import { ApiError } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelRequest, ModelRequestOptions, SaveKind } from '@cbapi/core';
import { FeedActionQuery } from '../queries/feed-action-query.js';
import { ActionBase } from './action-base.js';
import { Feed } from './feed.js';
import { NumberField } from './field-types.js';

/**
 * An action of a feed (email, syslog, http_post or alert on a hit): routes
 * `/api/v1/feed/<group_id>/action[/<id>]` (`group_id` is the feed id). Created with
 * `feed.createAction()`, which also sets `watchlist_id` to -1 (the server requires it; the UI uses -1).
 *
 * @example
 * ```ts
 * const action = feed.createAction();
 * action.type = 'syslog';
 * await action.save();
 * ```
 * @public
 */
export class FeedAction extends ActionBase {
  static override urlObject = '/api/v1/feed';
  static override requiredFields: readonly string[] = ['action_type', 'group_id', 'watchlist_id'];

  /** `cb.select(FeedAction).where('group_id:<feed id>')`. */
  static override createQuery(api: BaseApi): FeedActionQuery {
    return new FeedActionQuery(api);
  }

  /** The feed id. */
  @NumberField() group_id!: number;
  /** -1 for feed actions. */
  @NumberField() watchlist_id!: number;

  /** The feed id (`group_id`). */
  get feedId(): number | undefined {
    return this.get<number | undefined>('group_id');
  }

  private collectionUrl(): string {
    const fid = this.get<unknown>('group_id');
    if (fid === undefined || fid === null || fid === '') throw new ApiError('FeedAction has no group_id (feed id); create it with feed.createAction()');
    return `/api/v1/feed/${encodeURIComponent(String(fid))}/action`;
  }

  protected override instanceUrl(): string {
    const id = this.uniqueId();
    if (id === undefined) throw new ApiError('FeedAction has no id yet');
    return `${this.collectionUrl()}/${encodeURIComponent(String(id))}`;
  }

  protected override saveRequest(kind: SaveKind, doc: JsonObject, changes: JsonObject): ModelRequest {
    if (kind === 'create') {
      const body = { ...doc };
      delete body['id'];
      return { method: 'POST', path: this.collectionUrl(), json: body };
    }
    return super.saveRequest(kind, doc, changes);
  }

  /** The feed this action belongs to. */
  feed(options: ModelRequestOptions = {}): Promise<Feed | undefined> {
    return this.join(Feed, this.get<number | undefined>('group_id'), options);
  }
}
