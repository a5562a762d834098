import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Sensor } from '../src/models/sensor.js';
import { SensorGroup } from '../src/models/sensor-group.js';
import { Site } from '../src/models/site.js';
import { ThrottleRule } from '../src/models/throttle-rule.js';
import { served, startSim, type SimSession } from './seed-simulator.js';

let env: SimSession;
beforeAll(async () => {
  env = await startSim();
});
afterAll(async () => {
  await env.close();
});

describe('Sensor groups, sites and throttle rules against the simulator', () => {
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
