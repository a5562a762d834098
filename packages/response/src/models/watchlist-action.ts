import { ApiError } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelRequest, ModelRequestOptions, SaveKind } from '@cbapi/core';
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

  private collectionUrl(): string {
    const wid = this.get<unknown>('watchlist_id');
    if (wid === undefined || wid === null || wid === '') throw new ApiError('WatchlistAction has no watchlist_id; create it with watchlist.createAction()');
    return `/api/v1/watchlist/${encodeURIComponent(String(wid))}/action`;
  }

  protected override instanceUrl(): string {
    const id = this.uniqueId();
    if (id === undefined) throw new ApiError('WatchlistAction has no id yet');
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

  /** The watchlist this action belongs to. */
  watchlist(options: ModelRequestOptions = {}): Promise<Watchlist | undefined> {
    return this.join(Watchlist, this.get<string | number | undefined>('watchlist_id'), options);
  }
}
