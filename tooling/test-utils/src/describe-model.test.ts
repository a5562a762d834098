import { readFileSync } from 'node:fs';
import { BaseModel, Transform, Type, toBoolean, toDate, type JsonObject } from '@cbapi/core';
import { describeModel } from './describe-model.js';

const dir = new URL('../../../packages/core/src/__fixtures__/', import.meta.url);
const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;

class Sensor extends BaseModel {
  static override urlObject = '/api/v1/sensor';
  @Type(() => Number) id!: number;
  @Type(() => String) computer_name!: string;
  @Type(() => Date) @Transform(({ obj, key }) => toDate((obj as JsonObject)[key]), { toClassOnly: true }) last_update!: Date;
}

class Binary extends BaseModel {
  static override urlObject = '/api/v1/binary';
  static override primaryKey = 'md5';
  @Type(() => String) md5!: string;
  @Type(() => Boolean) @Transform(({ obj, key }) => toBoolean((obj as JsonObject)[key]), { toClassOnly: true }) is_64bit!: boolean;
  @Type(() => Object) watchlists!: unknown[];
}

describeModel(Sensor, { 'GET /api/v1/sensor/1': load<JsonObject>('sensor.get.json') });
describeModel(Binary, load<{ results: JsonObject[] }>('binary.search-page.json').results, { partial: true });
