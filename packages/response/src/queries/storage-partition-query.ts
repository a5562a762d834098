import { ServerError, SimpleQuery } from '@cbapi/core';
import type { BaseApi, JsonObject } from '@cbapi/core';
import { StoragePartition } from '../models/storage-partition.js';

/** The partition list route (an object keyed by partition name). @internal */
export const STORAGE_PARTITION_LIST = '/api/v1/storage/events/partition';

/**
 * Reads the partition list reply (`{ "<name>": { status, name, info } }`) into documents, the key
 * filling in a missing `name`.
 * @throws {@link ServerError} when the reply is not an object of objects
 * @internal
 */
export function partitionDocuments(body: unknown): JsonObject[] {
  if (body === undefined || body === null) return [];
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ServerError(`Unexpected reply to GET ${STORAGE_PARTITION_LIST}: expected an object keyed by partition name`, { status: 200, method: 'GET', path: STORAGE_PARTITION_LIST });
  }
  return Object.entries(body as JsonObject).map(([name, value]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ServerError(`Unexpected reply to GET ${STORAGE_PARTITION_LIST}: partition ${name} is not an object`, { status: 200, method: 'GET', path: STORAGE_PARTITION_LIST });
    }
    const doc = value as JsonObject;
    return doc['name'] === undefined ? { ...doc, name } : doc;
  });
}

/**
 * The event storage partitions (Cb Response 6.0+): `GET /api/v1/storage/events/partition`.
 * `where('status:warm')` filters on the client.
 *
 * @example
 * ```ts
 * for await (const p of cb.select(StoragePartition).where('status:cold')) await p.mount();
 * ```
 * @public
 */
export class StoragePartitionQuery extends SimpleQuery<StoragePartition> {
  constructor(api: BaseApi) {
    super(StoragePartition, api, { path: STORAGE_PARTITION_LIST });
  }

  protected override async fetchList(signal: AbortSignal | undefined): Promise<JsonObject[]> {
    return partitionDocuments(await this.api.transport.get<unknown>(this.path, { signal, object: 'StoragePartition list' }));
  }
}
