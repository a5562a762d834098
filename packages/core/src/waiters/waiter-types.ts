/** What a waiter's check reports. @public */
export interface WaiterCheckResult<T = unknown> {
  /** `success` ends with `value`, `failure` throws WaiterError, `retry` polls again. */
  state: 'success' | 'failure' | 'retry';
  /** Why (`is_isolating=false`), counted in `observedResponses` and kept as `lastReason`. */
  reason?: string;
  /** The result on success. */
  value?: T;
}

/** Options of `createWaiter`. All durations in ms. @public */
export interface WaiterOptions {
  /** First delay between checks. @defaultValue 1_000 */
  minDelayMs?: number;
  /** Cap of the delay between checks. @defaultValue 30_000 */
  maxDelayMs?: number;
  /** Deadline from the first check; past it the waiter throws TimeoutError. @defaultValue 120_000 */
  maxWaitMs?: number;
  /** Aborting rethrows the signal's reason at once. */
  signal?: AbortSignal;
  /** What is waited for, for messages (`Sensor 42 to be isolated`). */
  description?: string;
}

/** A check the waiter calls; it receives the attempt number (1-based) and the waiter's signal. @public */
export type WaiterCheck<T> = (attempt: number, signal: AbortSignal | undefined) => Promise<WaiterCheckResult<T>> | WaiterCheckResult<T>;
