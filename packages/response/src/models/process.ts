import { ApiError, BaseModel, ObjectNotFoundError, Transform, Type, hydrate } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelId, ModelRequestOptions } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { parseCbTimestamp } from '../events/cb-time.js';
import { int32ToIpv4, parseStrictInt } from '../events/event-codes.js';
import { parseEventList, type EventParseContext } from '../events/parse-events.js';
import type {
  ChildProcEvent, CrossProcEvent, EventKind, EventStreamOptions, FileModEvent, MalformedEvent, ModLoadEvent, NetConnEvent, ProcessEvent,
  RegModEvent,
} from '../events/process-event.js';
import { ProcessQuery } from '../queries/process-query.js';
import { Binary } from './binary.js';
import { decodeProcessGuid, parseProcessId, stripProcessSegment } from './process-id.js';
import { Sensor } from './sensor.js';

type ResponseApi = BaseApi & ResponseServerContext;

/** The hard cap on walk depth (cbapi's `depth` gives up at 500 too). @public */
export const MAX_PROCESS_WALK_DEPTH = 500;

const EVENT_KINDS: readonly EventKind[] = ['filemod', 'regmod', 'modload', 'netconn', 'childproc', 'crossproc'];
const ZERO_MD5 = /^0{30,32}$/;

/** The summary document of a process (`GET /api/v1/process/<guid>/<segment>`). @public */
export interface ProcessSummary {
  process: JsonObject;
  parent: JsonObject | undefined;
  children: JsonObject[];
  siblings: JsonObject[];
}

/** Options of `walkParents` and `walkChildren`. @public */
export interface ProcessWalkOptions extends ModelRequestOptions {
  /**
   * The deepest level the callback is called for (0 = no limit besides the hard cap of 500).
   * As in cbapi, depths start at 0 for the first parent (or child).
   * @defaultValue 0
   */
  maxDepth?: number;
}

/** The callback of a walk: the process reached and its depth. May be async (it is awaited). @public */
export type ProcessWalkCallback = (proc: Process, depth: number) => void | Promise<void>;

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function guidOf(doc: JsonObject): string | undefined {
  const id = doc['id'];
  if (typeof id === 'string' && id.length >= 36) return stripProcessSegment(id).toLowerCase();
  const uid = doc['unique_id'];
  if (typeof uid === 'string' && uid.length >= 36) return stripProcessSegment(uid).toLowerCase();
  return undefined;
}

function missingRef(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (typeof value === 'string' && ZERO_MD5.test(value));
}

/** GUIDs the server answered 404 for, per API object, so a walk does not ask again (60 s). */
const missingProcesses = new WeakMap<BaseApi, Map<string, number>>();
const MISSING_TTL_MS = 60_000;

function knownMissing(api: BaseApi, guid: string): boolean {
  const until = missingProcesses.get(api)?.get(guid);
  return until !== undefined && until > Date.now();
}

function markMissing(api: BaseApi, guid: string): void {
  let m = missingProcesses.get(api);
  if (!m) {
    m = new Map();
    missingProcesses.set(api, m);
  }
  if (m.size > 10_000) m.clear();
  m.set(guid, Date.now() + MISSING_TTL_MS);
}

/** A GUID with pid 0 and create time 0 names no process (the parent of a sensor's first process). */
function isNullProcessGuid(guid: string): boolean {
  return /^[0-9a-f]{8}-0000-0000-0000-000000000000$/i.test(guid);
}

const fromGuid = (doc: JsonObject) => {
  const g = guidOf(doc);
  return g === undefined ? undefined : decodeProcessGuid(g);
};

