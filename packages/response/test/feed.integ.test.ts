import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiError } from '@cbapi/core';
import { Feed } from '../src/models/feed.js';
import { FeedAction } from '../src/models/feed-action.js';
import { ThreatReport } from '../src/models/threat-report.js';
import { served, startSim, type SimSession } from './seed-simulator.js';

let env: SimSession;
beforeAll(async () => {
  env = await startSim();
});
afterAll(async () => {
  await env.close();
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
