import { ApiError, BaseApi, InvalidObjectError, ObjectNotFoundError, ServerError, UnauthorizedError, prepareApi } from '@cbapi/core';
import type { ApiInit, ApiOptions, BaseModel, JsonObject, ModelClass, ModelId, ModelRequestOptions, Query, QueryFor, SelectOptions } from '@cbapi/core';
import { createLiveResponse, type LiveResponseAPI, type LiveResponseOptions } from '@cbapi/live-response';
import { ServerVersion, type ResponseServerContext } from './cb-response-server-version.js';
import { Binary } from './models/binary.js';
import { Process } from './models/process.js';
import { ThreatReport } from './models/threat-report.js';
import { Watchlist } from './models/watchlist.js';
import { BinaryQuery } from './queries/binary-query.js';
import { ProcessQuery } from './queries/process-query.js';
import { AlertQuery } from './queries/alert-query.js';
import { ThreatReportQuery } from './queries/threat-report-query.js';
import { parseUiUrl } from './ui/parse-ui-url.js';

/** Options of `CbResponseAPI.connect()`: credentials, transport and cache options, plus Live Response's. @public */
export type CbResponseApiOptions = ApiOptions & {
  /** Options of `cb.liveResponse` (session budget, timeouts, worker threads). */
  liveResponse?: LiveResponseOptions;
};

/** What `cb.fromUi(url)` can give. @public */
export type UiObject = Process | Binary | Watchlist | ThreatReport | Query<BaseModel> | CbResponseAPI;

function isUnauthorized(error: unknown): boolean {
  return UnauthorizedError.isInstance(error) || (ServerError.isInstance(error) && (error.status === 401 || error.status === 403));
}

/**
 * The entry point to a Cb Response (EDR) server. `connect()` reads credentials, checks the
 * token with `GET /api/info` and learns the server version (and, on 6.0+, whether legacy 5.x
 * event partitions exist: `GET /api/v1/storage/events/partition`; a token without rights to that
 * route counts as "no legacy partitions", not as a failure).
 *
 * @example
 * ```ts
 * import { CbResponseAPI, Process } from '@cbapi/response';
 * const cb = await CbResponseAPI.connect({ profile: 'default' });
 * console.log(cb.serverVersion.text);
 * for await (const proc of cb.select(Process).where('process_name:cmd.exe')) console.log(proc.cmdline);
 * await cb.close();
 * ```
 * @public
 */
export class CbResponseAPI extends BaseApi implements ResponseServerContext {
  #info: JsonObject = {};
  #version = new ServerVersion('0');
  #legacy = false;
  #liveResponse: LiveResponseAPI | undefined;
  readonly #lrOptions: LiveResponseOptions | undefined;

  constructor(init: ApiInit, options: { liveResponse?: LiveResponseOptions } = {}) {
    super(init);
    this.#lrOptions = options.liveResponse;
  }

  /**
   * Connects: credentials (profile files, environment, or `url`/`token`), then `GET /api/info`.
   * @throws {@link CredentialError} when no credentials are found
   * @throws {@link UnauthorizedError} `Invalid API token for server <url>` when the token is refused
   * @throws {@link ApiError} when the server is older than 5.0
   */
  static async connect(options: CbResponseApiOptions = {}): Promise<CbResponseAPI> {
    const { liveResponse, ...apiOptions } = options;
    const api = new CbResponseAPI(await prepareApi('response', apiOptions), { liveResponse });
    try {
      await api.initialize(options.signal);
    } catch (error) {
      await api.close();
      throw error;
    }
    return api;
  }

