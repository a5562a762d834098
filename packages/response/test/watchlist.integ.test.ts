import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Process } from '../src/models/process.js';
import { Watchlist } from '../src/models/watchlist.js';
import { WatchlistAction } from '../src/models/watchlist-action.js';
import { served, startSim, type SimSession } from './seed-simulator.js';

let env: SimSession;
beforeAll(async () => {
  env = await startSim();
});
afterAll(async () => {
  await env.close();
});

describe('Watchlists against the simulator', () => {
  it('creates one from a query (seed 4.5.5), reads its query, searches it, disables and deletes it', async () => {
    const { cb, sim } = env;
    const query = cb.select(Process).where('process_name:net.exe').and('cmdline:\\\\test\\blah');
    const mark = sim.requests.length;
    const w = await query.createWatchlist('[WARN] Attempts to mount internal share');
    const lines = served(sim, mark);
    expect(lines[0]).toBe('POST /api/v1/watchlist');
    expect(lines[1]).toBe(`GET /api/v1/watchlist/${w.id}`);
    expect(w.query).toBe('process_name:net.exe cmdline:\\\\test\\blah');
    const again = await cb.select(Watchlist).where('name:[WARN] Attempts to mount internal share').one();
    expect(again.id).toBe(w.id);
    const m2 = sim.requests.length;
    const n = await again.search().count();
    expect(typeof n).toBe('number');
    const searchLine = served(sim, m2)[0] ?? '';
    expect(searchLine).toMatch(/^GET \/api\/v1\/process\?/);
    expect(searchLine).toContain('q=process_name%3Anet.exe+cmdline%3A%5C%5Ctest%5Cblah');
    again.enabled = false;
    await again.save();
    expect((await cb.select(Watchlist, again.id, { forceInit: true })).enabled).toBe(false);
    again.query = 'process_name:cmd.exe';
    await again.save();
    expect((await cb.select(Watchlist, again.id, { forceInit: true })).query).toBe('process_name:cmd.exe');
    await again.delete();
    expect(await cb.select(Watchlist).where(`id:${again.id}`).toArray()).toEqual([]);
  });

  it('creates, changes and deletes a watchlist action', async () => {
    const { cb } = env;
    const w = cb.create(Watchlist, { name: 'binaries', index_type: 'modules' });
    w.query = 'is_executable_image:true';
    await w.save();
    expect(w.search().constructor.name).toBe('BinaryQuery');
    const action = w.createAction();
    action.type = 'alert';
    await action.save();
    expect(typeof action.id).toBe('number');
    const listed = await w.actions().toArray();
    expect(listed.map((a) => a.id)).toContain(action.id);
    expect(listed.find((a) => a.id === action.id)?.type).toBe('alert');
    action.type = 'syslog';
    await action.save();
    expect((await cb.select(WatchlistAction).where(`watchlist_id:${w.id}`).toArray()).find((a) => a.id === action.id)?.type).toBe('syslog');
    await action.delete();
    expect((await w.actions().toArray()).map((a) => a.id)).not.toContain(action.id);
    await w.delete();
  });
});
