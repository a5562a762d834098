import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IngressFilter } from '../src/models/ingress-filter.js';
import { served, startSim, type SimSession } from './seed-simulator.js';

let env: SimSession;
beforeAll(async () => {
  env = await startSim();
});
afterAll(async () => {
  await env.close();
});

describe('Ingress filters against the simulator', () => {
  it('creates with an array body, reads back, changes and deletes', async () => {
    const { cb, sim } = env;
    const f = cb.create(IngressFilter, { name: 'ignore backups', description: 'backup agent noise', path_filters: ['c:\\backup\\*'], enabled: true });
    const mark = sim.requests.length;
    await f.save();
    const lines = served(sim, mark);
    expect(lines[0]).toBe('POST /api/v1/ingress_whitelist');
    expect(Array.isArray(sim.requests[mark]?.body)).toBe(true);
    expect(lines[1]).toBe(`GET /api/v1/ingress_whitelist/${encodeURIComponent(f.id)}`);
    expect(typeof f.id).toBe('string');
    expect(f.path_filters).toEqual(['c:\\backup\\*']);
    f.enabled = false;
    await f.save();
    expect((await cb.select(IngressFilter, f.id, { forceInit: true })).enabled).toBe(false);
    await f.delete();
    expect((await cb.select(IngressFilter).toArray()).map((x) => x.id)).not.toContain(f.id);
  });
});
