import { ApiError, type ApiErrorOptions } from './api-error.js';

/** `one()` found zero or several results (cbapi uses this name for both). @public */
export class MoreThanOneResultError extends ApiError {
  static override readonly errorName: string = 'MoreThanOneResultError';
  /** How many results there were. */
  readonly count: number | undefined;
  constructor(message: string, options: ApiErrorOptions & { count?: number } = {}) {
    super(message, options);
    this.count = options.count;
  }
}
