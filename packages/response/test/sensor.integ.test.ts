import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InvalidQueryError, TimeoutError } from '@cbapi/core';
import { Sensor } from '../src/models/sensor.js';
import { SensorGroup } from '../src/models/sensor-group.js';
import { Site } from '../src/models/site.js';
import { ThrottleRule } from '../src/models/throttle-rule.js';
import { served, startSim, type SimSession } from './part2-sim.js';

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

  it('moves a sensor to a new sensor group (seed 4.5.9)', async () => {
    const { cb, sim } = env;
    const sg = cb.create(SensorGroup);
    sg.name = 'Critical Endpoints';
    sg.site = 1;
    const mark = sim.requests.length;
    await sg.save();
    expect(served(sim, mark)).toEqual(['POST /api/group', `GET /api/group/${sg.id}`]);
    expect(sim.requests[mark]?.body).toEqual({ name: 'Critical Endpoints', site_id: 1 });
    expect(typeof sg.id).toBe('number');
    expect((await sg.site())?.id).toBe(1);
    const sensor = await cb.select(Sensor, 4);
    sensor.group = sg;
    await sensor.save();
    expect((await cb.select(Sensor, 4, { forceInit: true })).group_id).toBe(sg.id);
    expect((await sg.sensors().toArray()).map((s) => s.id)).toContain(4);
    const installer = await sg.getInstaller('windows/exe');
    expect(installer.length).toBeGreaterThan(0);
    sg.name = 'Critical Endpoints (renamed)';
    await sg.save();
    expect((await cb.select(SensorGroup, Number(sg.id), { forceInit: true })).name).toBe('Critical Endpoints (renamed)');
    sensor.group = 1;
    await sensor.save();
    await sg.delete();
    expect(await cb.select(SensorGroup).where(`id:${String(sg.id)}`).toArray()).toEqual([]);
  });

  it('reads sites and throttle rules; creates, changes and deletes a site', async () => {
    const { cb } = env;
    const site = await cb.select(Site, 1);
    expect(typeof site.name).toBe('string');
    const rules = await site.throttleRules().toArray();
    for (const r of rules) expect(r.site_id).toBe(1);
    const all = await cb.select(ThrottleRule).toArray();
    expect(all.length).toBeGreaterThanOrEqual(rules.length);
    const s2 = cb.create(Site, { name: 'Branch office' });
    await s2.save();
    expect(typeof s2.id).toBe('number');
    s2.name = 'Branch office 2';
    await s2.save();
    expect((await cb.select(Site, s2.id, { forceInit: true })).name).toBe('Branch office 2');
    await s2.delete();
  });
});
