import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ApiError, InvalidObjectError, ServerError, hydrate } from '@cbapi/core';
import { capture, connect, recording, server } from '../__fixtures__/part2-nock.js';
import { Feed } from './feed.js';
import { FeedAction } from './feed-action.js';
import { ThreatReport } from './threat-report.js';

const rec = recording<Array<Record<string, unknown>>>('feed.list.json');
const feed190 = rec.body.find((f) => f['id'] === 190) as Record<string, unknown>;

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

describe('Feed from the recorded GET /api/v1/feed (138 feeds)', () => {
  it('hydrates every feed with every field, unchanged on the way back', async () => {
    const cb = await connect();
    server().get('/api/v1/feed').reply(200, rec.body);
    const feeds = await cb.select(Feed).toArray();
    expect(feeds).toHaveLength(138);
    for (const [i, f] of feeds.entries()) {
      expect(f.toJSON()).toEqual(rec.body[i]);
      expect(f.isDirty()).toBe(false);
    }
    const f = feeds.find((x) => x.id === 190);
    expect(f?.display_name).toBe('api.recordedfuture.com cyber_exploit_signal_important');
    expect(f?.provider_rating).toBe(3);
    expect(f?.manually_added).toBe(true);
    expect(f?.local_rating).toBeNull();
    expect(typeof f?.icon_small).toBe('string');
    await cb.close();
  });

  it('finds a feed by name on the client', async () => {
    const cb = await connect();
    server().get('/api/v1/feed').reply(200, rec.body);
    const f = await cb.select(Feed).where('name:cbbanning').one();
    expect(f.id).toBe(2);
    await cb.close();
  });
});

