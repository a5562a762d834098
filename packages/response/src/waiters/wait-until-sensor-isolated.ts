import { createWaiter } from '@cbapi/core';
import type { ModelRequestOptions } from '@cbapi/core';

/** What the isolation waiter needs of a sensor (a `Sensor` has it). @public */
export interface IsolationTarget {
  /** Whether isolation is in effect now, as last loaded. */
  readonly is_isolating: boolean | null | undefined;
  /** Reloads the sensor (`GET /api/v1/sensor/<id>`). */
  refresh(options?: ModelRequestOptions): Promise<unknown>;
}

/** Options of {@link waitUntilSensorIsolated}. All durations in ms. @public */
export interface WaitUntilSensorIsolatedOptions {
  /** Wait for isolation to be active (`true`) or removed (`false`). @defaultValue true */
  isolated?: boolean;
  /** Deadline of the whole wait. @defaultValue 120_000 */
  timeout?: number;
  /** First delay between polls. @defaultValue 1_000 (cbapi polled every second) */
  minDelayMs?: number;
  /** Longest delay between polls. @defaultValue 5_000 */
  maxDelayMs?: number;
  /** Aborting rethrows the signal's reason at once. */
  signal?: AbortSignal;
  /** The sensor, for messages (`Sensor 4`). @defaultValue 'the sensor' */
  description?: string;
}

/**
 * Waits until a sensor reports `is_isolating` as wanted, polling `GET /api/v1/sensor/<id>` with
 * backoff. The first check uses the sensor as it is (no request), as cbapi did after its save.
 *
 * @param sensor - the sensor (its fields are refreshed in place)
 * @param options - `isolated`, `timeout`, poll delays and `signal`
 * @returns `true` once the state is reached
 * @throws {@link TimeoutError} `timed out waiting for isolation to become active` (or `to be removed`) at the deadline
 * @example
 * ```ts
 * sensor.network_isolation_enabled = true;
 * await sensor.save();
 * await waitUntilSensorIsolated(sensor, { timeout: 60_000 });
 * ```
 * @public
 */
export async function waitUntilSensorIsolated(sensor: IsolationTarget, options: WaitUntilSensorIsolatedOptions = {}): Promise<true> {
  const wanted = options.isolated ?? true;
  const what = wanted ? 'isolation to become active' : 'isolation to be removed';
  return createWaiter<true>(
    {
      maxWaitMs: options.timeout ?? 120_000,
      minDelayMs: options.minDelayMs ?? 1_000,
      maxDelayMs: options.maxDelayMs ?? 5_000,
      signal: options.signal,
      description: `${what} on ${options.description ?? 'the sensor'}`,
    },
    async (attempt, signal) => {
      if (attempt > 1) await sensor.refresh({ signal });
      const now = sensor.is_isolating === true;
      return now === wanted ? { state: 'success', value: true } : { state: 'retry', reason: `is_isolating=${String(sensor.is_isolating)}` };
    },
  );
}