  /** Reads the server version (and legacy partitions on 6.0+). Called by `connect()`. */
  async initialize(signal?: AbortSignal): Promise<void> {
    let info: unknown;
    try {
      info = await this.transport.get('/api/info', { signal });
    } catch (error) {
      if (isUnauthorized(error)) throw new UnauthorizedError(`Invalid API token for server ${this.url}.`, { cause: error, method: 'GET', path: '/api/info', status: 401 });
      throw error;
    }
    if (typeof info !== 'object' || info === null || Array.isArray(info) || typeof (info as JsonObject)['version'] !== 'string') {
      throw new ServerError(`Unexpected reply from GET /api/info: no "version"`, { status: 200, method: 'GET', path: '/api/info', body: JSON.stringify(info) ?? '' });
    }
    this.#info = info as JsonObject;
    this.#version = new ServerVersion((info as JsonObject)['version'] as string);
    if (!this.#version.atLeast('5.0')) throw new ApiError(`CbResponseAPI only supports Cb servers version >= 5.0.0 (this one is ${this.#version.text})`);
    this.logger?.debug(`Connected to Cb server version ${this.#version.text} at ${this.url}`);
    this.#legacy = false;
    if (this.#version.is6x) {
      try {
        const parts = await this.transport.get('/api/v1/storage/events/partition', { signal });
        if (typeof parts === 'object' && parts !== null) {
          for (const p of Object.values(parts as JsonObject)) {
            const info2 = (p as { info?: { isLegacy?: unknown } } | null)?.info;
            if (info2?.isLegacy === true) this.#legacy = true;
          }
        }
      } catch (error) {
        // A least-privilege token may not read partitions: 401/403/404 mean "no legacy partitions".
        if (!(isUnauthorized(error) || ObjectNotFoundError.isInstance(error))) throw error;
      }
    }
  }

  /** A query over all objects of `Model` (lazy: nothing is sent until it is iterated). */
  override select<C extends ModelClass>(Model: C): QueryFor<C>;
  /**
   * The object of `Model` with this id, from the cache when fresh. Process ids of 49 characters
   * (GUID + 12-hex-digit segment) are refused on servers before 6.0, which never issue them.
   * @throws {@link ObjectNotFoundError} when the server says 404
   * @throws {@link InvalidObjectError} for a malformed id (before any request)
   */
  override select<C extends ModelClass>(Model: C, id: ModelId, options?: SelectOptions): Promise<InstanceType<C>>;
  override select<C extends ModelClass>(Model: C, id?: ModelId, options?: SelectOptions): QueryFor<C> | Promise<InstanceType<C>> {
    if (id === undefined) return super.select(Model);
    if ((Model as unknown) === Process && typeof id === 'string' && id.length === 49 && !this.#version.is6x) {
      return Promise.reject(new InvalidObjectError(`Process id ${JSON.stringify(id)} has a 12-hex-digit segment, which only Cb Response 6.0+ servers use (this one is ${this.#version.text})`));
    }
    return super.select(Model, id, options);
  }

  /** The server's version (`6.2.0.171114.1158`). */
  get serverVersion(): ServerVersion {
    return this.#version;
  }

  /** True when the 6.x server still has legacy 5.x event partitions (process searches then send `cb.legacy_5x_mode=True`). */
  get legacy5xMode(): boolean {
    return this.#legacy;
  }

  /** The `GET /api/info` document read at connect. */
  get serverInfo(): Readonly<JsonObject> {
    return this.#info;
  }

  /** `GET /api/info` (fresh). */
  async info(options: ModelRequestOptions = {}): Promise<JsonObject> {
    const info = await this.transport.get<JsonObject>('/api/info', { signal: options.signal });
    return info;
  }

  /** The license request block (`GET /api/license` → `license_request_block`, '' when absent). */
  async licenseRequest(options: ModelRequestOptions = {}): Promise<string> {
    const body = await this.transport.get<JsonObject | undefined>('/api/license', { signal: options.signal });
    const block = body?.['license_request_block'];
    return typeof block === 'string' ? block : '';
  }

  /**
   * Uploads a license block (`POST /api/license` `{"license": block}`).
   * @throws {@link ServerError} unless the server answers `"status": "success"`
   */
  async updateLicense(block: string, options: ModelRequestOptions = {}): Promise<void> {
    if (typeof block !== 'string' || block.trim() === '') throw new ApiError('updateLicense() needs the license block text');
    const reply = await this.transport.post<JsonObject | undefined>('/api/license', { json: { license: block }, signal: options.signal });
    if (reply?.['status'] !== 'success') {
      throw new ServerError(`Could not update the license: ${JSON.stringify(reply) ?? 'empty reply'}`, { status: 200, method: 'POST', path: '/api/license', body: JSON.stringify(reply) ?? '' });
    }
  }

  /**
   * Rolls the event partitions over: the hot `writer` becomes a warm, time-stamped partition and a
   * new writer starts (`POST /api/v1/storage/events/new_partition`, body `null`; Cb Response 6.1+).
   * @throws {@link ApiError} on servers before 6.1
   */
  async createNewPartition(options: ModelRequestOptions = {}): Promise<void> {
    if (!this.#version.atLeast('6.1')) throw new ApiError(`createNewPartition() needs Cb Response 6.1 or later (this server is ${this.#version.text})`);
    await this.transport.post('/api/v1/storage/events/new_partition', { body: 'null', headers: { 'content-type': 'application/json' }, signal: options.signal });
  }

  /**
   * The object a web UI link points at (protocol.md §2.16, with the fixes of §8.2: `binaries/...`
   * is a binary search, `login` or an empty page is this API object).
   * @throws {@link ApiError} for another server's URL, a link without id, or an unknown page
   * @example
   * ```ts
   * const proc = await cb.fromUi('https://cb.example.com/#/analyze/00000001-0000-0554-01d1-3bc4553b8c9f/1');
   * ```
   */
  async fromUi(url: string, options: ModelRequestOptions = {}): Promise<UiObject> {
    const target = parseUiUrl(url, this.url);
    switch (target.type) {
      case 'process':
        return this.select(Process, target.segment === undefined ? target.guid : [target.guid, target.segment], options);
      case 'binary':
        return this.select(Binary, target.md5, options);
      case 'binaryQuery':
        return new BinaryQuery(this, { rawQuery: target.rawQuery });
      case 'watchlist':
        return this.select(Watchlist, target.id, options);
      case 'processQuery':
        return new ProcessQuery(this, { rawQuery: target.rawQuery });
      case 'alertQuery':
        return new AlertQuery(this, { rawQuery: target.rawQuery });
      case 'threatReportQuery':
        return new ThreatReportQuery(this, { rawQuery: target.rawQuery });
      case 'threatReport':
        return this.select(ThreatReport, target.id, options);
      case 'investigation':
        throw new ApiError(`Investigations are not part of @cbapi/response: ${url}`);
      case 'api':
        return this;
    }
  }

  /**
   * Live Response for this server: sessions and the job runner (`submitJob`, `runJobs`).
   * @throws {@link ApiError} when the server has Live Response turned off (`cblrEnabled` false)
   */
  get liveResponse(): LiveResponseAPI {
    if (!this.#liveResponse) {
      if (!this.#info['cblrEnabled']) throw new ApiError('Cb server does not support Live Response');
      this.#liveResponse = createLiveResponse({
        transport: this.transport, credentials: this.credentials, adapter: 'response', logger: this.logger, options: this.#lrOptions,
      });
    }
    return this.#liveResponse;
  }

  /** Closes Live Response (its sessions and worker threads), then sockets and the cache. Idempotent. */
  override async close(): Promise<void> {
    const lr = this.#liveResponse;
    this.#liveResponse = undefined;
    try {
      if (lr) await lr.close();
    } finally {
      await super.close();
    }
  }
}