/**
 * A process (one segment of its events) in Cb Response: `cb.select(Process).where(...)` finds
 * them, `cb.select(Process, guid)` reads one. The id is the process GUID; `segment` says which
 * event segment the object reads (1 on 5.x servers, 0 = all segments on 6.x, unless a search
 * result names one). A process is read-only.
 *
 * Loading a process (its first use after `select`, or `refresh()`) reads its events route
 * (`/api/v{1..4}/process/<guid>/<segment>/event`, the version chosen by the server version) as
 * cbapi does; the events of that reply are kept, so the event streams need no second request.
 *
 * Fixed from cbapi (protocol.md §8): `walkParents`/`walkChildren` pass `maxDepth` down, stop at
 * a cycle and at 500 levels, and go through the object cache (each process fetched once,
 * concurrent walkers share the request); a malformed event line is reported, not thrown; ids of
 * 45/49 chars keep their whole segment.
 *
 * @example
 * ```ts
 * import { CbResponseAPI, Process } from '@cbapi/response';
 * const cb = await CbResponseAPI.connect();
 * for await (const proc of cb.select(Process).where('process_name:net.exe').groupBy('id')) {
 *   console.log(proc.start, proc.username, proc.cmdline);
 *   await proc.walkParents((p, depth) => console.log(' '.repeat(depth + 1), p.cmdline));
 * }
 * ```
 * @public
 */
export class Process extends BaseModel {
  static override urlObject = '/api/v1/process';
  static override primaryKey = 'id';
  static override get modelName(): string {
    return 'Process';
  }

  /** `cb.select(Process)` is a {@link ProcessQuery}. */
  static override createQuery(api: BaseApi): ProcessQuery {
    return new ProcessQuery(api as ResponseApi);
  }

  /** A GUID, a 45/49-char `GUID-segment` id, or `[guid, segment]`. @throws {@link InvalidObjectError} for anything else */
  static override stubDocument(id: ModelId): JsonObject {
    if (Array.isArray(id)) {
      const [g, seg] = id;
      const { guid } = parseProcessId(String(g));
      const segment = seg === undefined ? undefined : Number(seg);
      if (segment !== undefined && (!Number.isInteger(segment) || segment < 0)) throw new ApiError(`Process segment must be a non-negative integer, got ${String(seg)}`);
      return segment === undefined ? { id: guid } : { id: guid, segment_id: segment };
    }
    const { guid, segment } = parseProcessId(String(id));
    return segment === undefined ? { id: guid } : { id: guid, segment_id: segment };
  }

  /** `Process:<guid>` or `Process:<guid>:<segment>`. */
  static override cacheKey(id: ModelId): string {
    const doc = Process.stubDocument(id);
    return doc['segment_id'] === undefined ? `Process:${String(doc['id'])}` : `Process:${String(doc['id'])}:${String(doc['segment_id'])}`;
  }

  // ---- typed fields (process.yaml) --------------------------------------------------------

  /** The process GUID (the `unique_id` without segment when the server sent `"id": null`). */
  @Type(() => String) @Transform(({ obj }) => guidOf(obj as JsonObject), { toClassOnly: true }) id!: string;
  /** `<guid>-<segment hex>`. */
  @Type(() => String) unique_id!: string;
  @Type(() => Number) segment_id!: number;
  /** The sensor (from the GUID when the document lacks it). */
  @Type(() => Number) @Transform(({ obj, value }) => parseStrictInt((obj as JsonObject)['sensor_id']) ?? fromGuid(obj as JsonObject)?.sensorId ?? value, { toClassOnly: true }) sensor_id!: number;
  @Type(() => String) process_name!: string;
  @Type(() => String) process_md5!: string;
  /** The pid (from the GUID when the server sent -1). */
  @Type(() => Number) @Transform(({ obj, value }) => {
    const raw = parseStrictInt((obj as JsonObject)['process_pid']);
    return raw === undefined || raw === -1 ? fromGuid(obj as JsonObject)?.pid ?? raw : raw ?? value;
  }, { toClassOnly: true }) process_pid!: number;
  @Type(() => String) parent_unique_id!: string;
  @Type(() => String) parent_id!: string;
  @Type(() => String) parent_name!: string;
  @Type(() => Number) parent_pid!: number;
  @Type(() => String) parent_md5!: string;
  @Type(() => String) cmdline!: string;
  @Type(() => String) path!: string;
  @Type(() => String) hostname!: string;
  @Type(() => String) username!: string;
  /** Start time, sensor-local (from the GUID when the server sent -1). */
  @Type(() => Date) @Transform(({ obj }) => {
    const o = obj as JsonObject;
    if (o['start'] === -1 || o['start'] === '-1' || o['process_pid'] === -1) return fromGuid(o)?.start;
    return parseCbTimestamp(o['start']);
  }, { toClassOnly: true }) start!: Date;
  @Type(() => Date) @Transform(({ obj }) => parseCbTimestamp((obj as JsonObject)['last_update']), { toClassOnly: true }) last_update!: Date;
  @Type(() => Date) @Transform(({ obj }) => parseCbTimestamp((obj as JsonObject)['last_server_update']), { toClassOnly: true }) last_server_update!: Date;
  @Type(() => Boolean) terminated!: boolean;
  @Type(() => String) group!: string;
  @Type(() => String) host_type!: string;
  @Type(() => String) os_type!: string;
  /** Address the sensor talks to the server from (dotted quad). */
  @Type(() => String) @Transform(({ obj }) => int32ToIpv4((obj as JsonObject)['comms_ip']) ?? (obj as JsonObject)['comms_ip'], { toClassOnly: true }) comms_ip!: string;
  /** Address of the sensor's interface (dotted quad; the internal address behind NAT). */
  @Type(() => String) @Transform(({ obj }) => int32ToIpv4((obj as JsonObject)['interface_ip']) ?? (obj as JsonObject)['interface_ip'], { toClassOnly: true }) interface_ip!: string;
  @Type(() => Number) filemod_count!: number;
  @Type(() => Number) regmod_count!: number;
  @Type(() => Number) modload_count!: number;
  @Type(() => Number) netconn_count!: number;
  @Type(() => Number) crossproc_count!: number;
  @Type(() => Number) childproc_count!: number;
  @Type(() => Number) emet_count!: number;
  @Type(() => Number) processblock_count!: number;
  @Type(() => String) uid!: string;
  @Type(() => Boolean) filtering_known_dlls!: boolean;

