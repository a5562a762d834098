import type { BaseApi } from '../client/base-api.js';
import { BaseModel } from '../model/base-model.js';
import { Transform, Type } from '../model/decorators.js';
import { hydrate } from '../model/hydrate.js';
import type { JsonObject, ModelId } from '../model/types.js';
import { toBoolean, toDate } from '../model/wire-values.js';
import { PaginatedQuery } from '../query/paginated-query.js';

/** A Response-like Sensor: PUT of the whole document, dates in `YYYY-MM-DD HH:MM:SS.ffffff±HH:MM`. */
export class TestSensor extends BaseModel {
  static override get modelName(): string { return 'Sensor'; }
  static override urlObject = '/api/v1/sensor';
  static override mutable = true;
  @Type(() => Number) id!: number;
  @Type(() => String) computer_name!: string;
  @Type(() => Boolean) network_isolation_enabled!: boolean;
  @Type(() => Boolean) is_isolating!: boolean;
  @Type(() => Number) group_id!: number;
  @Type(() => Date)
  @Transform(({ obj, key }) => toDate((obj as JsonObject)[key]), { toClassOnly: true })
  @Transform(({ value }) => (value instanceof Date ? value.toISOString() : value), { toPlainOnly: true })
  last_update!: Date;
  @Type(() => String) systemvolume_total_size!: string;

  async group(): Promise<TestSensorGroup | undefined> {
    return this.join(TestSensorGroup, this.get<number | null>('group_id', null));
  }
}

/** SensorGroup GET returns a 1-element array; creatable, deletable, `name` required. */
export class TestSensorGroup extends BaseModel {
  static override get modelName(): string { return 'SensorGroup'; }
  static override urlObject = '/api/group';
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;
  static override requiredFields = ['name', 'site_id'];
  @Type(() => Number) id!: number;
  @Type(() => String) name!: string;
  @Type(() => Number) site_id!: number;
  protected override parseRefreshReply(body: unknown): JsonObject {
    return super.parseRefreshReply(Array.isArray(body) ? body[0] : body);
  }
}

/** A Binary: id is the md5, search results are partial. */
export class TestBinary extends BaseModel {
  static override get modelName(): string { return 'Binary'; }
  static override urlObject = '/api/v1/binary';
  static override primaryKey = 'md5';
  static override createQuery(api: BaseApi): TestBinaryQuery { return new TestBinaryQuery(api); }
  @Type(() => String) md5!: string;
  @Type(() => Number) host_count!: number;
  @Type(() => String) original_filename!: string;
  @Type(() => Boolean) @Transform(({ obj, key }) => toBoolean((obj as JsonObject)[key]), { toClassOnly: true }) is_64bit!: boolean;
  @Type(() => String) observed_filename!: string[];
  @Type(() => Object) watchlists!: Array<{ wid: string; value: string }>;
  @Type(() => Date) @Transform(({ obj, key }) => toDate((obj as JsonObject)[key]), { toClassOnly: true }) server_added_timestamp!: Date;
}

/** The Binary search. */
export class TestBinaryQuery extends PaginatedQuery<TestBinary> {
  constructor(api: BaseApi) {
    super(TestBinary, api, { baseParams: { 'cb.urlver': 1, facet: 'false' } });
  }
  facetsOff(): this { return this.withParams({ facet: 'false' }); }
}

/** A Process with a composite id (guid + segment) and a summary wrapped in `{process: ...}`. */
export class TestProcess extends BaseModel {
  static override get modelName(): string { return 'Process'; }
  static override urlObject = '/api/v1/process';
  static override createQuery(api: BaseApi): TestProcessQuery { return new TestProcessQuery(api); }
  static override stubDocument(id: ModelId): JsonObject {
    const [guid, segment = 1] = Array.isArray(id) ? id : [id];
    return { id: guid, segment_id: segment };
  }
  @Type(() => String) id!: string;
  @Type(() => Number) segment_id!: number;
  @Type(() => String) process_name!: string;
  @Type(() => String) process_md5!: string;
  override uniqueId(): ModelId | undefined {
    const id = this.get<string | undefined>('id') ?? this.get<string | undefined>('unique_id');
    return id === undefined ? undefined : [id, this.get<number>('segment_id', 1)];
  }
  protected override instanceUrl(): string {
    const [guid, segment] = this.uniqueId() as [string, number];
    return `/api/v2/process/${guid}/${segment}`;
  }
  protected override parseRefreshReply(body: unknown): JsonObject {
    return super.parseRefreshReply((body as { process?: unknown }).process);
  }
  async binary(): Promise<TestBinary | undefined> {
    return this.join(TestBinary, this.get<string | undefined>('process_md5')?.toUpperCase());
  }
}

/** The Process search (default sort, builders). */
export class TestProcessQuery extends PaginatedQuery<TestProcess> {
  constructor(api: BaseApi) {
    super(TestProcess, api, { defaultSort: 'last_update desc', baseParams: { 'cb.urlver': 1, facet: 'false' } });
  }
  groupBy(field: string): this { return this.withParams({ 'cb.group': field }); }
  protected override toModel(doc: JsonObject): TestProcess {
    return hydrate(TestProcess, this.api, { ...doc, id: doc['id'] ?? doc['unique_id'] }, { fullDoc: false });
  }
}

/** A read-only list model (Feed). */
export class TestFeed extends BaseModel {
  static override get modelName(): string { return 'Feed'; }
  static override urlObject = '/api/v1/feed';
  @Type(() => Number) id!: number;
  @Type(() => String) name!: string;
  @Type(() => Boolean) enabled!: boolean;
  @Type(() => Number) provider_rating!: number;
}

/** Watchlist: string ids, POST create, `{id}` replies. */
export class TestWatchlist extends BaseModel {
  static override get modelName(): string { return 'Watchlist'; }
  static override urlObject = '/api/v1/watchlist';
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;
  static override requiredFields = ['name', 'search_query'];
  @Type(() => String) id!: string;
  @Type(() => String) name!: string;
  @Type(() => String) search_query!: string;
  @Type(() => Boolean) enabled!: boolean;
  @Type(() => Date) @Transform(({ obj, key }) => toDate((obj as JsonObject)[key]), { toClassOnly: true }) date_added!: Date;
}

/** Alert: updates are POSTs of only the changes to the instance URL. */
export class TestAlert extends BaseModel {
  static override get modelName(): string { return 'Alert'; }
  static override urlObject = '/api/v1/alert';
  static override primaryKey = 'unique_id';
  static override mutable = true;
  static override updateMethod = 'POST' as const;
  static override updateBody = 'changes' as const;
  @Type(() => String) unique_id!: string;
  @Type(() => String) status!: string;
}
