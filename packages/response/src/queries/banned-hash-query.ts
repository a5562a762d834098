import { SimpleQuery } from '@cbapi/core';
import type { BaseApi, JsonObject } from '@cbapi/core';
import { BannedHash } from '../models/banned-hash.js';

/** The `count` every banned-hash list request carries (the server returns at most 500 without it). @public */
export const BANNED_HASH_LIST_COUNT = 10_000;

/**
 * The banned-hash list: `GET /api/v1/banning/blacklist?count=10000`, so more than 500 come back
 * (cbapi 1.3.5's workaround). `where('field:value')` filters on the client.
 *
 * @example
 * ```ts
 * const enabled = (await cb.select(BannedHash).toArray()).filter((b) => b.enabled);
 * ```
 * @public
 */
export class BannedHashQuery extends SimpleQuery<BannedHash> {
  constructor(api: BaseApi) {
    super(BannedHash, api);
  }

  protected override async fetchList(signal: AbortSignal | undefined): Promise<JsonObject[]> {
    return this.parseList(await this.api.transport.get<unknown>(this.path, { searchParams: { count: BANNED_HASH_LIST_COUNT }, signal, object: 'BannedHash list' }));
  }
}
