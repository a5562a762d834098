import { BaseModel, ObjectNotFoundError } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelRequestOptions } from '@cbapi/core';
import { STORAGE_PARTITION_LIST, StoragePartitionQuery, partitionDocuments } from '../queries/storage-partition-query.js';
import { JsonField, StringField } from './field-types.js';

/** The `info` of a storage partition (as the server sends it). @public */
export interface StoragePartitionInfo {
  sizeInBytes?: number;
  startDate?: string;
  endDate?: string | null;
  partitionId?: number;
  deletedDocs?: number;
  maxDoc?: number;
  numDocs?: number;
  segmentCount?: number;
  userMounted?: boolean;
  isLegacy?: boolean;
  dir?: string;
  schema?: string;
  [key: string]: unknown;
}

/**
 * An event storage partition (Cb Response 6.0+), keyed by name: `writer` (hot, the one being
 * written), `cbevents_YYYY_MM_DD_hhmm` (warm when mounted, cold when not). There is no GET of one
 * partition: `cb.select(StoragePartition, name)` and `refresh()` read the list and pick it.
 *
 * @example
 * ```ts
 * const p = await cb.select(StoragePartition, 'cbevents_2017_10_18_1909');
 * await p.unmount();
 * ```
 * @public
 */
export class StoragePartition extends BaseModel {
  static override urlObject = '/api/v1/storage/events';
  static override primaryKey = 'name';
  static override deletable = true;

  /** `cb.select(StoragePartition)` is a {@link StoragePartitionQuery}. */
  static override createQuery(api: BaseApi): StoragePartitionQuery {
    return new StoragePartitionQuery(api);
  }

  @StringField() name!: string;
  /** `hot`, `warm`, `cold`, ... */
  @StringField() status!: string;
  @JsonField() info!: StoragePartitionInfo;

  /** True for a partition in the 5.x format (process searches then need `cb.legacy_5x_mode`). */
  get isLegacy(): boolean {
    return this.get<StoragePartitionInfo | undefined>('info')?.isLegacy === true;
  }

  /** Reads the partition list and picks this partition. @throws {@link ObjectNotFoundError} when it is not listed */
  protected override async fetchDocument(options: ModelRequestOptions = {}): Promise<JsonObject> {
    const name = String(this.uniqueId() ?? '');
    const body = await this.api.transport.get<unknown>(STORAGE_PARTITION_LIST, { signal: options.signal, object: this.describeObject() });
    const doc = partitionDocuments(body).find((d) => d['name'] === name);
    if (!doc) throw new ObjectNotFoundError(`StoragePartition ${name} not found`, { object: `StoragePartition ${name}`, method: 'GET', path: STORAGE_PARTITION_LIST });
    return doc;
  }

  private async action(verb: 'mount' | 'unmount', options: ModelRequestOptions): Promise<this> {
    await this.api.transport.post(`${this.instanceUrl()}/${verb}`, { json: null, signal: options.signal, object: this.describeObject() });
    await this.refresh(options);
    return this;
  }

  /** Mounts the partition (`POST /api/v1/storage/events/<name>/mount`, body `null`), then reloads it. */
  mount(options: ModelRequestOptions = {}): Promise<this> {
    return this.action('mount', options);
  }

  /** Unmounts the partition (`POST /api/v1/storage/events/<name>/unmount`, body `null`), then reloads it. */
  unmount(options: ModelRequestOptions = {}): Promise<this> {
    return this.action('unmount', options);
  }
}
