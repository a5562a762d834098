import { ApiError } from '../errors/api-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { WaiterError } from '../errors/waiter-error.js';
import type { WaiterCheck, WaiterOptions } from './waiter-types.js';

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function checkDuration(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ApiError(`createWaiter: ${name} must be a finite number of ms >= 0, got ${String(value)}`);
  return v;
}

/**
 * Polls `check` until it reports success (→ its value) or failure (→ `WaiterError`), with
 * exponential backoff and full jitter between `minDelayMs` and `maxDelayMs`, until `maxWaitMs`
 * (→ `TimeoutError`). Aborting `signal` rethrows its reason at once, without waiting out a sleep.
 *
 * @throws {@link WaiterError} when the check reports failure (state `failure`, observedResponses, lastReason)
 * @throws {@link TimeoutError} when the deadline passes (observedResponses, lastReason, timeoutMs)
 * @example
 * ```ts
 * const sensor = await createWaiter({ maxWaitMs: 120_000, signal }, async () => {
 *   const s = await cb.select(Sensor, 1, { forceInit: true });
 *   return s.is_isolating ? { state: 'success', value: s } : { state: 'retry', reason: 'is_isolating=false' };
 * });
 * ```
 * @public
 */
export async function createWaiter<T>(options: WaiterOptions, check: WaiterCheck<T>): Promise<T> {
  const minDelayMs = checkDuration('minDelayMs', options.minDelayMs, 1_000);
  const maxDelayMs = Math.max(minDelayMs, checkDuration('maxDelayMs', options.maxDelayMs, 30_000));
  const maxWaitMs = checkDuration('maxWaitMs', options.maxWaitMs, 120_000);
  if (typeof check !== 'function') throw new ApiError('createWaiter: check must be a function');
  const { signal } = options;
  const what = options.description ?? 'the condition';
  const observedResponses: Record<string, number> = {};
  let lastReason: string | undefined;
  const started = Date.now();
  const deadline = started + maxWaitMs;

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortReason(signal);
    const result = await check(attempt, signal);
    if (signal?.aborted) throw abortReason(signal);
    if (!result || typeof result !== 'object' || !['success', 'failure', 'retry'].includes(result.state)) {
      throw new ApiError(`createWaiter: check returned ${JSON.stringify(result)}; expected { state: 'success' | 'failure' | 'retry' }`);
    }
    const reason = result.reason ?? result.state;
    observedResponses[reason] = (observedResponses[reason] ?? 0) + 1;
    lastReason = reason;
    if (result.state === 'success') return result.value as T;
    if (result.state === 'failure') {
      throw new WaiterError(`Waiting for ${what} failed: ${reason}`, {
        state: 'failure', observedResponses, lastReason, attempts: attempt, elapsedMs: Date.now() - started,
      });
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new TimeoutError(`Timed out after ${maxWaitMs} ms waiting for ${what} (last: ${reason})`, {
        timeoutMs: maxWaitMs, observedResponses, lastReason,
      });
    }
    const cap = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(attempt - 1, 30));
    const delay = Math.min(remaining, minDelayMs + Math.random() * (cap - minDelayMs));
    await sleep(delay, signal);
  }
}
