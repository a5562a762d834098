import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { InvalidObjectError, ServerError } from '@cbapi/core';
import { capture, connect, server } from '../__fixtures__/part2-nock.js';
import { IngressFilter } from './ingress-filter.js';

const doc = {
  id: 'f1', name: 'ignore backups', description: 'noise', enabled: true, priority: 1, global: true, group_ids: [], sensor_ids: [], os_mask: 7,
  filter_on_sensor: true, filter_on_server: false, track_metrics: true, hit_rate: 0, descendant_filtering_level: -1, filter_all_events: false,
  path_filters: ['c:\\backup\\*'], cmdline_filters: [], md5_filters: [], regmod_filters: [], modload_filters: [], filemod_filters: [],
  non_binary_filemod_filters: [], netconn_filters: [], crossproc_filters: [], version: 1, internal: false,
  create_timestamp: '2018-02-06 12:44:40.002234-06:00', modify_timestamp: '2018-02-06 12:44:40.002234-06:00', create_user_id: 1, modify_user_id: 1,
};

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

describe('IngressFilter', () => {
  it('creates with an array body, adopts the first id of the array reply, then GETs', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .post('/api/v1/ingress_whitelist', capture(bodies)).reply(200, ['f1'])
      .get('/api/v1/ingress_whitelist/f1').reply(200, doc);
    const f = cb.create(IngressFilter, { name: 'ignore backups', description: 'noise', path_filters: ['c:\\backup\\*'] });
    await f.save();
    expect(bodies).toEqual([[{ name: 'ignore backups', description: 'noise', path_filters: ['c:\\backup\\*'] }]]);
    expect(f.id).toBe('f1');
    expect(f.descendant_filtering_level).toBe(-1);
    expect(f.create_timestamp.toISOString()).toBe('2018-02-06T18:44:40.002Z');
    await cb.close();
  });

  it('keeps a client-chosen id at creation; updates with PUT; deletes', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .post('/api/v1/ingress_whitelist', capture(bodies)).reply(200, ['mine'])
      .get('/api/v1/ingress_whitelist/mine').reply(200, { ...doc, id: 'mine' })
      .put('/api/v1/ingress_whitelist/mine', capture(bodies)).reply(200, { result: 'success' })
      .get('/api/v1/ingress_whitelist/mine').reply(200, { ...doc, id: 'mine', enabled: false })
      .delete('/api/v1/ingress_whitelist/mine').reply(200, { result: 'success' });
    const f = cb.create(IngressFilter, { id: 'mine', name: 'n', description: 'd' });
    await f.save();
    expect(bodies[0]).toEqual([{ id: 'mine', name: 'n', description: 'd' }]);
    f.enabled = false;
    await f.save();
    expect(bodies[1]).toEqual({ ...doc, id: 'mine', enabled: false });
    expect(f.enabled).toBe(false);
    await f.delete();
    await cb.close();
  });

  it('refuses missing fields and an unexpected create reply', async () => {
    const cb = await connect();
    await expect(cb.create(IngressFilter, { name: 'n' }).save()).rejects.toThrow(InvalidObjectError);
    server().post('/api/v1/ingress_whitelist').reply(200, { result: 'success' });
    const err = await cb.create(IngressFilter, { name: 'n', description: 'd' }).save().catch((e: unknown) => e);
    expect(ServerError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/expected a list of ids/);
    await cb.close();
  });
});
