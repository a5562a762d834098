import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ApiError, InvalidQueryError, ServerError, TimeoutError } from '@cbapi/core';
import { capture, connect, recording, server, URL_ } from '../__fixtures__/part2-nock.js';
import { Sensor } from './sensor.js';
import { SensorGroup } from './sensor-group.js';

const rec = recording<Record<string, unknown>>('sensor.get-1.json');
const doc = rec.body;

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

describe('Sensor from the recorded GET /api/v1/sensor/1', () => {
  it('hydrates every field and keeps them all reachable', async () => {
    const cb = await connect();
    server().get('/api/v1/sensor/1').reply(200, doc);
    const s = await cb.select(Sensor, 1);
    expect(rec.path).toBe('/api/v1/sensor/1');
    expect(s.id).toBe(1);
    expect(s.hostname).toBe('WIN7-HYPERV-2');
    expect(s.dnsName).toBe('WIN7-HYPERV-2');
    expect(s.os).toBe('Windows 7 Professional Service Pack 1, 32-bit');
    expect(s.sid).toBe('S-1-5-21-850238481-2932160288-1760307558');
    expect(s.networkInterfaces).toEqual([{ macaddr: '00:15:5d:01:9c:08', ipaddr: '192.168.1.163' }]);
    expect(s.webuiLink).toBe(`${URL_}/#/host/1`);
    expect(s.supports_cblr).toBe(true);
    expect(s.is_isolating).toBe(false);
    expect(s.clock_delta).toBe(106);
    expect(s.physical_memory_size).toBe(1073274880);
    expect(s.sensor_health_status).toBe(95);
    expect(s.last_update.toISOString()).toBe('2018-02-06T18:44:40.002Z');
    expect(s.registration_time.toISOString()).toBe('2017-02-01T03:51:50.285Z');
    expect(s.event_log_flush_time).toBeNull();
    expect(s.uninstalled).toBeNull();
    expect(s.os_type).toBe(1);
    for (const [key, value] of Object.entries(doc)) if (value !== null) expect(s.get(key)).toBeDefined();
    expect(s.toJSON()).toEqual(doc);
    expect(String(s)).toContain('computer_name');
    await cb.close();
  });
});

