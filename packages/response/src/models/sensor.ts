import { ApiError, BaseModel } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelRequest, ModelRequestOptions, SaveKind } from '@cbapi/core';
import type { LiveResponseAPI, LiveResponseSession } from '@cbapi/live-response';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { SensorQuery } from '../queries/sensor-query.js';
import { waitUntilSensorIsolated } from '../waiters/wait-until-sensor-isolated.js';
import { BooleanField, DateField, NumberField, StringField } from './field-types.js';
import { savedId } from './saved-id.js';
import { encodeFlushTime } from './sensor-flush-time.js';
import { parseNetworkAdapters, type NetworkInterface } from './sensor-network-interfaces.js';
import { SensorGroup } from './sensor-group.js';

/** What a sensor needs of its API object: the server facts and `cb.liveResponse`. @internal */
type SensorApi = BaseApi & Partial<ResponseServerContext> & { readonly liveResponse?: LiveResponseAPI };

/** One year, the flush window cbapi 1.3.6 asks for. */
const FLUSH_WINDOW_MS = 365 * 24 * 60 * 60 * 1000;

/** Options of `isolate()` and `unisolate()`. All durations in ms. @public */
export interface SensorIsolationOptions extends ModelRequestOptions {
  /** Deadline for the sensor to confirm. @defaultValue 120_000 (cbapi waited forever by default) */
  timeout?: number;
  /** First delay between polls. @defaultValue 1_000 */
  minDelayMs?: number;
  /** Longest delay between polls. @defaultValue 5_000 */
  maxDelayMs?: number;
}

/** Options of `lrSession()` and `withLrSession()`. @public */
export interface SensorLrSessionOptions {
  /** Cancels acquiring the session. */
  signal?: AbortSignal;
  /** Deadline for the session to become active, in ms (the Live Response default when absent). */
  timeout?: number;
}

/**
 * A Cb Response sensor (endpoint): `cb.select(Sensor, 1)` or `cb.select(Sensor).where('hostname:WIN7')`.
 * Saving PUTs the whole document to `/api/v1/sensor/<id>` (the server answers 204) and reloads it.
 *
 * Fixed from cbapi: `isolate()`/`unisolate()` have a default deadline (120 s) and take a signal;
 * `event_log_flush_time` is sent in real GMT (cbapi sent local time labelled GMT).
 *
 * @example
 * ```ts
 * import { CbResponseAPI, Sensor } from '@cbapi/response';
 * const cb = await CbResponseAPI.connect();
 * const sensor = await cb.select(Sensor).where('hostname:WIN7-HYPERV-2').first();
 * if (sensor) {
 *   await sensor.isolate({ timeout: 60_000 });
 *   console.log(sensor.hostname, sensor.networkInterfaces, (await sensor.group())?.name);
 * }
 * ```
 * @public
 */
export class Sensor extends BaseModel {
  static override urlObject = '/api/v1/sensor';
  static override mutable = true;

  /** `cb.select(Sensor)` is a {@link SensorQuery} (server-side `hostname`/`ip`/`groupid` filters). */
  static override createQuery(api: BaseApi): SensorQuery {
    return new SensorQuery(api);
  }

  @NumberField() id!: number;
  @StringField() computer_name!: string;
  @StringField() computer_dns_name!: string;
  @StringField() computer_sid!: string;
  /** 1 = Windows; other values are POSIX systems. */
  @NumberField() os_type!: number;
  @NumberField() os_environment_id!: number;
  @StringField() os_environment_display_string!: string;
  @NumberField() group_id!: number;
  /** `Online`, `Offline`, ... */
  @StringField() status!: string;
  @BooleanField() supports_cblr!: boolean;
  @BooleanField() supports_isolation!: boolean;
  @BooleanField() supports_2nd_gen_modloads!: boolean;
  /** True while network isolation is in effect on the endpoint. */
  @BooleanField() is_isolating!: boolean;
  /** Set to ask for isolation (then save). */
  @BooleanField() network_isolation_enabled!: boolean;
  @BooleanField() restart_queued!: boolean;
  @BooleanField() uninstall!: boolean;
  @BooleanField() uninstalled!: boolean | null;
  @BooleanField() display!: boolean;
  /** Events are flushed until this time; set it (a Date) and save to flush. */
  @DateField() event_log_flush_time!: Date | null;
  @DateField() last_update!: Date;
  @DateField() last_checkin_time!: Date;
  @DateField() next_checkin_time!: Date;
  @DateField() registration_time!: Date;
  @DateField() license_expiration!: Date;
  @NumberField() clock_delta!: number;
  @NumberField() sensor_uptime!: number;
  @NumberField() uptime!: number;
  @NumberField() physical_memory_size!: number;
  @NumberField() build_id!: number;
  @StringField() build_version_string!: string;
  @StringField() boot_id!: string;
  @NumberField() cookie!: number;
  @NumberField() node_id!: number;
  @NumberField() shard_id!: number;
  @NumberField() power_state!: number;
  @NumberField() sensor_health_status!: number;
  @StringField() sensor_health_message!: string;
  @StringField() notes!: string | null;
  @StringField() parity_host_id!: string;
  /** `ip,macnocolons|...`; see {@link Sensor.networkInterfaces}. */
  @StringField() network_adapters!: string;
  @StringField() num_eventlog_bytes!: string;
  @StringField() num_storefiles_bytes!: string;
  @StringField() systemvolume_free_size!: string;
  @StringField() systemvolume_total_size!: string;
  @StringField() emet_version!: string;
  @StringField() emet_dump_flags!: string;
  @StringField() emet_telemetry_path!: string;
  @StringField() emet_report_setting!: string;
  @StringField() emet_exploit_action!: string;
  @NumberField() emet_process_count!: number;
  @BooleanField() emet_is_gpo!: boolean;

