import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ApiError, InvalidObjectError, InvalidQueryError, hydrate } from '@cbapi/core';
import { capture, connect, recording, server } from '../__fixtures__/part2-nock.js';
import { Watchlist } from './watchlist.js';
import { WatchlistAction } from './watchlist-action.js';

const rec = recording<Array<Record<string, unknown>>>('watchlist.list.json');

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

describe('Watchlist from the recorded GET /api/v1/watchlist', () => {
  it('hydrates all six, every field reachable, queries decoded', async () => {
    const cb = await connect();
    server().get('/api/v1/watchlist').reply(200, rec.body);
    const all = await cb.select(Watchlist).toArray();
    expect(all).toHaveLength(6);
    const byId = new Map(all.map((w) => [w.id, w]));
    const w6 = byId.get('6');
    if (!w6) throw new Error('no watchlist 6');
    expect(w6.name).toBe('Non-System Filemods to system32');
    expect(w6.query).toBe('-path:c:\\windows\\* filemod:c:\\windows\\system32\\*');
    expect(w6.index_type).toBe('events');
    expect(w6.total_hits).toBe(346);
    expect(w6.total_tags).toBe(9);
    expect(w6.enabled).toBe(true);
    expect(w6.date_added.toISOString()).toBe('2017-02-01T03:45:10.022Z');
    expect(w6.search_timestamp.toISOString()).toBe('2018-02-06T18:40:06.467Z');
    expect(byId.get('9')?.last_hit).toBeNull();
    expect(byId.get('5')?.query).toBe('is_executable_image:true');
    expect(byId.get('1')?.query).toContain(' or regmod:registry\\machine\\currentcontrolset');
    expect(byId.get('11')?.facets()).toEqual({});
    const faceted = hydrate(Watchlist, cb, { ...rec.body[0], search_query: 'cb.urlver=1&q=x&cb.fq.process_name=cmd.exe' });
    expect(faceted.facets()).toEqual({ process_name: 'cmd.exe' });
    for (const [i, w] of all.entries()) expect(w.toJSON()).toEqual(rec.body[i]);
    await cb.close();
  });

  it('filters by name on the client (one() of the seed 4.5.5 example)', async () => {
    const cb = await connect();
    server().get('/api/v1/watchlist').reply(200, rec.body);
    const w = await cb.select(Watchlist).where('name:newly loaded dlls').one();
    expect(w.id).toBe('11');
    expect(() => cb.select(Watchlist).where('name:a').where('id:1')).toThrow(InvalidQueryError);
    await cb.close();
  });
});