describe('Sensor saves', () => {
  it('PUTs the full document (event_log_flush_time null), takes the 204 and reloads', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .get('/api/v1/sensor/1').reply(200, doc)
      .put('/api/v1/sensor/1', capture(bodies)).reply(204)
      .get('/api/v1/sensor/1').reply(200, { ...doc, group_id: 2 });
    const s = await cb.select(Sensor, 1);
    const sg = (await import('@cbapi/core')).hydrate(SensorGroup, cb, { id: 2, name: 'Critical Endpoints', site_id: 1 });
    s.group = sg;
    expect(s.dirtyFields).toEqual(['group_id']);
    await s.save();
    expect(bodies).toEqual([{ ...doc, group_id: 2, event_log_flush_time: null }]);
    expect(s.group_id).toBe(2);
    expect(s.isDirty()).toBe(false);
    expect(() => {
      s.group = cb.create(SensorGroup, { name: 'x' });
    }).toThrow(/unsaved SensorGroup/);
    await cb.close();
  });

  it('group() joins GET /api/group/<id> (a one-element array)', async () => {
    const cb = await connect();
    server().get('/api/v1/sensor/1').reply(200, doc).get('/api/group/1').reply(200, [{ id: 1, name: 'Default Group', site_id: 1 }]);
    const s = await cb.select(Sensor, 1);
    const g = await s.group();
    expect(g?.name).toBe('Default Group');
    await cb.close();
  });

  it('flushEvents sends RFC-822 GMT on 6.2; restartSensor sets restart_queued', async () => {
    const cb = await connect();
    const bodies: Array<Record<string, unknown>> = [];
    server()
      .get('/api/v1/sensor/1').reply(200, doc)
      .put('/api/v1/sensor/1', capture(bodies)).reply(204)
      .get('/api/v1/sensor/1').reply(200, { ...doc, event_log_flush_time: 'Sat, 06 Feb 2027 18:44:47 GMT' })
      .put('/api/v1/sensor/1', capture(bodies)).reply(204)
      .get('/api/v1/sensor/1').reply(200, { ...doc, restart_queued: true });
    const s = await cb.select(Sensor, 1);
    const before = Date.now();
    await s.flushEvents();
    const sent = bodies[0]?.['event_log_flush_time'];
    expect(typeof sent).toBe('string');
    expect(sent).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const when = new Date(String(sent)).getTime();
    expect(when - before).toBeGreaterThan(364 * 86_400_000);
    expect(when - before).toBeLessThan(366 * 86_400_000);
    await s.restartSensor();
    expect(bodies[1]).toMatchObject({ restart_queued: true, event_log_flush_time: null });
    expect(s.restart_queued).toBe(true);
    await cb.close();
  });

  it('flushEvents sends the cb date string to a 5.x server (LooseVersion: any 6.0.0 build is > 6.0.0)', async () => {
    const cb = await connect('5.2.0.161004.1206');
    const bodies: Array<Record<string, unknown>> = [];
    server()
      .get('/api/v1/sensor/1').reply(200, doc)
      .put('/api/v1/sensor/1', capture(bodies)).reply(204)
      .get('/api/v1/sensor/1').reply(200, doc);
    const s = await cb.select(Sensor, 1);
    await s.flushEvents();
    expect(bodies[0]?.['event_log_flush_time']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
    await cb.close();
  });

  it('isolate(): PUT, then polls until is_isolating flips', async () => {
    const cb = await connect();
    const bodies: Array<Record<string, unknown>> = [];
    server()
      .get('/api/v1/sensor/1').reply(200, doc)
      .put('/api/v1/sensor/1', capture(bodies)).reply(204)
      .get('/api/v1/sensor/1').reply(200, { ...doc, network_isolation_enabled: true })
      .get('/api/v1/sensor/1').reply(200, { ...doc, network_isolation_enabled: true })
      .get('/api/v1/sensor/1').reply(200, { ...doc, network_isolation_enabled: true, is_isolating: true });
    const s = await cb.select(Sensor, 1);
    await expect(s.isolate({ timeout: 5_000, minDelayMs: 1, maxDelayMs: 2 })).resolves.toBe(true);
    expect(bodies[0]).toMatchObject({ network_isolation_enabled: true, event_log_flush_time: null });
    expect(s.is_isolating).toBe(true);
    await cb.close();
  });

  it('isolate() refuses a sensor without isolation support before any PUT', async () => {
    const cb = await connect();
    server().get('/api/v1/sensor/1').reply(200, { ...doc, supports_isolation: false });
    const s = await cb.select(Sensor, 1);
    await expect(s.isolate()).rejects.toThrow(/does not support network isolation/);
    expect(s.isDirty()).toBe(false);
    await cb.close();
  });

  it('unisolate() times out with TimeoutError when the sensor never confirms', async () => {
    const cb = await connect();
    const isolated = { ...doc, network_isolation_enabled: true, is_isolating: true };
    server()
      .get('/api/v1/sensor/1').reply(200, isolated)
      .put('/api/v1/sensor/1').reply(204)
      .get('/api/v1/sensor/1').times(1000).reply(200, { ...isolated, network_isolation_enabled: false });
    const s = await cb.select(Sensor, 1);
    const err = await s.unisolate({ timeout: 30, minDelayMs: 1, maxDelayMs: 5 }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/isolation to be removed on Sensor 1/);
    expect((err as TimeoutError).lastReason).toBe('is_isolating=true');
    nock.cleanAll();
    await cb.close();
  });

  it('isolate() stops at once when its signal aborts', async () => {
    const cb = await connect();
    server()
      .get('/api/v1/sensor/1').reply(200, doc)
      .put('/api/v1/sensor/1').reply(204)
      .get('/api/v1/sensor/1').times(1000).reply(200, { ...doc, network_isolation_enabled: true });
    const s = await cb.select(Sensor, 1);
    const ctl = new AbortController();
    const p = s.isolate({ signal: ctl.signal, minDelayMs: 5, maxDelayMs: 10 });
    setTimeout(() => ctl.abort(new Error('stop')), 30);
    await expect(p).rejects.toThrow('stop');
    nock.cleanAll();
    await cb.close();
  });
});

