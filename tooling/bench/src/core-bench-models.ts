/** The models the core benchmark uses: a Response-like Sensor and Process declared on @cbapi/core. */
import { BaseModel, PaginatedQuery, Transform, Type, toDate, type BaseApi, type JsonObject, type ModelId } from '@cbapi/core';

/** A sensor (GET /api/v1/sensor/<id>). */
export class BenchSensor extends BaseModel {
  static override get modelName(): string { return 'Sensor'; }
  static override urlObject = '/api/v1/sensor';
  @Type(() => Number) id!: number;
  @Type(() => String) computer_name!: string;
  @Type(() => String) status!: string;
  @Type(() => Boolean) network_isolation_enabled!: boolean;
  @Type(() => Date) @Transform(({ obj, key }) => toDate((obj as JsonObject)[key]), { toClassOnly: true }) last_update!: Date;
}

/** A process search result. */
export class BenchProcess extends BaseModel {
  static override get modelName(): string { return 'Process'; }
  static override urlObject = '/api/v1/process';
  static override createQuery(api: BaseApi): BenchProcessQuery { return new BenchProcessQuery(api); }
  static override stubDocument(id: ModelId): JsonObject {
    const [guid, segment = 1] = Array.isArray(id) ? id : [id];
    return { id: guid, segment_id: segment };
  }
  @Type(() => String) id!: string;
  @Type(() => Number) segment_id!: number;
  @Type(() => Number) sensor_id!: number;
  @Type(() => String) process_name!: string;
  @Type(() => String) process_md5!: string;
  @Type(() => Number) process_pid!: number;
  @Type(() => String) cmdline!: string;
  @Type(() => String) hostname!: string;
  @Type(() => Date) @Transform(({ obj, key }) => toDate((obj as JsonObject)[key]), { toClassOnly: true }) start!: Date;
  @Type(() => Date) @Transform(({ obj, key }) => toDate((obj as JsonObject)[key]), { toClassOnly: true }) last_update!: Date;
  @Type(() => Boolean) terminated!: boolean;
}

/** The process search (Response start/rows, default sort). */
export class BenchProcessQuery extends PaginatedQuery<BenchProcess> {
  constructor(api: BaseApi) {
    super(BenchProcess, api, { defaultSort: 'last_update desc', baseParams: { 'cb.urlver': 1, facet: 'false' } });
  }
}
