import { ApiError, hydrate } from '@cbapi/core';
import type { BaseApi, JsonObject, QueryRunOptions } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { ThreatReport } from '../models/threat-report.js';
import { quote } from '../models/watchlist-search-query.js';
import { ResponseQuery, type ResponseQueryOptions } from './response-query.js';

/**
 * The threat report search (`GET /api/v1/threat_report?cb.urlver=1&facet=false&q=...`), plus the
 * bulk `setIgnored()`.
 *
 * @example
 * ```ts
 * await cb.select(ThreatReport).where('feed_id:7 title:FUZZYWOMBAT').setIgnored();
 * ```
 * @public
 */
export class ThreatReportQuery extends ResponseQuery<ThreatReport> {
  constructor(api: BaseApi & ResponseServerContext, options: ResponseQueryOptions = {}) {
    super(ThreatReport, api, options);
  }

  protected override toModel(doc: JsonObject): ThreatReport {
    return hydrate(ThreatReport, this.api, doc, { fullDoc: false });
  }

  /**
   * Sets `is_ignored` on every report the query matches, in one request
   * (`POST /api/v1/threat_report {"query": "cb.urlver=1&q=...", "updates": {"is_ignored": flag}}`).
   * @param flag - ignore (true, default) or stop ignoring
   * @throws {@link ApiError} on servers before 5.1.0, which lack the bulk update
   * @example
   * ```ts
   * await feed.reports().where('title:FUZZYWOMBAT').setIgnored();
   * ```
   */
  async setIgnored(flag = true, options: QueryRunOptions = {}): Promise<void> {
    if (typeof flag !== 'boolean') throw new ApiError(`setIgnored() takes a boolean, got ${JSON.stringify(flag)}`);
    const version = this.responseApi.serverVersion;
    if (version !== undefined && !version.atLeast('5.1.0')) {
      throw new ApiError(`Bulk threat report updates need Cb Response 5.1.0 or later (server is ${version.text})`);
    }
    await this.api.transport.post('/api/v1/threat_report', {
      json: { query: `cb.urlver=1&q=${quote(this.queryText)}`, updates: { is_ignored: flag } },
      signal: this.signalFor(options),
      object: 'ThreatReport query',
    });
  }
}
