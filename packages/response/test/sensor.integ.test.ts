import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InvalidQueryError, TimeoutError } from '@cbapi/core';
import { Sensor } from '../src/models/sensor.js';
import { served, startSim, type SimSession } from './seed-simulator.js';

let env: SimSession;
beforeAll(async () => {
  env = await startSim();
});
afterAll(async () => {
  await env.close();
});

describe('Sensor against the simulator', () => {
  it('lists sensors, filters on the server and turns a no-match into an empty result', async () => {
    const { cb, sim } = env;
    const all = await cb.select(Sensor).toArray();
    expect(all.length).toBe(6);
    const first = all[0];
    if (!first) throw new Error('no sensor');
    const mark = sim.requests.length;
    const found = await cb.select(Sensor).where(`hostname:${String(first.hostname)}`).toArray();
    expect(found.map((s) => s.id)).toContain(first.id);
    expect(served(sim, mark)).toEqual([`GET /api/v1/sensor?hostname=${encodeURIComponent(String(first.hostname)).replace(/%20/g, '+')}`]);
    expect(await cb.select(Sensor).where('hostname:NO-SUCH-HOST-XYZ').toArray()).toEqual([]);
    expect(await cb.select(Sensor).where('groupid:1').count()).toBeGreaterThan(0);
    expect(() => cb.select(Sensor).where('os:linux')).toThrow(InvalidQueryError);
    for (const s of all) {
      expect(typeof s.hostname).toBe('string');
      expect(s.networkInterfaces.length).toBeGreaterThan(0);
      expect(s.last_checkin_time).toBeInstanceOf(Date);
    }
  });

  it('isolates and unisolates: PUT the full document, then polls until is_isolating flips', async () => {
    const { cb, sim } = env;
    const s = await cb.select(Sensor, 1, { forceInit: true });
    const mark = sim.requests.length;
    await expect(s.isolate({ timeout: 10_000, minDelayMs: 10, maxDelayMs: 40 })).resolves.toBe(true);
    expect(s.is_isolating).toBe(true);
    const lines = served(sim, mark);
    expect(lines[0]).toBe('PUT /api/v1/sensor/1');
    expect(lines.slice(1).every((l) => l === 'GET /api/v1/sensor/1')).toBe(true);
    const put = sim.requests[mark];
    expect(put?.body).toMatchObject({ id: 1, network_isolation_enabled: true, event_log_flush_time: null });
    expect(Object.keys(put?.body as object).length).toBeGreaterThan(40);
    await expect(s.unisolate({ timeout: 10_000, minDelayMs: 10, maxDelayMs: 40 })).resolves.toBe(true);
    expect(s.is_isolating).toBe(false);
  });

  it('isolation with a short timeout throws TimeoutError', async () => {
    const slow = await startSim({ isolationDelayMs: 60_000 });
    try {
      const s = await slow.cb.select(Sensor, 2);
      const err = await s.isolate({ timeout: 50, minDelayMs: 10, maxDelayMs: 20 }).catch((e: unknown) => e);
      expect(TimeoutError.isInstance(err)).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('flushes events and queues a restart through PUT', async () => {
    const { cb, sim } = env;
    const s = await cb.select(Sensor, 3, { forceInit: true });
    const mark = sim.requests.length;
    await s.flushEvents();
    const put = sim.requests.slice(mark).find((r) => r.method === 'PUT');
    expect(String((put?.body as Record<string, unknown>)['event_log_flush_time'])).toMatch(/ GMT$/);
    await s.restartSensor();
    expect(s.restart_queued).toBe(true);
    expect(Array.isArray(await s.queuedStats())).toBe(true);
    expect(Array.isArray(await s.activityStats())).toBe(true);
    expect(Array.isArray(await s.resourceStatus())).toBe(true);
  });
});
