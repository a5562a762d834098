import { hydrate } from '@cbapi/core';
import type { BaseApi, JsonObject } from '@cbapi/core';
import { InvalidQueryError } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { formatSolrTime } from '../events/cb-time.js';
import { Process } from '../models/process.js';
import { ResponseQuery, type ResponseQueryOptions } from './response-query.js';

type ResponseApi = BaseApi & ResponseServerContext;

/** A time for the process time filters: a `Date` or an ISO 8601 string. @public */
export type ProcessTimeFilter = Date | string;

function solrTime(name: string, value: ProcessTimeFilter): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new InvalidQueryError(`${name}() takes a Date or an ISO 8601 string, got ${JSON.stringify(value)}`);
  }
  return formatSolrTime(date);
}

/**
 * The process search (`cb.select(Process)`): `GET /api/v1/process` sorted by `last_update desc`
 * unless `sort()` says otherwise, with Cb Response 6.0+ filters (`groupBy`, the four time
 * filters, sent only to 6.0+ servers as cbapi does), `useComprehensiveSearch()` and
 * `cb.legacy_5x_mode=True` when the server still has 5.x partitions.
 *
 * @example
 * ```ts
 * const yesterday = new Date(Date.now() - 86_400_000);
 * for await (const p of cb.select(Process).where('process_name:cmd.exe').minLastUpdate(yesterday).groupBy('id')) {
 *   console.log(p.id, p.segment);
 * }
 * ```
 * @public
 */
export class ProcessQuery extends ResponseQuery<Process> {
  constructor(api: ResponseApi, options: ResponseQueryOptions = {}) {
    const legacy = options.rawQuery === undefined && api.legacy5xMode;
    const state = legacy ? { ...options.state, params: { ...options.state?.params, 'cb.legacy_5x_mode': 'True' } } : options.state;
    super(Process, api, { defaultSort: 'last_update desc', ...options, state });
  }

  /** A 6.0+ parameter: set on 6.0+ servers, a no-op on 5.x (as cbapi). */
  private sixOnly(key: string, value: string): this {
    return this.responseApi.serverVersion.is6x ? this.withParams({ [key]: value }) : this.clone({});
  }

  /** One result per value of `field` (`groupBy('id')`: one result per process, not per segment). 6.0+. */
  groupBy(field: string): this {
    if (typeof field !== 'string' || field.trim() === '') throw new InvalidQueryError('groupBy() needs a field name');
    return this.sixOnly('cb.group', field.trim());
  }

  /** Only processes with events after this time (sensor clock). 6.0+. */
  minLastUpdate(time: ProcessTimeFilter): this {
    return this.sixOnly('cb.min_last_update', solrTime('minLastUpdate', time));
  }

  /** Only processes with events before this time (sensor clock). 6.0+. */
  maxLastUpdate(time: ProcessTimeFilter): this {
    return this.sixOnly('cb.max_last_update', solrTime('maxLastUpdate', time));
  }

  /** Only processes with events after this time (server clock). 6.0+. */
  minLastServerUpdate(time: ProcessTimeFilter): this {
    return this.sixOnly('cb.min_last_server_update', solrTime('minLastServerUpdate', time));
  }

  /** Only processes with events before this time (server clock). 6.0+. */
  maxLastServerUpdate(time: ProcessTimeFilter): this {
    return this.sixOnly('cb.max_last_server_update', solrTime('maxLastServerUpdate', time));
  }

  /** Search every event partition (`comprehensive_search=true`, any server version). */
  useComprehensiveSearch(): this {
    return this.withParams({ comprehensive_search: 'true' });
  }

  /** A result becomes a `Process` of its segment (`id`, or `unique_id` when `id` is null, §8.1 (6)). */
  protected override toModel(doc: JsonObject): Process {
    return hydrate(Process, this.api, doc, { fullDoc: false });
  }
}
