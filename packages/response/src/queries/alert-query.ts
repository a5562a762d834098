import { ApiError, hydrate } from '@cbapi/core';
import type { BaseApi, JsonObject, QueryRunOptions, QueryState } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { Alert } from '../models/alert.js';
import { ResponseQuery, type ResponseQueryOptions } from './response-query.js';

/** Alert ids per `POST /api/v1/alerts`, and results per search page. @public */
export const ALERT_BLOCK_SIZE = 500;

/** Statuses `changeStatus()` accepts. @public */
export const ALERT_STATUSES = ['Unresolved', 'In Progress', 'Resolved', 'False Positive'] as const;

/** An alert status. @public */
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * The alert search (`GET /api/v1/alert?cb.urlver=1&facet=false&q=...&rows=500&start=...`) and the
 * bulk changes. A bulk change first reads the ids of every matching alert (`unique_id`), then sends
 * them in blocks of 500, one `POST /api/v1/alerts` per block.
 *
 * @example
 * ```ts
 * const q = cb.select(Alert).where('-status:Resolved watchlist_name:"Newly Executed Applications"');
 * await q.assignTo('jgarman');
 * await q.changeStatus('Resolved');
 * ```
 * @public
 */
export class AlertQuery extends ResponseQuery<Alert> {
  constructor(api: BaseApi & ResponseServerContext, options: ResponseQueryOptions = {}) {
    super(Alert, api, options);
    const self = this as unknown as { state: QueryState };
    self.state = { ...self.state, batchSize: self.state.batchSize ?? ALERT_BLOCK_SIZE };
  }

  protected override toModel(doc: JsonObject): Alert {
    return hydrate(Alert, this.api, doc, { fullDoc: false });
  }

  private async bulkUpdate(payload: JsonObject, options: QueryRunOptions): Promise<number> {
    const signal = this.signalFor(options);
    const ids: string[] = [];
    for await (const alert of this.withSignalIf(signal)) {
      const id = alert.get<unknown>('unique_id');
      if (typeof id === 'string' && id !== '') ids.push(id);
    }
    for (let i = 0; i < ids.length; i += ALERT_BLOCK_SIZE) {
      await this.api.transport.post('/api/v1/alerts', {
        json: { ...payload, alert_ids: ids.slice(i, i + ALERT_BLOCK_SIZE) },
        signal,
        object: 'Alert bulk update',
      });
    }
    return ids.length;
  }

  private withSignalIf(signal: AbortSignal | undefined): this {
    return signal === undefined ? this : this.withSignal(signal);
  }

  /**
   * Marks every matching alert ignored (or not) and "False Positive":
   * `{"alert_ids": [...], "updates": {"is_ignored": flag, "requested_status": "False Positive"}}`.
   * @returns how many alerts were sent
   */
  async setIgnored(flag = true, options: QueryRunOptions = {}): Promise<number> {
    if (typeof flag !== 'boolean') throw new ApiError(`setIgnored() takes a boolean, got ${JSON.stringify(flag)}`);
    return this.bulkUpdate({ updates: { is_ignored: flag, requested_status: 'False Positive' } }, options);
  }

  /**
   * Assigns every matching alert to a user and sets it "In Progress":
   * `{"alert_ids": [...], "assigned_to": user, "requested_status": "In Progress"}`.
   * @param user - a user name, or a `User`
   * @returns how many alerts were sent
   * @throws {@link ApiError} for an empty user name
   */
  async assignTo(user: string | { readonly username?: string }, options: QueryRunOptions = {}): Promise<number> {
    const name = typeof user === 'string' ? user : user?.username;
    if (typeof name !== 'string' || name.trim() === '') throw new ApiError(`assignTo() takes a user name or a User, got ${JSON.stringify(user)}`);
    return this.bulkUpdate({ assigned_to: name, requested_status: 'In Progress' }, options);
  }

  /**
   * Sets the status of every matching alert: `{"alert_ids": [...], "requested_status": status}`.
   * @param status - `Unresolved`, `In Progress`, `Resolved` or `False Positive`
   * @returns how many alerts were sent
   * @throws {@link ApiError} for any other status (before any request)
   */
  async changeStatus(status: AlertStatus, options: QueryRunOptions = {}): Promise<number> {
    if (!(ALERT_STATUSES as readonly string[]).includes(status)) {
      throw new ApiError(`Alert status must be one of ${ALERT_STATUSES.join(', ')}; got ${JSON.stringify(status)}`);
    }
    return this.bulkUpdate({ requested_status: status }, options);
  }
}