describe('Sensor sub-resources and Live Response', () => {
  it('queued, activity and resource status (204 → [])', async () => {
    const cb = await connect();
    const queued = [{ id: '355509', num_eventlog_bytes: '0', num_eventlogs: '0', num_storefile_bytes: '0', num_storefiles: 0, sensor_id: 1, timestamp: '2016-10-17 19:08:09.645294-05:00' }];
    server()
      .get('/api/v1/sensor/1').reply(200, doc)
      .get('/api/v1/sensor/1/queued').reply(200, queued)
      .get('/api/v1/sensor/1/activity').reply(200, [{ sensor_id: 1, count: 3 }])
      .get('/api/v1/sensor/1/resourcestatus').reply(204);
    const s = await cb.select(Sensor, 1);
    expect(await s.queuedStats()).toEqual(queued);
    expect(await s.activityStats()).toEqual([{ sensor_id: 1, count: 3 }]);
    expect(await s.resourceStatus()).toEqual([]);
    await cb.close();
  });

  it('lrSession() refuses a sensor without supports_cblr before any LR request', async () => {
    const cb = await connect();
    server().get('/api/v1/sensor/1').reply(200, { ...doc, supports_cblr: false });
    const s = await cb.select(Sensor, 1);
    await expect(s.lrSession()).rejects.toThrow(/Sensor does not support Cb Live Response/);
    const err = await s.withLrSession(async () => 1).catch((e: unknown) => e);
    expect(ApiError.isInstance(err)).toBe(true);
    await cb.close();
  });

  it('withLrSession() opens a session through cb.liveResponse and closes it', async () => {
    const cb = await connect();
    const session = { id: 7, sensor_id: 1, status: 'active', os_type: 1, current_working_directory: 'C:\\Windows\\system32', supported_commands: ['get file'], drives: ['C:\\'] };
    server()
      .get('/api/v1/sensor/1').reply(200, doc)
      .get('/api/v1/cblr/session').query(true).reply(200, [])
      .post('/api/v1/cblr/session').reply(200, { ...session, status: 'pending' })
      .get(/\/api\/v1\/cblr\/session\/7/).query(true).reply(200, session)
      .put('/api/v1/cblr/session/7').reply(200, { ...session, status: 'close' });
    const s = await cb.select(Sensor, 1);
    const id = await s.withLrSession(async (lr) => lr.sessionId);
    expect(id).toBe(7);
    await cb.close();
  });
});

describe('SensorQuery', () => {
  it('sends hostname/ip/groupid as server-side parameters', async () => {
    const cb = await connect();
    server().get('/api/v1/sensor').query({ hostname: 'WIN7-HYPERV-2', groupid: '1' }).reply(200, [doc]);
    const q = cb.select(Sensor).where('hostname:WIN7-HYPERV-2').and('groupid:1');
    const found = await q.first();
    expect(found?.id).toBe(1);
    expect(found?.isFullyLoaded).toBe(true);
    await cb.close();
  });

  it('turns the no-match HTTP 500 (CB-15681), 204 and null into no results', async () => {
    const cb = await connect();
    server()
      .get('/api/v1/sensor').query({ hostname: 'NOPE' }).reply(500, 'Internal Server Error')
      .get('/api/v1/sensor').query({ ip: '10.9.9.9' }).reply(204)
      .get('/api/v1/sensor').query({ groupid: '99' }).reply(200, 'null', { 'content-type': 'application/json' });
    expect(await cb.select(Sensor).where('hostname:NOPE').toArray()).toEqual([]);
    expect(await cb.select(Sensor).where('ip:10.9.9.9').count()).toBe(0);
    expect(await cb.select(Sensor).where('groupid:99').first()).toBeUndefined();
    await cb.close();
  });

  it('keeps a 500 of the unfiltered list an error', async () => {
    const cb = await connect();
    server().get('/api/v1/sensor').reply(500, 'boom');
    const err = await cb.select(Sensor).toArray().catch((e: unknown) => e);
    expect(ServerError.isInstance(err)).toBe(true);
    await cb.close();
  });

  it('refuses other fields, repeated fields and empty values before any request', async () => {
    const cb = await connect();
    expect(() => cb.select(Sensor).where('os:windows')).toThrow(InvalidQueryError);
    expect(() => cb.select(Sensor).where('os:windows')).toThrow(/ip, hostname, groupid/);
    expect(() => cb.select(Sensor).where('hostname:a').where('hostname:b')).toThrow(/already filters on hostname/);
    expect(() => cb.select(Sensor).where('ip:')).toThrow(/has no value/);
    expect(() => cb.select(Sensor).where('nonsense')).toThrow(InvalidQueryError);
    await cb.close();
  });

  it('sorts on the client when asked', async () => {
    const cb = await connect();
    server().get('/api/v1/sensor').reply(200, [doc, { ...doc, id: 3, computer_name: 'B' }, { ...doc, id: 2, computer_name: 'C' }]);
    const ids = (await cb.select(Sensor).sort('id asc').toArray()).map((s) => s.id);
    expect(ids).toEqual([1, 2, 3]);
    await cb.close();
  });
});
