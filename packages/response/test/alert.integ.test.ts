import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Alert } from '../src/models/alert.js';
import { served, startSim, type SimSession } from './seed-simulator.js';

let env: SimSession;
beforeAll(async () => {
  env = await startSim({ alerts: 520 });
});
afterAll(async () => {
  await env.close();
});

describe('Alerts against the simulator', () => {
  it('pages 500 at a time and changes statuses in blocks of 500', async () => {
    const { cb, sim } = env;
    const q = cb.select(Alert);
    const total = await q.count();
    expect(total).toBeGreaterThan(500);
    const mark = sim.requests.length;
    const sent = await q.changeStatus('In Progress');
    expect(sent).toBe(total);
    const lines = served(sim, mark);
    const pages = lines.filter((l) => l.startsWith('GET /api/v1/alert'));
    expect(pages[0]).toContain('rows=500');
    const posts = sim.requests.slice(mark).filter((r) => r.method === 'POST');
    expect(posts.map((p) => (p.body as { alert_ids: string[] }).alert_ids.length)).toEqual([500, total - 500]);
    expect(posts[0]?.body).toMatchObject({ requested_status: 'In Progress' });
    const assigned = await cb.select(Alert).where('-status:Resolved').assignTo('admin');
    expect(assigned).toBe(total);
    const one = await cb.select(Alert).first();
    if (!one) throw new Error('no alert');
    expect(await one.sensor()).toBeDefined();
    if (String(one.alert_type).includes('process')) expect((await one.process())?.id).toBeDefined();
    one.status = 'Resolved';
    const m2 = sim.requests.length;
    await one.save();
    expect(served(sim, m2)).toEqual([`POST /api/v1/alert/${encodeURIComponent(one.unique_id)}`]);
    const ignored = await cb.select(Alert).where('-status:Resolved').setIgnored();
    expect(ignored).toBeGreaterThan(0);
  });
});