describe('Feed operations', () => {
  it('reports() is a threat report search feed_id:<id>; setIgnored() posts the bulk query', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    const report = { id: 'RF-1', feed_id: 190, title: 'FUZZYWOMBAT one', score: 80, is_ignored: false, link: 'https://x', timestamp: 1517900000, iocs: { md5: ['a'] } };
    server()
      .get('/api/v1/threat_report').query({ 'cb.urlver': '1', facet: 'false', q: 'feed_id:190 title:FUZZYWOMBAT', rows: '100', start: '0' })
      .reply(200, { results: [report], total_results: 1 })
      .post('/api/v1/threat_report', capture(bodies)).reply(200, { result: 'success' });
    const f = hydrate(Feed, cb, feed190);
    const q = f.reports().where('title:FUZZYWOMBAT');
    const [r] = await q.toArray();
    expect(r?.uniqueId()).toBe('190:RF-1');
    expect(r?.score).toBe(80);
    expect(r?.iocs).toEqual({ md5: ['a'] });
    await q.setIgnored();
    expect(bodies).toEqual([{ query: 'cb.urlver=1&q=feed_id%3A190%20title%3AFUZZYWOMBAT', updates: { is_ignored: true } }]);
    await cb.close();
  });

  it('synchronize(): full_sync body; 409 → ApiError "feed is disabled"; other errors pass through', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .post('/api/v1/feed/190/synchronize', capture(bodies)).reply(200, { result: 'success' })
      .post('/api/v1/feed/190/synchronize', capture(bodies)).reply(409, 'feed disabled')
      .post('/api/v1/feed/190/synchronize').reply(500, 'boom');
    const f = hydrate(Feed, cb, feed190);
    await f.synchronize();
    const e409 = await f.synchronize({ fullSync: false }).catch((e: unknown) => e);
    expect(bodies).toEqual([{ full_sync: true }, { full_sync: false }]);
    expect(ApiError.isInstance(e409) && !ServerError.isInstance(e409)).toBe(true);
    expect((e409 as Error).message).toBe('Cannot synchronize feed 190: feed is disabled');
    const e500 = await f.synchronize().catch((e: unknown) => e);
    expect(ServerError.isInstance(e500)).toBe(true);
    await cb.close();
  });

  it('searchProcesses / searchBinaries build alliance_score_<name>:[min TO max]', async () => {
    const cb = await connect();
    server()
      .get('/api/v1/process').query({ 'cb.urlver': '1', facet: 'false', q: 'alliance_score_apirecordedfuturecomcyberexploitsignalimportant:[50 TO *]', rows: '0', start: '0' })
      .reply(200, { results: [], total_results: 3 })
      .get('/api/v1/binary').query({ 'cb.urlver': '1', facet: 'false', q: 'alliance_score_apirecordedfuturecomcyberexploitsignalimportant:[1 TO 90]', rows: '0', start: '0' })
      .reply(200, { results: [], total_results: 1 });
    const f = hydrate(Feed, cb, feed190);
    expect(await f.searchProcesses({ minScore: 50 })?.count()).toBe(3);
    expect(await f.searchBinaries({ maxScore: 90 })?.count()).toBe(1);
    expect(hydrate(Feed, cb, { ...feed190, enabled: false }).searchProcesses()).toBeUndefined();
    expect(() => hydrate(Feed, cb, { ...feed190, name: '' }).searchBinaries()).toThrow(InvalidObjectError);
    await cb.close();
  });

  it('creates a feed (POST, {id} reply, GET) and its actions with watchlist_id -1', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .post('/api/v1/feed', capture(bodies)).reply(200, { id: 300 })
      .get('/api/v1/feed/300').reply(200, { ...feed190, id: 300, feed_url: 'https://feeds.example/x' })
      .post('/api/v1/feed/300/action', capture(bodies)).reply(200, { id: 9 })
      .get('/api/v1/feed/300/action').reply(200, [{ id: 9, group_id: 300, watchlist_id: -1, action_type: 2, action_data: '{}' }])
      .delete('/api/v1/feed/300/action/9').reply(200, { result: 'success' });
    const f = cb.create(Feed, { feed_url: 'https://feeds.example/x', enabled: true });
    await f.save();
    expect(f.id).toBe(300);
    const a = f.createAction();
    a.type = 'http_post';
    a.action_data = '{}';
    await a.save();
    expect(bodies[1]).toEqual({ group_id: 300, watchlist_id: -1, action_type: 2, action_data: '{}' });
    const [listed] = await f.actions().toArray();
    expect(listed?.feedId).toBe(300);
    expect(listed?.type).toBe('http_post');
    await listed?.delete();
    expect(() => cb.select(FeedAction).where('watchlist_id:1')).toThrow(/group_id/);
    await cb.close();
  });
});

describe('ThreatReport', () => {
  it('selects by "<feed_id>:<report_id>" and saves through the bulk form', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    const doc = { id: 'abc', feed_id: 7, title: 'T', is_ignored: false, score: 10 };
    server()
      .get('/api/v1/feed/7/report/abc').reply(200, doc)
      .post('/api/v1/threat_report', capture(bodies)).reply(200, { result: 'success' })
      .get('/api/v1/feed/7/report/abc').reply(200, { ...doc, is_ignored: true })
      .get('/api/v1/feed/7').reply(200, { ...feed190, id: 7 });
    const r = await cb.select(ThreatReport, '7:abc');
    expect(r.uniqueId()).toBe('7:abc');
    await r.disable();
    expect(bodies).toEqual([{ ids: { '7': ['abc'] }, updates: { is_ignored: true } }]);
    expect(r.is_ignored).toBe(true);
    expect((await r.feed())?.id).toBe(7);
    await expect(cb.select(ThreatReport, 'no-colon')).rejects.toThrow(/<feed_id>:<report_id>/);
    await cb.close();
  });

  it('refuses bulk setIgnored on servers before 5.1.0', async () => {
    const cb = await connect('5.0.0.150101.1');
    await expect(cb.select(ThreatReport).where('feed_id:1').setIgnored()).rejects.toThrow(/5\.1\.0/);
    await cb.close();
  });
});