  // ---- private state -----------------------------------------------------------------------

  #events = new Map<number, JsonObject>();
  #eventLoads = new Map<number, Promise<JsonObject>>();
  #summary: Promise<ProcessSummary> | undefined;
  /** Malformed event lines seen by this object (also passed to `onMalformed`). */
  readonly malformedEvents: MalformedEvent[] = [];

  private get rapi(): ResponseApi {
    return this.api as ResponseApi;
  }

  /** The process GUID. */
  get guid(): string {
    const g = guidOf(this.raw);
    if (g === undefined) throw new ApiError('Process document has neither id nor unique_id');
    return g;
  }

  /** The event segment this object reads: the document's `segment_id`, else the server's default (1 on 5.x, 0 on 6.x). */
  get segment(): number {
    const s = parseStrictInt(this.raw['segment_id']);
    return s ?? this.rapi.serverVersion.defaultSegment;
  }

  override uniqueId(): ModelId | undefined {
    const g = guidOf(this.raw);
    if (g === undefined) return undefined;
    const s = parseStrictInt(this.raw['segment_id']);
    return s === undefined ? g : [g, s];
  }

  /** When the process ended: its `end` field, else `last_update` when terminated, else `undefined` (still running). */
  get end(): Date | undefined {
    const e = parseCbTimestamp(this.raw['end']);
    if (e) return e;
    return this.terminated ? this.last_update : undefined;
  }

  /** The web UI page of this process: `<server>/#analyze/<guid>/<segment>`. */
  get webuiLink(): string {
    return `${this.rapi.url}/#analyze/${this.guid}/${this.segment}`;
  }

  private eventRoute(segment: number): string {
    return `/api/v${this.rapi.serverVersion.eventApiVersion}/process/${this.guid}/${segment}/event`;
  }

  /** Loading a process reads its events route (as cbapi); the event lists are kept aside. */
  protected override instanceUrl(): string {
    if (guidOf(this.raw) === undefined) throw new ApiError('Process has no id yet');
    return this.eventRoute(this.segment);
  }

  protected override describeObject(): string {
    const g = guidOf(this.raw);
    return g === undefined ? 'new Process' : `Process ${g}/${this.segment}`;
  }

  protected override parseRefreshReply(body: unknown): JsonObject {
    const proc = asObject(asObject(body)?.['process']);
    if (!proc) throw new ApiError(`Unexpected reply from ${this.instanceUrl()}: no "process" object`);
    this.#events.set(this.segment, proc);
    void this.api.cache?.set(this.eventsCacheKey(this.segment), proc);
    return this.documentFromEventReply(proc);
  }

