import type { BaseApi } from '../client/base-api.js';
import type { JsonObject } from './types.js';

/** Per-instance bookkeeping of a model, kept off the enumerable properties. @internal */
export interface ModelState {
  api: BaseApi | undefined;
  /** The last document the server sent (or the initial data of a new object). */
  raw: JsonObject;
  fullyLoaded: boolean;
  refreshedAt: Date | undefined;
  /** Values set with `set()` on fields the model does not declare. */
  extra: Map<string, unknown>;
}

/** Where the state lives on an instance (a non-enumerable symbol property). @internal */
export const MODEL_STATE: unique symbol = Symbol('cbapi.model.state');

/** Loads the object's document from the server without adopting it (used by `BaseApi.select`). @internal */
export const FETCH_DOCUMENT: unique symbol = Symbol('cbapi.model.fetchDocument');
