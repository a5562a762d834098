import { ApiError, type ApiErrorOptions } from './api-error.js';

export interface TimeoutErrorOptions extends ApiErrorOptions {
  /** The deadline that ran out, in milliseconds. */
  timeoutMs?: number;
  /** For a waiter that ran out: how many times each reason was observed while polling. */
  observedResponses?: Record<string, number>;
  /** For a waiter that ran out: the last reason it saw. */
  lastReason?: string;
}

/**
 * A request or a wait ran out of time (cbapi's name, kept). Waiters throw it when their
 * deadline passes, with what they observed while polling.
 * @public
 */
export class TimeoutError extends ApiError {
  static override readonly errorName: string = 'TimeoutError';
  readonly timeoutMs: number | undefined;
  readonly observedResponses: Readonly<Record<string, number>>;
  readonly lastReason: string | undefined;
  constructor(message: string, options: TimeoutErrorOptions = {}) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
    this.observedResponses = options.observedResponses ?? {};
    this.lastReason = options.lastReason;
  }
}
