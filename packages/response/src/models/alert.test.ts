import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ApiError, ObjectNotFoundError } from '@cbapi/core';
import { capture, connect, server } from '../__fixtures__/part2-nock.js';
import { Alert } from './alert.js';

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

function alert(i: number): Record<string, unknown> {
  return {
    unique_id: `a${String(i).padStart(4, '0')}-uid`, alert_type: 'watchlist.hit.query.process', status: 'Unresolved', alert_severity: 57.5,
    sensor_criticality: 3, report_score: 75, feed_name: 'My Watchlists', feed_id: -1, feed_rating: 3, ioc_confidence: 0.5,
    ioc_attr: '{}', created_time: '2018-02-06T18:40:06.467Z', hostname: 'WIN7', os_type: 'windows', md5: 'C7F5CAE0B450BE875EEE0E6DDFA771FE',
    sensor_id: 1, watchlist_name: 'cmd', watchlist_id: '4', process_name: 'cmd.exe', process_id: '00000001-0000-0e48-01d2-c2a397f4cfe0', segment_id: 1,
  };
}

describe('AlertQuery', () => {
  it('pages 500 at a time and sends bulk changes in blocks of 500', async () => {
    const cb = await connect();
    const all = Array.from({ length: 1001 }, (_, i) => alert(i));
    const bodies: Array<{ alert_ids: string[]; requested_status?: string; assigned_to?: string; updates?: unknown }> = [];
    const scope = server();
    for (let round = 0; round < 3; round++) {
      for (const start of [0, 500, 1000]) {
        scope.get('/api/v1/alert')
          .query({ 'cb.urlver': '1', facet: 'false', q: '-status:Resolved', rows: '500', start: String(start) })
          .reply(200, { results: all.slice(start, start + 500), total_results: all.length });
      }
    }
    scope.post('/api/v1/alerts', capture(bodies as unknown[])).times(9).reply(200, { result: 'success' });
    const q = cb.select(Alert).where('-status:Resolved');
    expect(await q.changeStatus('Resolved')).toBe(1001);
    expect(await q.assignTo('admin')).toBe(1001);
    expect(await q.setIgnored()).toBe(1001);
    expect(bodies.map((b) => b.alert_ids.length)).toEqual([500, 500, 1, 500, 500, 1, 500, 500, 1]);
    expect(bodies[0]?.alert_ids[0]).toBe('a0000-uid');
    expect(bodies[2]?.alert_ids.at(-1)).toBe('a1000-uid');
    expect(bodies[0]).toMatchObject({ requested_status: 'Resolved' });
    expect(Object.keys(bodies[0] ?? {}).sort()).toEqual(['alert_ids', 'requested_status']);
    expect(bodies[3]).toMatchObject({ assigned_to: 'admin', requested_status: 'In Progress' });
    expect(bodies[6]).toMatchObject({ updates: { is_ignored: true, requested_status: 'False Positive' } });
    await cb.close();
  });

  it('refuses a bad status or user before any request; nothing to send sends nothing', async () => {
    const cb = await connect();
    const q = cb.select(Alert);
    await expect(q.changeStatus('Closed' as never)).rejects.toThrow(/Alert status must be one of/);
    await expect(q.assignTo('')).rejects.toThrow(ApiError);
    await expect(q.setIgnored('yes' as never)).rejects.toThrow(/boolean/);
    server().get('/api/v1/alert').query(true).reply(200, { results: [], total_results: 0 });
    expect(await q.changeStatus('Resolved')).toBe(0);
    await cb.close();
  });
});

describe('Alert', () => {
  it('hydrates a search result, joins, and saves with POST /api/v1/alert/<unique_id> (no GET)', async () => {
    const cb = await connect();
    const doc = alert(1);
    const bodies: unknown[] = [];
    server()
      .get('/api/v1/alert').query(true).reply(200, { results: [doc], total_results: 1 })
      .post('/api/v1/alert/a0001-uid', capture(bodies)).reply(200, { result: 'success' })
      .get('/api/v1/sensor/1').reply(200, { id: 1, computer_name: 'WIN7' });
    const a = await cb.select(Alert).first();
    if (!a) throw new Error('no alert');
    expect(a.alert_severity).toBe(57.5);
    expect(a.created_time.toISOString()).toBe('2018-02-06T18:40:06.467Z');
    expect(a.triggerIoc).toBe('{}');
    a.status = 'Resolved';
    await a.save();
    expect(bodies).toEqual([{ ...doc, status: 'Resolved' }]);
    expect(a.status).toBe('Resolved');
    expect((await a.sensor())?.hostname).toBe('WIN7');
    const binaryAlert = (await import('@cbapi/core')).hydrate(Alert, cb, { ...doc, alert_type: 'watchlist.hit.query.binary' });
    expect(await binaryAlert.process()).toBeUndefined();
    await cb.close();
  });

  it('select(Alert, uid) finds the alert with a one-row search; an unknown id is ObjectNotFoundError', async () => {
    const cb = await connect();
    const doc = alert(7);
    server()
      .get('/api/v1/alert').query({ 'cb.urlver': '1', q: 'unique_id:a0007-uid', rows: '1', start: '0' }).reply(200, { results: [doc], total_results: 1 })
      .get('/api/v1/alert').query({ 'cb.urlver': '1', q: 'unique_id:nope', rows: '1', start: '0' }).reply(200, { results: [], total_results: 0 });
    const a = await cb.select(Alert, 'a0007-uid');
    expect(a.watchlist_name).toBe('cmd');
    await expect(cb.select(Alert, 'nope')).rejects.toThrow(ObjectNotFoundError);
    await cb.close();
  });
});
