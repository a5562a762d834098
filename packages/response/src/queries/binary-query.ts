import type { BaseApi } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { Binary } from '../models/binary.js';
import { ResponseQuery, type ResponseQueryOptions } from './response-query.js';

/**
 * The binary search (`cb.select(Binary)`): `GET /api/v1/binary`, no default sort; watchlists made
 * from it are `modules` watchlists.
 * @example
 * ```ts
 * const unsigned = await cb.select(Binary).where('digsig_result:Unsigned').slice(0, 10);
 * ```
 * @public
 */
export class BinaryQuery extends ResponseQuery<Binary> {
  constructor(api: BaseApi & ResponseServerContext, options: ResponseQueryOptions = {}) {
    super(Binary, api, options);
  }

  protected override watchlistIndexType(): 'events' | 'modules' {
    return 'modules';
  }

  protected override webuiPage(): string {
    return 'binaries';
  }
}
