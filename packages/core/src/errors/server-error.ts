import { redact } from '../internal/redact.js';
import { ApiError, type ApiErrorOptions } from './api-error.js';

export interface ServerErrorOptions extends ApiErrorOptions {
  status: number;
  /** The server's own message (its response text, or the `reason`/`message` of a JSON body). */
  serverMessage?: string;
  /** The response body, truncated to 2 KB and redacted. */
  body?: string;
  isRetryable?: boolean;
  attempts?: number;
  totalRetryDelayMs?: number;
}

const MAX_BODY = 2048;

/**
 * The server answered with an HTTP error status (cbapi's ServerError: `error_code` is `status`).
 * @public
 */
export class ServerError extends ApiError {
  static override readonly errorName: string = 'ServerError';
  readonly status: number;
  readonly serverMessage: string | undefined;
  readonly body: string | undefined;
  readonly isRetryable: boolean;
  readonly attempts: number;
  readonly totalRetryDelayMs: number;

  constructor(message: string, options: ServerErrorOptions) {
    super(message, options);
    const secrets = options.secrets ?? [];
    this.status = options.status;
    this.serverMessage = options.serverMessage === undefined ? undefined : redact(options.serverMessage, secrets);
    this.body = options.body === undefined ? undefined : redact(options.body.slice(0, MAX_BODY), secrets);
    this.isRetryable = options.isRetryable ?? false;
    this.attempts = options.attempts ?? 1;
    this.totalRetryDelayMs = options.totalRetryDelayMs ?? 0;
  }

  /** cbapi's name for `status`. */
  get errorCode(): number {
    return this.status;
  }
}