describe('Watchlist writes', () => {
  it('creates with the query setter: POST body, {id} reply, GET refresh', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    const created = { id: '222', name: 'cmd', search_query: 'cb.urlver=1&q=process_name%3Acmd.exe', index_type: 'events', enabled: true, readonly: false, group_id: -1, total_hits: '0', total_tags: '0', last_hit_count: 0, last_hit: null, date_added: '2016-11-15 23:48:27.615993-05:00', search_timestamp: '1970-01-01T00:00:00.000Z', description: null };
    server().post('/api/v1/watchlist', capture(bodies)).reply(200, { id: 222 }).get('/api/v1/watchlist/222').reply(200, created);
    const w = cb.create(Watchlist, { name: 'cmd', index_type: 'events' });
    w.query = 'process_name:cmd.exe';
    await w.save();
    expect(bodies).toEqual([{ name: 'cmd', index_type: 'events', search_query: 'cb.urlver=1&q=process_name%3Acmd.exe' }]);
    expect(w.id).toBe('222');
    expect(w.query).toBe('process_name:cmd.exe');
    await cb.close();
  });

  it('refuses to create without the required fields, before any request', async () => {
    const cb = await connect();
    const w = cb.create(Watchlist, { name: 'x' });
    const err = await w.save().catch((e: unknown) => e);
    expect(InvalidObjectError.isInstance(err)).toBe(true);
    expect((err as InvalidObjectError).missingFields).toEqual(['search_query', 'index_type']);
    await cb.close();
  });

  it('PUTs the full document on change (seed 4.5.5 disable) and DELETEs', async () => {
    const cb = await connect();
    const doc = rec.body[0] as Record<string, unknown>;
    const bodies: unknown[] = [];
    server()
      .get('/api/v1/watchlist/11').reply(200, doc)
      .put('/api/v1/watchlist/11', capture(bodies)).reply(200, { result: 'success' })
      .get('/api/v1/watchlist/11').reply(200, { ...doc, enabled: false })
      .delete('/api/v1/watchlist/11').reply(200, { result: 'success' });
    const w = await cb.select(Watchlist, 11);
    w.enabled = false;
    await w.save();
    expect(bodies).toEqual([{ ...doc, enabled: false }]);
    expect(w.enabled).toBe(false);
    await w.delete();
    await cb.close();
  });

  it('search() sends the stored parameters as they are (process and binary indexes)', async () => {
    const cb = await connect();
    server()
      .get('/api/v1/process').query({ 'cb.urlver': '1', facet: 'false', q: 'process_name:net.exe cmdline:\\\\test\\blah', rows: '0', start: '0' })
      .reply(200, { results: [], total_results: 2 })
      .get('/api/v1/binary').query({ 'cb.urlver': '1', q: 'is_executable_image:false', rows: '0', start: '0' })
      .reply(200, { results: [], total_results: 4 });
    const w = (await import('@cbapi/core')).hydrate(Watchlist, cb, {
      id: '222', index_type: 'events', search_query: 'facet=false&q=process_name%3Anet.exe%20cmdline%3A%5C%5Ctest%5Cblah&cb.urlver=1',
    });
    expect(await w.search().count()).toBe(2);
    const b = (await import('@cbapi/core')).hydrate(Watchlist, cb, rec.body[0] as Record<string, unknown>);
    expect(await b.search().count()).toBe(4);
    const bad = (await import('@cbapi/core')).hydrate(Watchlist, cb, { id: '1', index_type: 'feeds', search_query: 'q=x' });
    expect(() => bad.search()).toThrow(InvalidObjectError);
    await cb.close();
  });

  it('actions: list, create, update, delete under /api/v1/watchlist/<id>/action', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .get('/api/v1/watchlist/11/action').reply(200, [{ id: 4, watchlist_id: 11, action_type: 0, action_data: '{"email_recipients":[1]}' }])
      .post('/api/v1/watchlist/11/action', capture(bodies)).reply(200, { id: 5 })
      .put('/api/v1/watchlist/11/action/5', capture(bodies)).reply(200, { result: 'success' })
      .delete('/api/v1/watchlist/11/action/5').reply(200, { result: 'success' })
      .get('/api/v1/watchlist/11').reply(200, rec.body[0]);
    const w = (await import('@cbapi/core')).hydrate(Watchlist, cb, rec.body[0] as Record<string, unknown>);
    const [a] = await w.actions().toArray();
    expect(a?.type).toBe('email');
    expect(a?.watchlist_id).toBe(11);
    const n = w.createAction();
    n.type = 'syslog';
    await n.save();
    expect(n.id).toBe(5);
    expect(n.type).toBe('syslog');
    n.type = 'alert';
    await n.save();
    expect(bodies).toEqual([{ watchlist_id: 11, action_type: 1 }, { watchlist_id: 11, action_type: 3, id: 5 }]);
    expect((await n.watchlist())?.name).toBe('newly loaded dlls');
    await n.delete();
    expect(() => {
      n.type = 'pager' as never;
    }).toThrow(ApiError);
    expect(() => cb.select(WatchlistAction).where('group_id:1')).toThrow(/watchlist_id/);
    await expect(cb.select(WatchlistAction).toArray()).rejects.toThrow(/Must use a search parameter/);
    await cb.close();
  });
});
