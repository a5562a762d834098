import { ServerError, type ServerErrorOptions } from './server-error.js';

export interface RateLimitErrorOptions extends ServerErrorOptions {
  retryAfterMs?: number;
}

/** 429 after the retries ran out; `retryAfterMs` is what the server last asked for. @public */
export class RateLimitError extends ServerError {
  static override readonly errorName: string = 'RateLimitError';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: RateLimitErrorOptions) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}
