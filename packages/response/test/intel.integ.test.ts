import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiError, ServerError } from '@cbapi/core';
import { Alert } from '../src/models/alert.js';
import { BannedHash } from '../src/models/banned-hash.js';
import { Feed } from '../src/models/feed.js';
import { FeedAction } from '../src/models/feed-action.js';
import { Process } from '../src/models/process.js';
import { ThreatReport } from '../src/models/threat-report.js';
import { Watchlist } from '../src/models/watchlist.js';
import { WatchlistAction } from '../src/models/watchlist-action.js';
import { served, startSim, type SimSession } from './part2-sim.js';

let env: SimSession;
beforeAll(async () => {
  env = await startSim({ alerts: 520, bannedHashes: 620 });
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

describe('Feeds and threat reports against the simulator', () => {
  it('lists feeds, reads reports, actions, ignores reports in bulk and one by one', async () => {
    const { cb, sim } = env;
    const feeds = await cb.select(Feed).toArray();
    expect(feeds.length).toBeGreaterThan(0);
    const feed = feeds.find((f) => f.enabled) ?? feeds[0];
    if (!feed) throw new Error('no feed');
    const mark = sim.requests.length;
    const reports = await feed.reports().toArray();
    expect(served(sim, mark)[0]).toMatch(new RegExp(`^GET /api/v1/threat_report\\?.*q=feed_id%3A${feed.id}`));
    for (const r of reports) expect(r.feed_id).toBe(feed.id);
    const first = reports[0];
    if (first) {
      expect(first.uniqueId()).toBe(`${feed.id}:${first.id}`);
      const again = await cb.select(ThreatReport, `${feed.id}:${first.id}`);
      expect(again.title).toBe(first.title);
      await again.disable();
      expect(again.is_ignored).toBe(true);
      await again.enable();
      expect(again.is_ignored).toBe(false);
      expect((await again.feed())?.id).toBe(feed.id);
    }
    const m2 = sim.requests.length;
    await feed.reports().setIgnored(true);
    expect(served(sim, m2)).toEqual(['POST /api/v1/threat_report']);
    expect(sim.requests[m2]?.body).toEqual({ query: `cb.urlver=1&q=feed_id%3A${feed.id}`, updates: { is_ignored: true } });
    const action = feed.createAction();
    action.type = 'email';
    action.action_data = '{"email_recipients":[1]}';
    await action.save();
    expect((await feed.actions().toArray()).map((a) => a.id)).toContain(action.id);
    expect((await cb.select(FeedAction).where(`group_id:${feed.id}`).toArray()).length).toBeGreaterThan(0);
    await action.delete();
    const procs = feed.searchProcesses({ minScore: 50 });
    if (feed.enabled) {
      expect(procs).toBeDefined();
      expect(typeof (await procs?.count())).toBe('number');
    }
  });

  it('creates, synchronizes, disables and deletes a feed (409 → ApiError "feed is disabled")', async () => {
    const { cb } = env;
    const feed = cb.create(Feed, { feed_url: 'https://feeds.example.test/soc.json', enabled: true });
    await feed.save();
    expect(typeof feed.id).toBe('number');
    await feed.synchronize({ fullSync: true });
    feed.enabled = false;
    await feed.save();
    const err = await feed.synchronize().catch((e: unknown) => e);
    expect(ApiError.isInstance(err)).toBe(true);
    expect((err as Error).message).toBe(`Cannot synchronize feed ${feed.id}: feed is disabled`);
    expect(feed.searchBinaries()).toBeUndefined();
    await feed.delete();
  });
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

describe('Banned hashes against the simulator', () => {
  it('lists more than 500 with count=10000', async () => {
    const { cb, sim } = env;
    const mark = sim.requests.length;
    const all = await cb.select(BannedHash).toArray();
    expect(all.length).toBe(620);
    expect(served(sim, mark)).toEqual(['GET /api/v1/banning/blacklist?count=10000']);
  });

  it('bans a hash (seed 4.5.2), refuses a second ban with the server 409, disables keeping the text', async () => {
    const { cb, sim } = env;
    const md5 = '7FB55F5A62E78AF9B58D08AAEEAEF848';
    const bh = cb.create(BannedHash);
    bh.md5hash = md5;
    bh.text = 'Banned from API';
    bh.enabled = true;
    const mark = sim.requests.length;
    await bh.save();
    expect(served(sim, mark)).toEqual(['POST /api/v1/banning/blacklist', `GET /api/v1/banning/blacklist/${md5}`]);
    expect(sim.requests[mark]?.body).toMatchObject({ md5hash: md5, text: 'Banned from API', enabled: true });
    const twice = cb.create(BannedHash, { md5hash: md5, text: 'again', enabled: true });
    const err = await twice.save().catch((e: unknown) => e);
    expect(ServerError.isInstance(err)).toBe(true);
    expect((err as ServerError).status).toBe(409);
    expect(String((err as ServerError).serverMessage ?? (err as Error).message)).toMatch(/already/i);
    bh.enabled = false;
    const m2 = sim.requests.length;
    await bh.save();
    const lower = md5.toLowerCase();
    expect(served(sim, m2).map((l) => l.toLowerCase())).toEqual([`delete /api/v1/banning/blacklist/${lower}`, `put /api/v1/banning/blacklist/${lower}`, `get /api/v1/banning/blacklist/${lower}`]);
    expect(bh.enabled).toBe(false);
    expect(bh.text).toBe('Banned from API');
    bh.enabled = true;
    await bh.save();
    expect(bh.enabled).toBe(true);
    const byId = await cb.select(BannedHash, md5);
    expect(byId.md5hash.toUpperCase()).toBe(md5);
  });
});
