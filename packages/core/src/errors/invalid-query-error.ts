import { ApiError } from './api-error.js';

/** A query was refused before sending it (client-side validation). @public */
export class InvalidQueryError extends ApiError {
  static override readonly errorName: string = 'InvalidQueryError';
}
