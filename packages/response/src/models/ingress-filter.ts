import { BaseModel, ServerError } from '@cbapi/core';
import type { ModelRequestOptions } from '@cbapi/core';
import { BooleanField, DateField, JsonField, NumberField, StringField } from './field-types.js';

/**
 * An ingress filter (`/api/v1/ingress_whitelist`): events the server drops on arrival. The id is a
 * string; one given at creation is kept by the server. Creating POSTs a JSON array holding the one
 * filter; the server answers an array of ids, and the filter is read back
 * (`GET /api/v1/ingress_whitelist/<id>`).
 *
 * @example
 * ```ts
 * const f = cb.create(IngressFilter, { name: 'ignore backups', description: 'backup agent noise', path_filters: ['c:\\backup\\*'] });
 * await f.save();
 * console.log(f.id);
 * ```
 * @public
 */
export class IngressFilter extends BaseModel {
  static override urlObject = '/api/v1/ingress_whitelist';
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;
  static override requiredFields: readonly string[] = ['name', 'description'];

  @StringField() id!: string;
  @StringField() name!: string;
  @StringField() description!: string;
  @BooleanField() enabled!: boolean;
  @NumberField() priority!: number;
  @BooleanField() global!: boolean;
  @JsonField() group_ids!: number[];
  @JsonField() sensor_ids!: number[];
  /** 1 Windows, 2 macOS, 4 Linux (7 = all). */
  @NumberField() os_mask!: number;
  @BooleanField() filter_on_sensor!: boolean;
  @BooleanField() filter_on_server!: boolean;
  @BooleanField() track_metrics!: boolean;
  @NumberField() hit_rate!: number;
  /** -1 = all descendants. */
  @NumberField() descendant_filtering_level!: number;
  @BooleanField() filter_all_events!: boolean;
  @JsonField() path_filters!: string[];
  @JsonField() cmdline_filters!: string[];
  @JsonField() md5_filters!: string[];
  @JsonField() regmod_filters!: string[];
  @JsonField() modload_filters!: string[];
  @JsonField() filemod_filters!: string[];
  @JsonField() non_binary_filemod_filters!: string[];
  @JsonField() netconn_filters!: string[];
  @JsonField() crossproc_filters!: string[];
  @NumberField() version!: number;
  @BooleanField() internal!: boolean;
  @DateField() create_timestamp!: Date;
  @DateField() modify_timestamp!: Date;
  @NumberField() create_user_id!: number;
  @NumberField() modify_user_id!: number;

  /** A filter never saved (even one given an id on the client) is created, not updated. */
  private isNew(): boolean {
    return this.raw['id'] === undefined || this.raw['id'] === null;
  }

  /**
   * Creates (POST an array of one filter → array of ids → GET) or updates (PUT) the filter.
   * @throws {@link ServerError} when the create reply is not a list of ids
   */
  override async save(options: ModelRequestOptions = {}): Promise<this> {
    if (!this.isNew()) return super.save(options);
    if (!this.isDirty()) return this;
    this.validate();
    const doc = this.toJSON();
    if (doc['id'] === undefined || doc['id'] === null || doc['id'] === '') delete doc['id'];
    this.api.logger?.debug('Creating a new IngressFilter object');
    const reply = await this.api.transport.post<unknown>(IngressFilter.urlObject, { json: [doc], signal: options.signal, object: 'new IngressFilter' });
    const id: unknown = Array.isArray(reply) ? reply[0] : undefined;
    if ((typeof id !== 'string' && typeof id !== 'number') || id === '') {
      throw new ServerError(`Unexpected reply to POST ${IngressFilter.urlObject}: expected a list of ids`, {
        status: 200, method: 'POST', path: IngressFilter.urlObject, body: JSON.stringify(reply) ?? String(reply),
      });
    }
    this.adopt({ ...doc, id: String(id) }, false);
    await this.refresh(options);
    return this;
  }
}
