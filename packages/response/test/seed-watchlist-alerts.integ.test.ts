// Seed chapter 4.5.5 (watchlists from queries) and 4.5.6 (threat report and alert bulk
// operations) against the simulator (6.2), comparing requests with the seed's logs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Process } from '../src/models/process.js';
import { Watchlist } from '../src/models/watchlist.js';
import { Feed } from '../src/models/feed.js';
import { Alert } from '../src/models/alert.js';
import { seedEnv, seedLine, type SeedEnv } from './seed-simulator.js';

let env: SeedEnv;
beforeAll(async () => {
  env = await seedEnv();
});
afterAll(async () => {
  await env.close();
});

describe('4.5.5 Feed and Watchlist Maintenance', () => {
  it('creates a watchlist from a query, finds it, reads its query, searches it and disables it', async () => {
    const { cb } = env;
    const query = cb.select(Process).where('process_name:net.exe').and('username:*');
    let mark = env.mark();
    const created = await query.createWatchlist('[WARN] Attempts to mount internal share');
    const id = String(created.get('id'));
    expect(env.since(mark)).toEqual([seedLine('POST /api/v1/watchlist'), seedLine(`GET /api/v1/watchlist/${id}`)]);
    expect(env.sim.requests.at(-2)?.body).toEqual({
      index_type: 'events', name: '[WARN] Attempts to mount internal share',
      search_query: 'cb.urlver=1&facet=false&q=process_name%3Anet.exe%20username%3A%2A',
    });

    mark = env.mark();
    const mine = await cb.select(Watchlist).where('name:[WARN] Attempts to mount internal share').one();
    expect(mine.query).toBe('process_name:net.exe username:*');
    const hits = await mine.search().count();
    expect(hits).toBe(await query.count());
    expect(hits).toBeGreaterThan(0);
    expect(env.since(mark).slice(0, 2)).toEqual([
      seedLine('GET /api/v1/watchlist'),
      seedLine('GET /api/v1/process?cb.urlver=1&facet=false&q=process_name%3Anet.exe+username%3A%2A&rows=0&start=0'),
    ]);

    mark = env.mark();
    mine.enabled = false;
    await mine.save();
    expect(env.since(mark)).toEqual([seedLine(`PUT /api/v1/watchlist/${id}`), seedLine(`GET /api/v1/watchlist/${id}`)]);
    expect((env.sim.requests.at(-2)?.body as Record<string, unknown>)['enabled']).toBe(false);
    expect(mine.get('enabled')).toBe(false);
  });
});

describe('4.5.6 Managing Threat Reports & Alerts', () => {
  it('ignores a feed\'s matching reports in one bulk POST', async () => {
    const { cb } = env;
    const feed = await cb.select(Feed).where('name:srsthreat').one();
    const sample = await feed.reports().first();
    const word = String(sample?.get('title')).split(/\s+/)[0] ?? '';
    const mark = env.mark();
    await feed.reports().where(`title:${word}`).setIgnored();
    const sent = env.since(mark);
    expect(sent).toEqual([seedLine('POST /api/v1/threat_report')]);
    expect(env.sim.requests.at(-1)?.body).toEqual({
      query: `cb.urlver=1&q=${encodeURIComponent(`feed_id:${String(feed.get('id'))} title:${word}`).replace(/%2F/g, '/')}`, updates: { is_ignored: true },
    });
    expect(env.sim.requests.at(-1)?.status).toBe(200);
    const after = await feed.reports().where(`title:${word}`).toArray();
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.get('is_ignored') === true)).toBe(true);
  });

  it('bulk operations on alerts: set_ignored, assign_to, change_status', async () => {
    const { cb } = env;
    const q = cb.select(Alert).where('-status:Resolved');
    const total = await q.count();
    expect(total).toBeGreaterThan(0);
    const mark = env.mark();
    await q.assignTo('admin');
    await q.changeStatus('Resolved');
    const sent = env.since(mark);
    const pages = sent.filter((l) => l.startsWith('GET /api/v1/alert?'));
    const posts = sent.filter((l) => l === seedLine('POST /api/v1/alerts'));
    expect(pages[0]).toBe(seedLine('GET /api/v1/alert?cb.urlver=1&facet=false&q=-status%3AResolved&rows=500&start=0'));
    expect(posts).toHaveLength(2);
    expect(await cb.select(Alert).where('-status:Resolved').count()).toBe(0);
    const ignoredMark = env.mark();
    await cb.select(Alert).where('status:Resolved').setIgnored();
    expect(env.since(ignoredMark).filter((l) => l === seedLine('POST /api/v1/alerts')).length).toBeGreaterThan(0);
    expect(env.sim.requests.at(-1)?.body).toMatchObject({ updates: { is_ignored: true, requested_status: 'False Positive' } });
  });
});
