import type { BaseApi } from '@cbapi/core';
import { FeedAction } from '../models/feed-action.js';
import { SubResourceQuery } from './sub-resource-query.js';

/**
 * The actions of one feed: `cb.select(FeedAction).where('group_id:190')` →
 * `GET /api/v1/feed/190/action` (or `feed.actions()`).
 * @example
 * ```ts
 * const actions = await cb.select(FeedAction).where('group_id:190').toArray();
 * ```
 * @public
 */
export class FeedActionQuery extends SubResourceQuery<FeedAction> {
  constructor(api: BaseApi) {
    super(FeedAction, api, 'group_id', (id) => `/api/v1/feed/${id}/action`);
  }
}
