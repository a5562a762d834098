import { ApiError } from './api-error.js';

/** Not an MD5 (or SHA-256 where the product takes one). @public */
export class InvalidHashError extends ApiError {
  static override readonly errorName: string = 'InvalidHashError';
}
