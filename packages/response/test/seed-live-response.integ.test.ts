// cb.liveResponse is the @cbapi/live-response job runner bound to this server (seed 4.6.3's
// job-based API), checked against the simulator.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Sensor } from '../src/models/sensor.js';
import { seedEnv, type SeedEnv } from './seed-simulator.js';

let env: SeedEnv;
beforeAll(async () => {
  env = await seedEnv({ liveResponse: { sessionStartMs: 20, commandMs: 5 } });
});
afterAll(async () => {
  await env.close();
});

describe('cb.liveResponse', () => {
  it('runs a function job on a sensor and closes its sessions with the API object', async () => {
    const { cb } = env;
    const sensor = await cb.select(Sensor).first();
    const id = Number(sensor?.get('id'));
    const handle = cb.liveResponse.submitJob(async (session) => session.listProcesses(), id);
    const procs = await handle.result;
    expect(Array.isArray(procs)).toBe(true);
    expect(procs.length).toBeGreaterThan(0);
    expect(env.sim.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/cblr/session')).toBe(true);
    expect(cb.liveResponse).toBe(cb.liveResponse);
    await cb.close();
    expect(env.sim.liveResponse.stats.openSessions).toBe(0);
  });
});
