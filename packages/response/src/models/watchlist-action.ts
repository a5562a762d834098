import type { BaseApi, ModelRequestOptions } from '@cbapi/core';
import { WatchlistActionQuery } from '../queries/watchlist-action-query.js';
import { ActionBase } from './action-base.js';
import { NumberField } from './field-types.js';
import { Watchlist } from './watchlist.js';

/**
 * An action of a watchlist (email, syslog, http_post or alert when it hits): routes
 * `/api/v1/watchlist/<watchlist_id>/action[/<id>]`; created with `watchlist.createAction()`.
 *
 * @example
 * ```ts
 * const action = watchlist.createAction();
 * action.type = 'alert';
 * await action.save();
 * ```
 * @public
 */
export class WatchlistAction extends ActionBase {
  static override urlObject = '/api/v1/watchlist';
  static override requiredFields: readonly string[] = ['action_type', 'watchlist_id'];

  /** `cb.select(WatchlistAction).where('watchlist_id:<id>')`. */
  static override createQuery(api: BaseApi): WatchlistActionQuery {
    return new WatchlistActionQuery(api);
  }

  @NumberField() watchlist_id!: number;

  protected override parentIdField(): string {
    return 'watchlist_id';
  }

  protected override missingParentMessage(): string {
    return 'WatchlistAction has no watchlist_id; create it with watchlist.createAction()';
  }

  /** The watchlist this action belongs to. */
  watchlist(options: ModelRequestOptions = {}): Promise<Watchlist | undefined> {
    return this.join(Watchlist, this.get<string | number | undefined>('watchlist_id'), options);
  }
}
