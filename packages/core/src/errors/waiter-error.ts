import { ApiError, type ApiErrorOptions } from './api-error.js';

/** Why a waiter stopped: its check reported failure. (A deadline throws TimeoutError; an abort rethrows the signal's reason.) */
export type WaiterState = 'failure';

export interface WaiterErrorOptions extends ApiErrorOptions {
  state: WaiterState;
  /** How many times each reason was observed while polling, e.g. `{ "is_isolating=false": 7 }`. */
  observedResponses?: Record<string, number>;
  lastReason?: string;
  attempts?: number;
  elapsedMs?: number;
}

/** A waiter's check reported failure (e.g. a Live Response command ended in error). @public */
export class WaiterError extends ApiError {
  static override readonly errorName: string = 'WaiterError';
  readonly state: WaiterState;
  readonly observedResponses: Readonly<Record<string, number>>;
  readonly lastReason: string | undefined;
  readonly attempts: number;
  readonly elapsedMs: number;
  constructor(message: string, options: WaiterErrorOptions) {
    super(message, options);
    this.state = options.state;
    this.observedResponses = options.observedResponses ?? {};
    this.lastReason = options.lastReason;
    this.attempts = options.attempts ?? 0;
    this.elapsedMs = options.elapsedMs ?? 0;
  }
}