  private get sensorApi(): SensorApi {
    return this.api as SensorApi;
  }

  /** The operating system (`os_environment_display_string`). */
  get os(): string | undefined {
    return this.get<string | undefined>('os_environment_display_string');
  }

  /** The host name (`computer_name`). */
  get hostname(): string | undefined {
    return this.get<string | undefined>('computer_name');
  }

  /** The DNS name (`computer_dns_name`). */
  get dnsName(): string | undefined {
    return this.get<string | undefined>('computer_dns_name');
  }

  /** The security identifier (`computer_sid`). */
  get sid(): string | undefined {
    return this.get<string | undefined>('computer_sid');
  }

  /** The network adapters, decoded from `network_adapters`: `[{ macaddr: '00:15:5d:01:9c:08', ipaddr: '192.168.1.163' }]`. */
  get networkInterfaces(): NetworkInterface[] {
    return parseNetworkAdapters(this.get('network_adapters'));
  }

  /** The sensor's page in the web UI: `<server>/#/host/<id>`. */
  get webuiLink(): string {
    return `${this.api.url}/#/host/${String(this.uniqueId() ?? '')}`;
  }

  /**
   * `await sensor.group()` reads the sensor's group (`GET /api/group/<group_id>`, cached);
   * `sensor.group = sg` (a SensorGroup or a group id) moves the sensor on the next `save()`.
   */
  get group(): (options?: ModelRequestOptions) => Promise<SensorGroup | undefined> {
    return (options = {}) => this.join(SensorGroup, this.get<number | undefined>('group_id'), options);
  }

  set group(value: SensorGroup | number) {
    this.group_id = savedId(value, SensorGroup, 'Sensor.group', 'group id');
  }

  /** The PUT body: the whole document, `event_log_flush_time` null unless changed (RFC-822 after 6.0.0). */
  protected override saveRequest(kind: SaveKind, doc: JsonObject, changes: JsonObject): ModelRequest {
    const req = super.saveRequest(kind, doc, changes);
    const version = this.sensorApi.serverVersion;
    const rfc822 = version === undefined || version.compare('6.0.0') > 0;
    const flush = encodeFlushTime(this.event_log_flush_time, Object.hasOwn(changes, 'event_log_flush_time'), rfc822);
    return { ...req, json: { ...doc, event_log_flush_time: flush } };
  }

  /**
   * Turns network isolation on (PUT the sensor) and waits until the sensor reports it active,
   * polling `GET /api/v1/sensor/<id>`.
   * @param options - `timeout` (ms, default 120_000), poll delays and `signal`
   * @returns true once isolated
   * @throws {@link ApiError} before any request when the sensor reports `supports_isolation: false`
   * @throws {@link TimeoutError} when the sensor does not confirm before the deadline
   * @example
   * ```ts
   * await sensor.isolate({ timeout: 30_000 });
   * ```
   */
  async isolate(options: SensorIsolationOptions = {}): Promise<true> {
    return this.setIsolation(true, options);
  }

  /**
   * Turns network isolation off and waits until the sensor reports it removed.
   * @returns true once the isolation is removed
   * @throws {@link TimeoutError} when the sensor does not confirm before the deadline
   * @example
   * ```ts
   * await sensor.unisolate({ timeout: 30_000 });
   * ```
   */
  async unisolate(options: SensorIsolationOptions = {}): Promise<true> {
    return this.setIsolation(false, options);
  }

