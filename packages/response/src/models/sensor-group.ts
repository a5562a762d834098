import { ApiError } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelRequestOptions } from '@cbapi/core';
import type { SensorQuery } from '../queries/sensor-query.js';
import { BaseModel } from '@cbapi/core';
import { BooleanField, JsonField, NumberField, StringField } from './field-types.js';
import { savedId } from './saved-id.js';
import { Sensor } from './sensor.js';
import { singleElementReply } from './single-element-reply.js';
import { Site } from './site.js';

const INSTALLER_OS = /^[a-z0-9]+(?:\/[a-z0-9]+)?$/i;

/**
 * A sensor group (`/api/group`): `cb.select(SensorGroup, 1)`, `cb.select(SensorGroup).where('name:Default Group')`,
 * `cb.create(SensorGroup, { name, site_id })`. A new group is POSTed; the server answers `{id}` and
 * the group is read back (`GET /api/group/<id>`, which answers a one-element array).
 *
 * @example
 * ```ts
 * const sg = cb.create(SensorGroup, { name: 'Critical Endpoints' });
 * sg.site = 1;
 * await sg.save();
 * sensor.group = sg;
 * await sensor.save();
 * ```
 * @public
 */
export class SensorGroup extends BaseModel {
  static override urlObject = '/api/group';
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;
  static override requiredFields: readonly string[] = ['name', 'site_id'];

  @NumberField() id!: number;
  @StringField() name!: string;
  @NumberField() site_id!: number;
  @StringField() sensorbackend_server!: string;
  @StringField() datastore_server!: string;
  @StringField() sensor_exe_name!: string;
  @StringField() sensor_version!: string;
  @JsonField() team_access!: JsonObject[];
  @NumberField() alert_criticality!: number;
  @NumberField() tamper_level!: number;
  @NumberField() max_licenses!: number;
  @BooleanField() banning_enabled!: boolean;
  @BooleanField() collect_emet_events!: boolean;
  @BooleanField() collect_filemods!: boolean;
  @BooleanField() collect_filewritemd5s!: boolean;
  @BooleanField() collect_cross_procs!: boolean;
  @BooleanField() collect_moduleinfo!: boolean;
  @BooleanField() collect_moduleloads!: boolean;
  @BooleanField() collect_netconns!: boolean;
  @BooleanField() collect_nonbinary_filewrites!: boolean;
  @BooleanField() collect_processes!: boolean;
  @BooleanField() collect_regmods!: boolean;
  @BooleanField() collect_storefiles!: boolean;
  @BooleanField() collect_usercontext!: boolean;
  @BooleanField() filter_known_dlls!: boolean;
  @BooleanField() vdi_enabled!: boolean;
  @NumberField() process_filter_level!: number;
  @NumberField() quota_eventlog_bytes!: number;
  @NumberField() quota_eventlog_percent!: number;
  @NumberField() quota_storefile_bytes!: number;
  @NumberField() quota_storefile_percent!: number;

  /** `GET /api/group/<id>` answers a one-element array. */
  protected override parseRefreshReply(body: unknown): JsonObject {
    return singleElementReply(body, this.describeObject(), this.instanceUrl());
  }

  /** The sensors of this group: `cb.select(Sensor).where('groupid:<id>')`. */
  sensors(): SensorQuery {
    const id = this.uniqueId();
    if (id === undefined) throw new ApiError('SensorGroup.sensors(): the group has no id yet; save it first');
    return (this.api as BaseApi).select(Sensor).where(`groupid:${String(id)}`);
  }

  /**
   * `await sg.site()` reads the group's site (`site_id`); `sg.site = site` (a Site or a site id)
   * changes it on the next `save()`.
   */
  get site(): (options?: ModelRequestOptions) => Promise<Site | undefined> {
    return (options = {}) => this.join(Site, this.get<number | undefined>('site_id'), options);
  }

  set site(value: Site | number) {
    this.site_id = savedId(value, Site, 'SensorGroup.site', 'site id');
  }

  /**
   * Downloads the sensor installer of this group (`GET /api/v1/group/<id>/installer/<os>`).
   * @param osName - `windows/exe` (default), `windows/msi`, `linux` or `osx`
   * @returns the installer bytes
   * @throws {@link ApiError} for a malformed OS name, or a group without id
   * @example
   * ```ts
   * await writeFile('sensor.exe', await sg.getInstaller('windows/exe'));
   * ```
   */
  async getInstaller(osName = 'windows/exe', options: ModelRequestOptions = {}): Promise<Buffer> {
    if (typeof osName !== 'string' || !INSTALLER_OS.test(osName)) {
      throw new ApiError(`getInstaller() takes an installer type such as windows/exe, windows/msi, linux or osx; got ${JSON.stringify(osName)}`);
    }
    const id = this.uniqueId();
    if (id === undefined) throw new ApiError('SensorGroup.getInstaller(): the group has no id yet; save it first');
    const stream = await this.api.transport.stream(`/api/v1/group/${encodeURIComponent(String(id))}/installer/${osName}`, {
      signal: options.signal, object: this.describeObject(),
    });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
}
