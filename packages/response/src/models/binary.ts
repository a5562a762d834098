import { pipeline, type Readable } from 'node:stream';
import { BaseModel, InvalidHashError, ObjectNotFoundError, ServerError, Transform, Type, hydrate, toBoolean, toDate } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelId, ModelRequestOptions } from '@cbapi/core';
import type { ResponseServerContext } from '../cb-response-server-version.js';
import { parseResponseDate } from './response-date.js';
import { BannedHash } from './banned-hash.js';
import { createZipEntryStream } from './binary-file-stream.js';
import { Sensor } from './sensor.js';
import { BinaryQuery } from '../queries/binary-query.js';

type ResponseApi = BaseApi & ResponseServerContext;

/** How often a binary was seen (`binary.frequency()`). @public */
export interface BinaryFrequency {
  /** Endpoints the binary is on (`hostCount`). */
  computerCount: number;
  /** Processes that ran it (`globalCount`). */
  processCount: number;
  /** All process documents (`numDocs`). */
  allProcessCount: number;
  /** `processCount / allProcessCount` (0 when there are no documents). */
  moduleFrequency: number;
}

/** The digital signature of a binary. @public */
export interface BinarySigningData {
  result: string | undefined;
  publisher: string | undefined;
  issuer: string | undefined;
  subject: string | undefined;
  signTime: Date | undefined;
  programName: string | undefined;
}

/** The version resource of a binary. @public */
export interface BinaryVersionInfo {
  fileDesc: string | undefined;
  fileVersion: string | undefined;
  productName: string | undefined;
  productVersion: string | undefined;
  companyName: string | undefined;
  legalCopyright: string | undefined;
  originalFilename: string | undefined;
}

/** VirusTotal's verdict as the server's feed recorded it. @public */
export interface BinaryVirusTotal {
  /** The score (0 when the feed has none). */
  score: number;
  /** The report link ('' when none). */
  link: string;
}

/** Options of `binary.file()`. @public */
export interface BinaryFileOptions extends ModelRequestOptions {
  /** Give the ZIP archive as the server sends it instead of the unzipped `filedata`. @defaultValue false */
  raw?: boolean;
}

const MD5_RE = /^[0-9a-f]{32}$/i;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v));

/**
 * A binary (module) Cb Response collected, by MD5 (upper case). Read-only.
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * import { pipeline } from 'node:stream/promises';
 * const binary = await cb.select(Binary, '7FB55F5A62E78AF9B58D08AAEEAEF848');
 * await pipeline(await binary.file(), createWriteStream(binary.original_filename));
 * ```
 * @public
 */
export class Binary extends BaseModel {
  static override urlObject = '/api/v1/binary';
  static override primaryKey = 'md5';
  static override get modelName(): string {
    return 'Binary';
  }

  /** `cb.select(Binary)` is a {@link BinaryQuery}. */
  static override createQuery(api: BaseApi): BinaryQuery {
    return new BinaryQuery(api as ResponseApi);
  }

  /** `{ md5: <MD5 upper case> }`. @throws {@link InvalidHashError} unless 32 hex digits */
  static override stubDocument(id: ModelId): JsonObject {
    return { md5: Binary.normalizeMd5(id) };
  }

  static override cacheKey(id: ModelId): string {
    return `Binary:${Binary.normalizeMd5(id)}`;
  }

  /** An MD5 in upper case. @throws {@link InvalidHashError} naming the value unless 32 hex digits */
  static normalizeMd5(id: unknown): string {
    if (typeof id !== 'string' || !MD5_RE.test(id)) throw new InvalidHashError(`Not an MD5 hash: ${JSON.stringify(id)} (expected 32 hex digits)`);
    return id.toUpperCase();
  }

