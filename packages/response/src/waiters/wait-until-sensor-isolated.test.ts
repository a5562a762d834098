import { describe, expect, it } from '@jest/globals';
import { TimeoutError } from '@cbapi/core';
import { waitUntilSensorIsolated, type IsolationTarget } from './wait-until-sensor-isolated.js';

/** A sensor whose `is_isolating` follows a script of refresh results. */
function scripted(initial: boolean, afterRefresh: boolean[]): IsolationTarget & { refreshes: number } {
  const target = {
    is_isolating: initial as boolean | null,
    refreshes: 0,
    async refresh(options?: { signal?: AbortSignal }) {
      options?.signal?.throwIfAborted();
      const next = afterRefresh[Math.min(target.refreshes, afterRefresh.length - 1)];
      target.refreshes++;
      target.is_isolating = next ?? null;
      return target;
    },
  };
  return target;
}

describe('waitUntilSensorIsolated', () => {
  it('checks the sensor as it is first (no request when already there)', async () => {
    const s = scripted(true, [true]);
    await expect(waitUntilSensorIsolated(s)).resolves.toBe(true);
    expect(s.refreshes).toBe(0);
  });

  it('polls until is_isolating flips, either way', async () => {
    const on = scripted(false, [false, false, true]);
    await expect(waitUntilSensorIsolated(on, { minDelayMs: 1, maxDelayMs: 2 })).resolves.toBe(true);
    expect(on.refreshes).toBe(3);
    const off = scripted(true, [true, false]);
    await expect(waitUntilSensorIsolated(off, { isolated: false, minDelayMs: 1, maxDelayMs: 2 })).resolves.toBe(true);
    expect(off.refreshes).toBe(2);
  });

  it('throws TimeoutError at the deadline with what it saw', async () => {
    const s = scripted(false, [false]);
    const err = await waitUntilSensorIsolated(s, { timeout: 20, minDelayMs: 1, maxDelayMs: 3, description: 'Sensor 9' }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(err)).toBe(true);
    expect((err as TimeoutError).message).toMatch(/isolation to become active on Sensor 9/);
    expect((err as TimeoutError).lastReason).toBe('is_isolating=false');
    expect((err as TimeoutError).observedResponses['is_isolating=false']).toBeGreaterThan(0);
  });

  it('rethrows the abort reason at once', async () => {
    const s = scripted(false, [false]);
    const ctl = new AbortController();
    const p = waitUntilSensorIsolated(s, { signal: ctl.signal, minDelayMs: 50, maxDelayMs: 50 });
    ctl.abort(new Error('user stop'));
    await expect(p).rejects.toThrow('user stop');
  });
});