  /** The process document of an event reply: the lists removed; `process_md5`/`path` from the first modload when missing (§8.1 (8)). */
  private documentFromEventReply(proc: JsonObject): JsonObject {
    const doc: JsonObject = {};
    for (const [k, v] of Object.entries(proc)) if (!k.endsWith('_complete')) doc[k] = v;
    if (doc['segment_id'] === undefined && this.raw['segment_id'] !== undefined) doc['segment_id'] = this.raw['segment_id'];
    if (doc['id'] === undefined || doc['id'] === null) {
      const g = guidOf(this.raw);
      if (g !== undefined && guidOf(doc) === undefined) doc['id'] = g;
    }
    if (missingRef(doc['process_md5']) || missingRef(doc['path'])) {
      const first = (Array.isArray(proc['modload_complete']) ? proc['modload_complete'] : []).find((l): l is string => typeof l === 'string');
      const parts = first?.split('|');
      if (parts && parts.length >= 3) {
        if (missingRef(doc['process_md5'])) doc['process_md5'] = (parts[1] ?? '').toLowerCase();
        if (missingRef(doc['path'])) doc['path'] = parts.slice(2).join('|');
      }
    }
    return doc;
  }

  private eventsCacheKey(segment: number): string {
    return `ProcessEvents:${this.guid}:${segment}`;
  }