  private async setIsolation(on: boolean, options: SensorIsolationOptions): Promise<true> {
    await this.ensureLoaded({ signal: options.signal });
    if (on && this.get('supports_isolation') === false) {
      // It would never confirm: fail now rather than at the deadline.
      throw new ApiError(`Sensor does not support network isolation (${this.describeObject()}, supports_isolation=false)`);
    }
    this.network_isolation_enabled = on;
    await this.save({ signal: options.signal });
    return waitUntilSensorIsolated(this, {
      isolated: on,
      timeout: options.timeout,
      minDelayMs: options.minDelayMs,
      maxDelayMs: options.maxDelayMs,
      signal: options.signal,
      description: this.describeObject(),
    });
  }

  /**
   * Asks the sensor to send its queued events now (sets `event_log_flush_time` a year ahead and saves).
   * This may cause a lot of traffic from the sensor.
   * @example
   * ```ts
   * await sensor.flushEvents();
   * ```
   */
  async flushEvents(options: ModelRequestOptions = {}): Promise<this> {
    await this.ensureLoaded(options);
    this.event_log_flush_time = new Date(Date.now() + FLUSH_WINDOW_MS);
    return this.save(options);
  }

  /**
   * Asks the sensor (not the endpoint) to restart at its next check-in (`restart_queued = true`, save).
   * Does not wait for the restart.
   * @example
   * ```ts
   * await sensor.restartSensor();
   * ```
   */
  async restartSensor(options: ModelRequestOptions = {}): Promise<this> {
    await this.ensureLoaded(options);
    this.restart_queued = true;
    return this.save(options);
  }

  private async stats(route: string, options: ModelRequestOptions): Promise<JsonObject[]> {
    const path = `${this.instanceUrl()}/${route}`;
    const body = await this.api.transport.get<unknown>(path, { signal: options.signal, object: this.describeObject() });
    if (body === undefined || body === null) return [];
    if (!Array.isArray(body)) throw new ApiError(`Unexpected reply to GET ${path}: expected a JSON array`, { method: 'GET', path });
    return body as JsonObject[];
  }

  /**
   * The sizes of the event logs queued on the server for this sensor (`GET /api/v1/sensor/<id>/queued`).
   * @returns a list of `{ id, num_eventlog_bytes, num_eventlogs, num_storefile_bytes, num_storefiles, sensor_id, timestamp }`; [] when none
   */
  queuedStats(options: ModelRequestOptions = {}): Promise<JsonObject[]> {
    return this.stats('queued', options);
  }

  /** The sensor's activity statistics (`GET /api/v1/sensor/<id>/activity`); [] when none. */
  activityStats(options: ModelRequestOptions = {}): Promise<JsonObject[]> {
    return this.stats('activity', options);
  }

  /** The sensor's memory statistics (`GET /api/v1/sensor/<id>/resourcestatus`); [] when none (204). */
  resourceStatus(options: ModelRequestOptions = {}): Promise<JsonObject[]> {
    return this.stats('resourcestatus', options);
  }

  private liveResponseFor(): { lr: LiveResponseAPI; id: number } {
    if (this.get('supports_cblr') !== true) throw new ApiError(`Sensor does not support Cb Live Response (${this.describeObject()})`);
    const lr = this.sensorApi.liveResponse;
    if (!lr) throw new ApiError('This API object has no Live Response (cb.liveResponse is not available)');
    const id = Number(this.uniqueId());
    return { lr, id };
  }

  /**
   * A Live Response session on this sensor (`await using s = await sensor.lrSession()`), through
   * `cb.liveResponse`.
   * @throws {@link ApiError} `Sensor does not support Cb Live Response` when `supports_cblr` is false
   * @example
   * ```ts
   * await using session = await sensor.lrSession();
   * console.log(await session.listProcesses());
   * ```
   */
  async lrSession(options: SensorLrSessionOptions = {}): Promise<LiveResponseSession> {
    await this.ensureLoaded({ signal: options.signal });
    const { lr, id } = this.liveResponseFor();
    return lr.lrSession(id, options);
  }

  /**
   * Runs `fn` with a Live Response session on this sensor and always closes the session.
   * @throws {@link ApiError} when the sensor does not support Live Response
   * @example
   * ```ts
   * const procs = await sensor.withLrSession((s) => s.listProcesses());
   * ```
   */
  async withLrSession<T>(fn: (session: LiveResponseSession) => Promise<T>, options: SensorLrSessionOptions = {}): Promise<T> {
    await this.ensureLoaded({ signal: options.signal });
    const { lr, id } = this.liveResponseFor();
    return lr.withLrSession(id, fn, options);
  }
}
