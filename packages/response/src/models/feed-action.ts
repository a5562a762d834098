import type { BaseApi, ModelRequestOptions } from '@cbapi/core';
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

  protected override parentIdField(): string {
    return 'group_id';
  }

  protected override missingParentMessage(): string {
    return 'FeedAction has no group_id (feed id); create it with feed.createAction()';
  }

  /** The feed this action belongs to. */
  feed(options: ModelRequestOptions = {}): Promise<Feed | undefined> {
    return this.join(Feed, this.get<number | undefined>('group_id'), options);
  }
}