  /**
   * The raw event reply (`process` object) of a segment: kept on this object and in the API's
   * object cache (`ProcessEvents:<guid>:<segment>`), so another object of the same process and
   * concurrent readers share one request.
   */
  private loadEvents(segment: number, signal?: AbortSignal): Promise<JsonObject> {
    const have = this.#events.get(segment);
    if (have) return Promise.resolve(have);
    let pending = this.#eventLoads.get(segment);
    if (!pending) {
      const route = this.eventRoute(segment);
      const loader = async (sig: AbortSignal | undefined): Promise<JsonObject> => {
        const body = await this.api.transport.get(route, { signal: sig, object: `Process ${this.guid}/${segment}` });
        const proc = asObject(asObject(body)?.['process']);
        if (!proc) throw new ApiError(`Unexpected reply from ${route}: no "process" object`);
        return proc;
      };
      const cache = this.api.cache;
      pending = (async () => {
        const proc = cache ? await cache.load(this.eventsCacheKey(segment), loader, { signal }) : await loader(signal);
        this.#events.set(segment, proc);
        if (!this.isFullyLoaded && segment === this.segment) this.adopt(this.documentFromEventReply(proc), true);
        return proc;
      })().finally(() => this.#eventLoads.delete(segment));
      this.#eventLoads.set(segment, pending);
    }
    return pending;
  }

  private parseContext(segment: number, proc: JsonObject): EventParseContext {
    const binaries = asObject(proc['binaries']) ?? asObject(this.raw['binaries']);
    return { segment, version: this.rapi.serverVersion.eventApiVersion, processGuid: this.guid, binaries };
  }

  /** Parsed events of one kind in one segment; malformed lines reported. */
  private async eventsOf(kind: EventKind, segment: number, options: EventStreamOptions): Promise<ProcessEvent[]> {
    const proc = await this.loadEvents(segment, options.signal);
    return parseEventList(kind, proc[`${kind}_complete`], this.parseContext(segment, proc), (m) => {
      this.malformedEvents.push(m);
      options.onMalformed?.(m);
    });
  }

  private async *stream<T extends ProcessEvent>(kind: EventKind, options: EventStreamOptions): AsyncGenerator<T, void, undefined> {
    for (const e of await this.eventsOf(kind, this.segment, options)) yield e as T;
  }

  /** File modifications of this segment. */
  filemods(options: EventStreamOptions = {}): AsyncGenerator<FileModEvent, void, undefined> {
    return this.stream<FileModEvent>('filemod', options);
  }

  /** Registry modifications of this segment. */
  regmods(options: EventStreamOptions = {}): AsyncGenerator<RegModEvent, void, undefined> {
    return this.stream<RegModEvent>('regmod', options);
  }

  /** Module loads of this segment. */
  modloads(options: EventStreamOptions = {}): AsyncGenerator<ModLoadEvent, void, undefined> {
    return this.stream<ModLoadEvent>('modload', options);
  }

  /** Network connections of this segment. */
  netconns(options: EventStreamOptions = {}): AsyncGenerator<NetConnEvent, void, undefined> {
    return this.stream<NetConnEvent>('netconn', options);
  }

  /** Child process start and end events of this segment. */
  childprocs(options: EventStreamOptions = {}): AsyncGenerator<ChildProcEvent, void, undefined> {
    return this.stream<ChildProcEvent>('childproc', options);
  }

  /** Cross-process events of this segment. */
  crossprocs(options: EventStreamOptions = {}): AsyncGenerator<CrossProcEvent, void, undefined> {
    return this.stream<CrossProcEvent>('crossproc', options);
  }

  /**
   * The segments of this process: 6.x `GET /api/v1/process/<guid>/segment`; 5.x a search
   * `process_id:<guid>` collecting `segment_id`.
   */
  async segments(options: ModelRequestOptions = {}): Promise<number[]> {
    const v = this.rapi.serverVersion;
    const out = new Set<number>();
    if (v.is6x) {
      const body = await this.api.transport.get(`/api/v1/process/${this.guid}/segment`, { signal: options.signal, object: `Process ${this.guid}` });
      const list = asObject(asObject(body)?.['process'])?.['segments'];
      for (const s of Array.isArray(list) ? list : []) {
        const uid = asObject(s)?.['unique_id'];
        if (typeof uid === 'string' && uid.length > 37) {
          const n = Number.parseInt(uid.slice(37), 16);
          if (Number.isFinite(n)) out.add(n);
        }
      }
    } else {
      const base: Record<string, string | number> = { 'cb.urlver': 1, q: `process_id:${this.guid}` };
      if (v.sendsFacetFalse) base['facet'] = 'false';
      for (let start = 0; ; start += 100) {
        const body = asObject(await this.api.transport.get('/api/v1/process', { searchParams: { ...base, start, rows: 100 }, signal: options.signal }));
        const results = Array.isArray(body?.['results']) ? (body['results'] as unknown[]) : [];
        for (const r of results) {
          const n = parseStrictInt(asObject(r)?.['segment_id']);
          if (n !== undefined) out.add(n);
        }
        const total = Number(body?.['total_results'] ?? 0);
        if (results.length === 0 || start + results.length >= total) break;
      }
    }
    return [...out].sort((a, b) => a - b);
  }

  /**
   * Every event of the process across segments, sorted by time (6.x: segment 0, which holds all
   * segments; 5.x: each segment in turn).
   */
  async allEvents(options: EventStreamOptions = {}): Promise<ProcessEvent[]> {
    const segments = this.rapi.serverVersion.is6x ? [0] : await this.segments(options);
    const all: ProcessEvent[] = [];
    for (const segment of segments.length > 0 ? segments : [this.segment]) {
      for (const kind of EVENT_KINDS) all.push(...(await this.eventsOf(kind, segment, options)));
    }
    return all.map((e, i) => [e, i] as const).sort((a, b) => a[0].timestamp.getTime() - b[0].timestamp.getTime() || a[1] - b[1]).map(([e]) => e);
  }

  /**
   * Module loads whose binary is not signed: signing status from the process document's
   * `binaries` map, else from the module's `Binary` (a module the server has no binary for counts
   * as unsigned: it cannot be shown to be signed).
   */
  async unsignedModloads(options: EventStreamOptions = {}): Promise<ModLoadEvent[]> {
    const out: ModLoadEvent[] = [];
    for await (const m of this.modloads(options)) {
      let signed = m.isSigned;
      if (signed === undefined) {
        try {
          signed = (await this.api.select(Binary, m.md5, { signal: options.signal })).signed;
        } catch (error) {
          if (!ObjectNotFoundError.isInstance(error)) throw error;
          signed = false;
        }
      }
      if (!signed) out.push(m);
    }
    return out;
  }

  /**
   * Writes to a file of this name (all segments): `FirstWrote`/`LastWrote`/`CreatedFile` filemods
   * whose path is `filename` or ends with `\filename` or `/filename` (case-insensitive).
   */
  async findFileWrites(filename: string, options: EventStreamOptions = {}): Promise<FileModEvent[]> {
    const name = filename.toLowerCase();
    const events = await this.allEvents(options);
    return events.filter((e): e is FileModEvent => {
      if (e.kind !== 'filemod' || e.type === 'Deleted' || e.type === 'Unknown') return false;
      const p = e.path.toLowerCase();
      return p === name || p.endsWith(`\\${name}`) || p.endsWith(`/${name}`);
    });
  }

  /**
   * The summary (`GET /api/v1/process/<guid>/<default segment>`, always `v1` and the server's
   * default segment, as cbapi): the process, its parent, children and siblings. Fetched once.
   */
  summary(options: ModelRequestOptions = {}): Promise<ProcessSummary> {
    if (!this.#summary) {
      const segment = this.rapi.serverVersion.defaultSegment;
      const route = `/api/v1/process/${this.guid}/${segment}`;
      this.#summary = (async () => {
        const body = asObject(await this.api.transport.get(route, { signal: options.signal, object: `Process ${this.guid}/${segment}` }));
        const proc = asObject(body?.['process']);
        if (!body || !proc) throw new ApiError(`Unexpected reply from ${route}: no "process" object`);
        const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter((x): x is JsonObject => asObject(x) !== undefined) : []);
        return { process: proc, parent: asObject(body['parent']), children: list(body['children']), siblings: list(body['siblings']) };
      })();
      this.#summary.catch(() => {
        this.#summary = undefined;
      });
    }
    return this.#summary;
  }

  /** The process's binary (by `process_md5`; loads the process first when the search result lacks it). */
  async binary(options: ModelRequestOptions = {}): Promise<Binary | undefined> {
    let md5 = this.raw['process_md5'];
    if (missingRef(md5) && !this.isFullyLoaded) {
      await this.ensureLoaded(options);
      md5 = this.raw['process_md5'];
    }
    if (missingRef(md5) || typeof md5 !== 'string') return undefined;
    return this.api.select(Binary, md5, options);
  }

  /** The sensor the process ran on. */
  async sensor(options: ModelRequestOptions = {}): Promise<Sensor | undefined> {
    const id = this.sensor_id;
    if (id === undefined || id === null || !Number.isFinite(id)) return undefined;
    return this.api.select(Sensor, id, options);
  }

  /** The parent's GUID: `parent_unique_id` (or `parent_id` when that names another sensor), segment removed; the summary is read when the document has none (§8.1 (5)). */
  private async parentGuid(options: ModelRequestOptions): Promise<string | undefined> {
    const pick = (doc: JsonObject): string | undefined => {
      let ref = doc['parent_unique_id'];
      const fallback = doc['parent_id'];
      if (typeof ref === 'string' && typeof fallback === 'string' && !missingRef(fallback)) {
        const own = decodeProcessGuid(this.guid)?.sensorId;
        if (own !== undefined && decodeProcessGuid(ref)?.sensorId !== own) ref = fallback;
      }
      if (missingRef(ref)) ref = fallback;
      if (missingRef(ref) || typeof ref !== 'string' || ref.length < 36) return undefined;
      return stripProcessSegment(ref).toLowerCase();
    };
    const direct = pick(this.raw);
    if (direct !== undefined) return direct;
    if (!this.isFullyLoaded) {
      await this.ensureLoaded(options);
      const loaded = pick(this.raw);
      if (loaded !== undefined) return loaded;
    }
    const summary = await this.summary(options);
    const fromSummary = pick(summary.process);
    if (fromSummary !== undefined) return fromSummary;
    return summary.parent ? guidOf(summary.parent) : undefined;
  }

  /**
   * The parent process, or `undefined` at the top of the tree (a missing parent, or a parent GUID
   * with pid 0 and time 0) or when the server no longer has it (remembered for 60 s, so walks do not
   * ask again).
   */
  async parent(options: ModelRequestOptions = {}): Promise<Process | undefined> {
    const guid = await this.parentGuid(options);
    if (guid === undefined || guid === this.guid || isNullProcessGuid(guid) || knownMissing(this.api, guid)) return undefined;
    try {
      return await this.api.select(Process, guid, options);
    } catch (error) {
      if (ObjectNotFoundError.isInstance(error)) {
        markMissing(this.api, guid);
        return undefined;
      }
      throw error;
    }
  }

  /**
   * The child processes: from the summary's children when it was read, else from the start
   * events of the `childproc` list (6.x: all segments, one request; 5.x: this segment, as cbapi) —
   * one object per child, in event order; a child the server no longer has is left out.
   * Suppressed children are built from their event and never fetched.
   */
  async children(options: EventStreamOptions = {}): Promise<Process[]> {
    const out: Process[] = [];
    const seen = new Set<string>();
    const summary = this.#summary ? await this.#summary.catch(() => undefined) : undefined;
    if (summary && summary.children.length > 0) {
      for (const c of summary.children) {
        const g = guidOf(c);
        if (g === undefined || seen.has(g)) continue;
        seen.add(g);
        const child = await this.childProcess(g, c['is_suppressed'] === true ? c : undefined, options);
        if (child) out.push(child);
      }
      return out;
    }
    // On 6.x segment 0 holds every segment's events, so children started in earlier segments count too.
    const segment = this.rapi.serverVersion.is6x ? 0 : this.segment;
    const events = (await this.eventsOf('childproc', segment, options)) as ChildProcEvent[];
    for (const e of events) {
      if (seen.has(e.procguid) || !e.started) continue;
      seen.add(e.procguid);
      const suppressedDoc = e.suppressed
        ? { id: e.procguid, process_md5: e.md5, process_pid: e.pid, path: e.path, cmdline: e.commandLine, username: e.userName, parent_unique_id: this.guid, sensor_id: this.sensor_id, start: e.timestamp.toISOString(), is_suppressed: true }
        : undefined;
      const child = await this.childProcess(e.procguid, suppressedDoc, options);
      if (child) out.push(child);
    }
    return out;
  }

  /** A child by GUID (a child the server no longer has is left out); suppressed children are never fetched. */
  private async childProcess(guid: string, suppressedDoc: JsonObject | undefined, options: ModelRequestOptions): Promise<Process | undefined> {
    if (suppressedDoc) return hydrate(Process, this.api, suppressedDoc, { fullDoc: true });
    if (knownMissing(this.api, guid)) return undefined;
    try {
      return await this.api.select(Process, guid, options);
    } catch (error) {
      if (ObjectNotFoundError.isInstance(error)) {
        markMissing(this.api, guid);
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Walks up the parent chain, calling `callback(parent, depth)` from depth 0 (the parent) up.
   * Stops at the top, at a parent the server no longer has or whose pid is -1, at `maxDepth`, at
   * a cycle and at 500 levels. Each process is read once through the object cache, so walkers
   * running at once share their requests.
   * @example
   * ```ts
   * await proc.walkParents((p, depth) => console.log(`${' '.repeat(depth)}${p.cmdline}`), { maxDepth: 5 });
   * ```
   */
  async walkParents(callback: ProcessWalkCallback, options: ProcessWalkOptions = {}): Promise<void> {
    const cap = this.depthCap(options.maxDepth);
    const visited = new Set<string>([this.guid]);
    let current: Process = this;
    for (let depth = 0; depth <= cap; depth++) {
      options.signal?.throwIfAborted();
      const parent = await current.parent(options);
      if (!parent || parent.raw['process_pid'] === -1 || visited.has(parent.guid)) return;
      visited.add(parent.guid);
      await callback(parent, depth);
      current = parent;
    }
  }

  /**
   * Walks down the tree depth-first, calling `callback(child, depth)` for every child that was
   * started (depth 0 = this process's children). Same limits as `walkParents`; a child the server
   * no longer has is skipped.
   */
  async walkChildren(callback: ProcessWalkCallback, options: ProcessWalkOptions = {}): Promise<void> {
    const cap = this.depthCap(options.maxDepth);
    const visited = new Set<string>([this.guid]);
    const visit = async (proc: Process, depth: number): Promise<void> => {
      if (depth > cap) return;
      options.signal?.throwIfAborted();
      const kids = await proc.children(options);
      for (const child of kids) {
        if (visited.has(child.guid)) continue;
        visited.add(child.guid);
        await callback(child, depth);
        if (child.raw['is_suppressed'] !== true) await visit(child, depth + 1);
      }
    };
    await visit(this, 0);
  }

  private depthCap(maxDepth: number | undefined): number {
    if (maxDepth === undefined || maxDepth === 0) return MAX_PROCESS_WALK_DEPTH - 1;
    if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new ApiError(`maxDepth must be a non-negative integer, got ${String(maxDepth)}`);
    return Math.min(maxDepth, MAX_PROCESS_WALK_DEPTH - 1);
  }
}
