import { ApiError, type ApiErrorOptions } from './api-error.js';

/** An object cannot be saved as it is: required fields missing, or the model forbids it. @public */
export class InvalidObjectError extends ApiError {
  static override readonly errorName: string = 'InvalidObjectError';
  readonly missingFields: readonly string[];
  constructor(message: string, options: ApiErrorOptions & { missingFields?: string[] } = {}) {
    super(message, options);
    this.missingFields = options.missingFields ?? [];
  }
}
