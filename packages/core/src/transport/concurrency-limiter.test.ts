import { describe, expect, it } from '@jest/globals';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

describe('ConcurrencyLimiter', () => {
  it('lets `limit` holders in and queues the rest in order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const r1 = await limiter.acquire();
    const r2 = await limiter.acquire();
    const order: number[] = [];
    const p3 = limiter.acquire().then((r) => { order.push(3); return r; });
    const p4 = limiter.acquire().then((r) => { order.push(4); return r; });
    expect(limiter.running).toBe(2);
    expect(limiter.pending).toBe(2);
    r1();
    r1();
    const r3 = await p3;
    expect(order).toEqual([3]);
    r2();
    const r4 = await p4;
    expect(order).toEqual([3, 4]);
    r3();
    r4();
    expect(limiter.running).toBe(0);
    expect(limiter.pending).toBe(0);
  });

  it('gives up a queued acquire when its signal aborts, with the reason', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const queued = limiter.acquire(controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(queued).rejects.toBe(reason);
    expect(limiter.pending).toBe(0);
    held();
    expect(limiter.running).toBe(0);
    await expect(limiter.acquire(AbortSignal.abort('already'))).rejects.toBe('already');
  });

  it('detaches the abort listener once granted', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const queued = limiter.acquire(controller.signal);
    held();
    const release = await queued;
    controller.abort();
    expect(limiter.running).toBe(1);
    release();
    expect(limiter.running).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses limit %p', (limit) => {
    expect(() => new ConcurrencyLimiter(limit)).toThrow(RangeError);
  });
});
