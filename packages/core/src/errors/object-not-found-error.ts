import { ApiError, type ApiErrorOptions } from './api-error.js';

export interface ObjectNotFoundErrorOptions extends ApiErrorOptions {
  /** Which object was asked for, e.g. `Sensor 42`. */
  object?: string;
  /** The server's message, if it gave one. */
  serverMessage?: string;
}

/** 404: the object (or route) does not exist. The message says which object. @public */
export class ObjectNotFoundError extends ApiError {
  static override readonly errorName: string = 'ObjectNotFoundError';
  readonly object: string | undefined;
  readonly serverMessage: string | undefined;
  readonly status = 404;
  constructor(message: string, options: ObjectNotFoundErrorOptions = {}) {
    super(message, options);
    this.object = options.object;
    this.serverMessage = options.serverMessage;
  }
}
