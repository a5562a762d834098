import { ApiError, BaseModel, InvalidHashError } from '@cbapi/core';
import type { BaseApi, JsonObject, ModelRequest, ModelRequestOptions, SaveKind } from '@cbapi/core';
import { BannedHashQuery } from '../queries/banned-hash-query.js';
import { Binary } from './binary.js';
import { BooleanField, DateField, JsonField, NumberField, StringField } from './field-types.js';

const MD5 = /^[0-9a-f]{32}$/i;

/**
 * A banned hash (`/api/v1/banning/blacklist`), keyed by `md5hash`. Saving follows the server's rules:
 * - `enabled` turned on (a new ban, or re-enabling) → `POST /api/v1/banning/blacklist` with the whole
 *   document, `md5hash` included; the server answers 409 (a {@link ServerError} carrying its
 *   message) when the hash is already banned;
 * - `enabled` turned off → `DELETE /api/v1/banning/blacklist/<md5>`, then, because the server erases
 *   `text` when disabling, a `PUT` of the document to restore it;
 * - other changes → `PUT /api/v1/banning/blacklist/<md5>`.
 *
 * Fixed from cbapi (§8.2): a new ban saved without setting `enabled` is still POSTed with its
 * `md5hash` (cbapi dropped it, and the server refused).
 *
 * @example
 * ```ts
 * const bh = cb.create(BannedHash, { md5hash: binary.md5, text: 'Banned from API' });
 * bh.enabled = true;
 * await bh.save();
 * ```
 * @public
 */
export class BannedHash extends BaseModel {
  static override urlObject = '/api/v1/banning/blacklist';
  static override primaryKey = 'md5hash';
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;
  static override requiredFields: readonly string[] = ['md5hash'];

  /** `cb.select(BannedHash)` is a {@link BannedHashQuery} (`?count=10000`). */
  static override createQuery(api: BaseApi): BannedHashQuery {
    return new BannedHashQuery(api);
  }

  @StringField() md5hash!: string;
  @StringField() text!: string;
  @BooleanField() enabled!: boolean;
  @StringField() username!: string;
  @NumberField() user_id!: number;
  @DateField() timestamp!: Date;
  @NumberField() block_count!: number;
  @DateField() last_block_time!: Date | null;
  @NumberField() last_block_sensor_id!: number | null;
  @StringField() last_block_hostname!: string | null;
  @JsonField() audit!: JsonObject[];

  /**
   * Checks the required fields and that `md5hash` is 32 hex digits.
   * @throws {@link InvalidObjectError} when `md5hash` is missing
   * @throws {@link InvalidHashError} when it is not an MD5
   */
  override validate(): void {
    super.validate();
    const md5 = this.get<unknown>('md5hash');
    if (typeof md5 !== 'string' || !MD5.test(md5)) throw new InvalidHashError(`BannedHash md5hash must be 32 hex digits, got ${JSON.stringify(md5)}`);
  }

  /** A create, or enabling, POSTs the whole document (md5hash included) to the list route. */
  protected override saveRequest(kind: SaveKind, doc: JsonObject, changes: JsonObject): ModelRequest {
    if (kind === 'create' || (Object.hasOwn(changes, 'enabled') && this.get('enabled') === true)) {
      return { method: 'POST', path: BannedHash.urlObject, json: doc };
    }
    return super.saveRequest(kind, doc, changes);
  }

  /**
   * Saves the changes (see the class notes for the requests).
   * @throws {@link ServerError} with the server's message, e.g. 409 when the hash is already banned
   * @throws {@link InvalidHashError} when `md5hash` is not an MD5
   */
  override async save(options: ModelRequestOptions = {}): Promise<this> {
    if (this.raw['md5hash'] === undefined) {
      // Never saved: created on the client with its md5hash set, so core would see an update. Create it.
      if (!this.isDirty()) return this;
      this.validate();
      const doc = this.toJSON();
      this.api.logger?.debug('Creating a new BannedHash object');
      const reply = await this.api.transport.post<unknown>(BannedHash.urlObject, { json: doc, signal: options.signal, object: this.describeObject() });
      await this.handleSaveReply(reply, 'create', doc, options);
      return this;
    }
    const disabling = this.uniqueId() !== undefined && this.isDirty() && Object.hasOwn(this.changes(), 'enabled') && this.get('enabled') !== true;
    if (!disabling) return super.save(options);
    await this.ensureLoaded(options);
    this.validate();
    const doc = this.toJSON();
    const text = this.get<unknown>('text');
    this.api.logger?.debug(`Updating ${this.describeObject()}`);
    await this.api.transport.delete(this.instanceUrl(), { signal: options.signal, object: this.describeObject() });
    if (text !== undefined && text !== null && text !== '') {
      // Disabling erases `text` on the server: put it back.
      await this.api.transport.put(this.instanceUrl(), { json: doc, signal: options.signal, object: this.describeObject() });
    }
    await this.refresh(options);
    return this;
  }

  /** The binary with this hash. */
  binary(options: ModelRequestOptions = {}): Promise<Binary | undefined> {
    const md5 = this.get<string | undefined>('md5hash');
    if (md5 !== undefined && !MD5.test(md5)) return Promise.reject(new ApiError(`BannedHash ${md5} is not an MD5`));
    return this.join(Binary, md5, options);
  }
}
