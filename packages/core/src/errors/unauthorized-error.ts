import { ServerError } from './server-error.js';

/** 401 or 403: the token is wrong, missing, or lacks the permission. @public */
export class UnauthorizedError extends ServerError {
  static override readonly errorName: string = 'UnauthorizedError';
}