  @Type(() => String) @Transform(({ obj }) => str((obj as JsonObject)['md5'])?.toUpperCase(), { toClassOnly: true }) md5!: string;
  @Type(() => String) observed_filename!: string[];
  @Type(() => Number) orig_mod_len!: number;
  @Type(() => Number) copied_mod_len!: number;
  @Type(() => Boolean) @Transform(({ obj }) => toBoolean((obj as JsonObject)['is_executable_image']), { toClassOnly: true }) is_executable_image!: boolean;
  @Type(() => Boolean) @Transform(({ obj }) => toBoolean((obj as JsonObject)['is_64bit']), { toClassOnly: true }) is_64bit!: boolean;
  @Type(() => String) os_type!: string;
  @Type(() => String) digsig_result!: string;
  @Type(() => String) digsig_result_code!: string;
  @Type(() => String) digsig_publisher!: string;
  @Type(() => String) digsig_issuer!: string;
  @Type(() => String) digsig_subject!: string;
  @Type(() => String) digsig_sign_time!: string;
  @Type(() => String) digsig_prog_name!: string;
  @Type(() => String) company_name!: string;
  @Type(() => String) product_name!: string;
  @Type(() => String) product_version!: string;
  @Type(() => String) file_desc!: string;
  @Type(() => String) file_version!: string;
  @Type(() => String) internal_name!: string;
  @Type(() => String) original_filename!: string;
  @Type(() => String) legal_copyright!: string;
  @Type(() => String) legal_trademark!: string;
  @Type(() => String) private_build!: string;
  @Type(() => String) special_build!: string;
  @Type(() => Number) alliance_score_virustotal!: number;
  @Type(() => Number) host_count!: number;
  @Type(() => Date) @Transform(({ obj }) => toDate((obj as JsonObject)['server_added_timestamp']), { toClassOnly: true }) server_added_timestamp!: Date;
  @Type(() => Date) @Transform(({ obj }) => toDate((obj as JsonObject)['timestamp']), { toClassOnly: true }) timestamp!: Date;
  @Type(() => Date) @Transform(({ obj }) => toDate((obj as JsonObject)['last_seen']), { toClassOnly: true }) last_seen!: Date;
  @Type(() => Number) cb_version!: number;
  @Type(() => String) endpoint!: string[];
  @Type(() => String) group!: string[];

  private get rapi(): ResponseApi {
    return this.api as ResponseApi;
  }

  /** The summary route: `/api/v1/binary/<MD5>/summary`. */
  protected override instanceUrl(): string {
    return `/api/v1/binary/${Binary.normalizeMd5(this.raw['md5'])}/summary`;
  }

  /** True when the digital signature verified (`digsig_result` is `Signed`). */
  get signed(): boolean {
    return this.raw['digsig_result'] === 'Signed';
  }

  /** True for a 64-bit executable. */
  get is64bit(): boolean {
    return toBoolean(this.raw['is_64bit']) === true;
  }

  /** True for an executable image. */
  get isExecutableImage(): boolean {
    return toBoolean(this.raw['is_executable_image']) === true;
  }

  /** Every file name the binary was seen under (`[]` when none). */
  get observedFilenames(): string[] {
    const v = this.raw['observed_filename'];
    return Array.isArray(v) ? v.map(String) : [];
  }

  /** The size in bytes (`orig_mod_len`). */
  get size(): number | undefined {
    return this.orig_mod_len ?? undefined;
  }

  /** The digital signature details. */
  get signingData(): BinarySigningData {
    const r = this.raw;
    const t = parseResponseDate(r['digsig_sign_time']);
    return {
      result: str(r['digsig_result']), publisher: str(r['digsig_publisher']), issuer: str(r['digsig_issuer']),
      subject: str(r['digsig_subject']), signTime: t, programName: str(r['digsig_prog_name']),
    };
  }

  /** The version resource. */
  get versionInfo(): BinaryVersionInfo {
    const r = this.raw;
    return {
      fileDesc: str(r['file_desc']), fileVersion: str(r['file_version']), productName: str(r['product_name']),
      productVersion: str(r['product_version']), companyName: str(r['company_name']), legalCopyright: str(r['legal_copyright']),
      originalFilename: str(r['original_filename']),
    };
  }

  /** VirusTotal score and link (`{ score: 0, link: '' }` when the feed has none). */
  get virustotal(): BinaryVirusTotal {
    const score = Number(this.raw['alliance_score_virustotal']);
    const link = this.raw['alliance_link_virustotal'];
    return { score: Number.isFinite(score) ? Math.trunc(score) : 0, link: typeof link === 'string' ? link : '' };
  }

