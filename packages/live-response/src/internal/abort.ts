import { InvalidObjectError } from '@cbapi/core';

/** Small abort/timing helpers. @internal */

/** The reason of an aborted signal, as an Error (an AbortError DOMException when none was given). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Throws the signal's reason when it is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/** Resolves after `ms`, rejects with the signal's reason when it aborts first. The timer never keeps the process alive. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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
    }, Math.max(0, ms));
    timer.unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Combines signals (undefined ones are skipped). */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const list = signals.filter((s): s is AbortSignal => s !== undefined);
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  return AbortSignal.any(list);
}

/** True for an AbortError (DOMException or Error named so). */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

/** Validates a duration option: a finite number of ms ≥ 0. @throws {@link InvalidObjectError} naming the option. */
export function checkDuration(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidObjectError(`${name} must be a finite number of milliseconds ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** Validates a count option: an integer ≥ `min`. @throws {@link InvalidObjectError} naming the option. */
export function checkCount(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidObjectError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/** A signal that aborts when `signal` does or after `ms`; cheaper than `AbortSignal.any` + `AbortSignal.timeout`. Call `dispose()` when done. */
export function boundedSignal(signal: AbortSignal | undefined, ms: number): { signal: AbortSignal; timedOut(): boolean; dispose(): void } {
  const ctl = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    ctl.abort(new DOMException('The long poll reached its bound', 'TimeoutError'));
  }, Math.max(0, ms));
  timer.unref?.();
  const onAbort = (): void => ctl.abort(signal?.reason);
  if (signal?.aborted) ctl.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: ctl.signal,
    timedOut: () => expired,
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Awaits `p`, or rejects with the signal's reason as soon as it aborts. */
export function raceSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
