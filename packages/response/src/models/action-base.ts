import { ApiError, BaseModel } from '@cbapi/core';
import type { JsonObject, ModelRequest, ModelRequestOptions, SaveKind } from '@cbapi/core';
import { actionTypeCode, actionTypeName, type ActionTypeName } from './action-type.js';
import { NumberField, StringField } from './field-types.js';

/**
 * What feed and watchlist actions share: `id`, `action_type`, `action_data`, the `type` name, the
 * routes `<urlObject>/<parent id>/action[/<id>]`, and no GET route of their own (their data comes only
 * from the parent's action list, so `refresh()` keeps what the object has).
 * @public
 */
export abstract class ActionBase extends BaseModel {
  static override creatable = true;
  static override mutable = true;
  static override deletable = true;

  @NumberField() id!: number;
  /** 0 email, 1 syslog, 2 http_post, 3 alert; see `type`. */
  @NumberField() action_type!: number;
  /** Action parameters as the server stores them (a JSON string, e.g. `{"email_recipients":[1]}`). */
  @StringField() action_data!: string;

  /** The action type by name (`email`, `syslog`, `http_post`, `alert`, or `unknown`); assign a name to change it. */
  get type(): ActionTypeName | 'unknown' {
    return actionTypeName(this.get('action_type'));
  }

  set type(name: ActionTypeName | 'unknown') {
    this.action_type = actionTypeCode(name);
  }

  /** The field that holds the parent's id (`group_id` for feeds, `watchlist_id` for watchlists). */
  protected abstract parentIdField(): string;

  /** The error message when the parent id is missing. */
  protected abstract missingParentMessage(): string;

  /** `<urlObject>/<parent id>/action`. */
  private collectionUrl(): string {
    const parentId = this.get<unknown>(this.parentIdField());
    if (parentId === undefined || parentId === null || parentId === '') throw new ApiError(this.missingParentMessage());
    return `${this.model.urlObject}/${encodeURIComponent(String(parentId))}/action`;
  }

  protected override instanceUrl(): string {
    const id = this.uniqueId();
    if (id === undefined) throw new ApiError(`${this.model.modelName} has no id yet`);
    return `${this.collectionUrl()}/${encodeURIComponent(String(id))}`;
  }

  /** Creation POSTs the document without `id` to the parent's action list. */
  protected override saveRequest(kind: SaveKind, doc: JsonObject, changes: JsonObject): ModelRequest {
    if (kind === 'create') {
      const body = { ...doc };
      delete body['id'];
      return { method: 'POST', path: this.collectionUrl(), json: body };
    }
    return super.saveRequest(kind, doc, changes);
  }

  /** There is no GET of a single action: the object keeps its document. */
  protected override async fetchDocument(_options: ModelRequestOptions = {}): Promise<JsonObject> {
    return { ...this.raw };
  }
}