  /** The web UI page: `<server>/#binary/<MD5>`. */
  get webuiLink(): string {
    return `${this.rapi.url}/#binary/${this.md5}`;
  }

  /**
   * The binary's bytes as a stream: `GET /api/v1/binary/<MD5>` (a ZIP archive) unzipped on the
   * fly to its `filedata` member (never the whole file in memory). `{ raw: true }` gives the
   * archive itself.
   * @throws {@link ObjectNotFoundError} when the server has no copy of the file
   * @example
   * ```ts
   * const head = (await (await binary.file()).toArray())[0]?.subarray(0, 2).toString(); // 'MZ'
   * ```
   */
  async file(options: BinaryFileOptions = {}): Promise<Readable> {
    const zip = await this.api.transport.stream(`/api/v1/binary/${this.md5}`, { signal: options.signal, object: `Binary ${this.md5}` });
    if (options.raw) return zip;
    const out = createZipEntryStream('filedata');
    return pipeline(zip, out, () => undefined);
  }

  /**
   * The icon as PNG bytes: the base64 `icon` field (as cbapi; the summary is loaded when a search
   * result lacks it), else the server's `GET /api/v1/binary/<MD5>/icon`; `undefined` when the
   * server has none.
   */
  async icon(options: ModelRequestOptions = {}): Promise<Buffer | undefined> {
    if (this.raw['icon'] === undefined && !this.isFullyLoaded) await this.ensureLoaded(options);
    const icon = this.raw['icon'];
    if (typeof icon === 'string' && icon !== '') return Buffer.from(icon, 'base64');
    try {
      const stream = await this.api.transport.stream(`/api/v1/binary/${this.md5}/icon`, { signal: options.signal, object: `Binary ${this.md5} icon` });
      const parts: Buffer[] = [];
      for await (const chunk of stream) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
      return parts.length > 0 ? Buffer.concat(parts) : undefined;
    } catch (error) {
      if (ObjectNotFoundError.isInstance(error)) return undefined;
      throw error;
    }
  }

  /** How common the binary is: `GET /api/v1/process/host/count?cb.freqver=1&md5=<MD5>&name=md5`. */
  async frequency(options: ModelRequestOptions = {}): Promise<BinaryFrequency> {
    const body = await this.api.transport.get<JsonObject>('/api/v1/process/host/count', {
      searchParams: { 'cb.freqver': 1, md5: this.md5, name: 'md5' }, signal: options.signal, object: `Binary ${this.md5}`,
    });
    if (typeof body !== 'object' || body === null) throw new ServerError('Unexpected frequency reply: expected a JSON object', { status: 200, body: String(body) });
    const n = (k: string): number => {
      const v = Number(body[k]);
      return Number.isFinite(v) ? v : 0;
    };
    const numDocs = n('numDocs');
    return { computerCount: n('hostCount'), processCount: n('globalCount'), allProcessCount: numDocs, moduleFrequency: numDocs > 0 ? n('globalCount') / numDocs : 0 };
  }

  /**
   * The ban on this hash, or `false` when it is not banned (the server's 404 or 409): reads
   * `GET /api/v1/banning/blacklist/<md5>` fresh each time.
   */
  async banned(options: ModelRequestOptions = {}): Promise<BannedHash | false> {
    try {
      return await this.api.select(BannedHash, this.md5.toLowerCase(), { ...options, forceInit: true });
    } catch (error) {
      if (ObjectNotFoundError.isInstance(error)) return false;
      if (ServerError.isInstance(error) && error.status === 409) return false;
      throw error;
    }
  }

  /**
   * The sensors the binary was seen on (from its `endpoint` list, `"HOST|sensor_id"`), as
   * partial `Sensor` objects holding `id` and `computer_name`; no request is made.
   */
  endpoints(): Sensor[] {
    const list = this.raw['endpoint'];
    const out: Sensor[] = [];
    for (const e of Array.isArray(list) ? list : []) {
      if (typeof e !== 'string') continue;
      const at = e.lastIndexOf('|');
      const id = Number(e.slice(at + 1));
      if (at < 0 || !Number.isInteger(id)) continue;
      out.push(hydrate(Sensor, this.api, { id, computer_name: e.slice(0, at) }, { fullDoc: false }));
    }
    return out;
  }
}
