import { InvalidQueryError, ServerError, SimpleQuery, hydrate } from '@cbapi/core';
import type { BaseApi, JsonObject, SearchParams } from '@cbapi/core';
import { Sensor } from '../models/sensor.js';

/** The fields the server filters sensors by. @public */
export const SENSOR_QUERY_FIELDS = ['ip', 'hostname', 'groupid'] as const;

/** A server-side sensor filter field. @public */
export type SensorQueryField = (typeof SENSOR_QUERY_FIELDS)[number];

const CLAUSE = /^\s*([^:\s]+)\s*:(.*)$/s;

function parseClause(clause: string): { field: string; value: string } | undefined {
  const m = CLAUSE.exec(clause);
  return m ? { field: m[1] ?? '', value: (m[2] ?? '').trim() } : undefined;
}

/**
 * The sensor list (`GET /api/v1/sensor`, one request, not paginated). `where('hostname:X')`,
 * `where('ip:10.0.')` and `where('groupid:2')` become query parameters and are applied by the
 * server (`GET /api/v1/sensor?hostname=X`); several different fields may be combined. Any other
 * field is refused before a request.
 *
 * Works around the server bug CB-15681: a filtered list that matches nothing is answered with
 * HTTP 500; that (and a 204 or `null` reply) is an empty result. A 500 for an unfiltered list is a
 * real error and is thrown.
 *
 * @example
 * ```ts
 * const s = await cb.select(Sensor).where('hostname:WIN7-HYPERV-2').first();
 * for await (const sensor of cb.select(Sensor).where('groupid:1')) console.log(sensor.hostname);
 * ```
 * @public
 */
export class SensorQuery extends SimpleQuery<Sensor> {
  constructor(api: BaseApi) {
    super(Sensor, api, { maxClauses: SENSOR_QUERY_FIELDS.length });
  }

  /** @throws {@link InvalidQueryError} for a field other than ip, hostname, groupid, or a field given twice */
  protected override checkClause(clause: string): void {
    if (typeof clause !== 'string') throw new InvalidQueryError(`where() takes a string, got ${typeof clause}`);
    const parsed = parseClause(clause);
    if (!parsed || !(SENSOR_QUERY_FIELDS as readonly string[]).includes(parsed.field)) {
      throw new InvalidQueryError(`Sensor queries take "field:value" with field one of: ${SENSOR_QUERY_FIELDS.join(', ')}; got "${clause}"`);
    }
    if (parsed.value === '') throw new InvalidQueryError(`Sensor query "${clause}" has no value`);
    if (this.state.clauses.some((c) => parseClause(c)?.field === parsed.field)) {
      throw new InvalidQueryError(`Sensor query already filters on ${parsed.field}; got "${clause}" as well`);
    }
  }

  /** The query parameters of the list request (`{ hostname: 'WIN7' }`). */
  get searchParams(): SearchParams {
    const params: SearchParams = {};
    for (const c of this.state.clauses) {
      const parsed = parseClause(c);
      if (parsed) params[parsed.field] = parsed.value;
    }
    return params;
  }

  protected override async fetchList(signal: AbortSignal | undefined): Promise<JsonObject[]> {
    const searchParams = this.searchParams;
    const filtered = Object.keys(searchParams).length > 0;
    let body: unknown;
    try {
      body = await this.api.transport.get<unknown>(this.path, { searchParams, signal, object: 'Sensor list' });
    } catch (error) {
      // CB-15681: the server answers a filter that matches nothing with HTTP 500.
      if (filtered && ServerError.isInstance(error) && error.status === 500) return [];
      throw error;
    }
    if (body === undefined || body === null || body === '') return [];
    if (!Array.isArray(body)) {
      throw new ServerError(`Unexpected reply to GET ${this.path}: expected a JSON array`, { status: 200, method: 'GET', path: this.path });
    }
    for (const item of body) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new ServerError(`Unexpected reply to GET ${this.path}: the sensor list holds a non-object`, { status: 200, method: 'GET', path: this.path });
      }
    }
    return body as JsonObject[];
  }

  /** The sensors the server returned (its filtering, no client-side filter), sorted when `sort()` was used. */
  protected override async load(signal: AbortSignal | undefined): Promise<Sensor[]> {
    const models = (await this.fetchList(signal)).map((d) => hydrate(Sensor, this.api, d, { fullDoc: true }));
    const sort = this.state.sort;
    if (sort !== undefined) {
      const [field = '', dir = 'desc'] = sort.split(/\s+/);
      const sign = dir.toLowerCase() === 'asc' ? 1 : -1;
      models.sort((a, b) => {
        const x = a.get<unknown>(field, 0);
        const y = b.get<unknown>(field, 0);
        if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
        return sign * String(x).localeCompare(String(y));
      });
    }
    return models;
  }

  override describe(): string {
    return `Sensor${this.state.clauses.length ? ` where ${this.state.clauses.join(', ')}` : ''}`;
  }
}
