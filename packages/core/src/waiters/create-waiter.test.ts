import { describe, it, expect } from '@jest/globals';
import { ApiError } from '../errors/api-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { WaiterError } from '../errors/waiter-error.js';
import { createWaiter } from './create-waiter.js';
import type { WaiterCheckResult } from './waiter-types.js';

const fast = { minDelayMs: 1, maxDelayMs: 4 };

describe('createWaiter', () => {
  it('returns the value on success, polling with retries', async () => {
    let n = 0;
    const value = await createWaiter({ ...fast, maxWaitMs: 5_000 }, (attempt): WaiterCheckResult<string> => {
      n = attempt;
      return attempt < 4 ? { state: 'retry', reason: 'is_isolating=false' } : { state: 'success', value: 'isolated' };
    });
    expect(value).toBe('isolated');
    expect(n).toBe(4);
  });

  it('failure → WaiterError with observedResponses and lastReason', async () => {
    let n = 0;
    const error = await createWaiter({ ...fast, maxWaitMs: 5_000, description: 'command 3' }, async () => {
      n++;
      return n < 3 ? { state: 'retry', reason: 'pending' } : { state: 'failure', reason: 'error' };
    }).catch((e: unknown) => e);
    expect(WaiterError.isInstance(error)).toBe(true);
    const w = error as WaiterError;
    expect(w.state).toBe('failure');
    expect(w.observedResponses).toEqual({ pending: 2, error: 1 });
    expect(w.lastReason).toBe('error');
    expect(w.attempts).toBe(3);
    expect(w.message).toBe('Waiting for command 3 failed: error');
  });

  it('deadline → TimeoutError with observedResponses, lastReason, timeoutMs', async () => {
    const error = await createWaiter({ minDelayMs: 2, maxDelayMs: 5, maxWaitMs: 30 }, () => ({ state: 'retry' as const, reason: 'still' })).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    const t = error as TimeoutError;
    expect(t.timeoutMs).toBe(30);
    expect(t.lastReason).toBe('still');
    expect(t.observedResponses['still']).toBeGreaterThanOrEqual(2);
  });

  it('maxWaitMs 0 checks once', async () => {
    let n = 0;
    await expect(createWaiter({ maxWaitMs: 0 }, () => { n++; return { state: 'retry' }; })).rejects.toThrow(TimeoutError);
    expect(n).toBe(1);
  });

  it('abort rethrows the signal\'s reason at once, without waiting out the sleep', async () => {
    const ac = new AbortController();
    const p = createWaiter({ minDelayMs: 60_000, maxDelayMs: 60_000, maxWaitMs: 600_000, signal: ac.signal }, () => ({ state: 'retry' as const }));
    setTimeout(() => ac.abort(new Error('cancelled by user')), 5);
    await expect(p).rejects.toThrow('cancelled by user');
    const pre = new AbortController();
    pre.abort();
    await expect(createWaiter({ signal: pre.signal }, () => ({ state: 'success' as const }))).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('an abort during the check wins over its result; the check gets the signal', async () => {
    const ac = new AbortController();
    let seen: AbortSignal | undefined;
    await expect(createWaiter({ signal: ac.signal, maxWaitMs: 1_000 }, (_n, signal) => {
      seen = signal;
      ac.abort(new Error('mid-check'));
      return { state: 'success' as const, value: 1 };
    })).rejects.toThrow('mid-check');
    expect(seen).toBe(ac.signal);
  });

  it('a throwing check propagates its error', async () => {
    await expect(createWaiter({ maxWaitMs: 1_000 }, () => { throw new ApiError('server down'); })).rejects.toThrow('server down');
  });

  it('bad options and bad check results are ApiErrors', async () => {
    await expect(createWaiter({ maxWaitMs: -1 }, () => ({ state: 'success' as const }))).rejects.toThrow(/maxWaitMs/);
    await expect(createWaiter({ minDelayMs: Number.NaN }, () => ({ state: 'success' as const }))).rejects.toThrow(/minDelayMs/);
    await expect(createWaiter({ maxDelayMs: Number.POSITIVE_INFINITY }, () => ({ state: 'success' as const }))).rejects.toThrow(/maxDelayMs/);
    await expect(createWaiter({}, 'nope' as never)).rejects.toThrow(/check must be a function/);
    await expect(createWaiter({}, () => ({ state: 'done' }) as never)).rejects.toThrow(/expected \{ state/);
    await expect(createWaiter({}, () => undefined as never)).rejects.toThrow(ApiError);
  });

  it('a check without a reason is counted under its state', async () => {
    let n = 0;
    const error = await createWaiter({ ...fast, maxWaitMs: 1_000 }, () => (++n < 2 ? { state: 'retry' } : { state: 'failure' })).catch((e: unknown) => e);
    expect((error as WaiterError).observedResponses).toEqual({ retry: 1, failure: 1 });
  });
});
