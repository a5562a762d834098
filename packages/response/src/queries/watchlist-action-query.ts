import type { BaseApi } from '@cbapi/core';
import { WatchlistAction } from '../models/watchlist-action.js';
import { SubResourceQuery } from './sub-resource-query.js';

/**
 * The actions of one watchlist: `cb.select(WatchlistAction).where('watchlist_id:5')` →
 * `GET /api/v1/watchlist/5/action` (or `await watchlist.actions().toArray()`).
 * @example
 * ```ts
 * for await (const a of cb.select(WatchlistAction).where('watchlist_id:5')) console.log(a.type);
 * ```
 * @public
 */
export class WatchlistActionQuery extends SubResourceQuery<WatchlistAction> {
  constructor(api: BaseApi) {
    super(WatchlistAction, api, 'watchlist_id', (id) => `/api/v1/watchlist/${id}/action`);
  }
}
