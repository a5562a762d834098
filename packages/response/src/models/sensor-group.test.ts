import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ApiError, ObjectNotFoundError } from '@cbapi/core';
import { capture, connect, server } from '../__fixtures__/part2-nock.js';
import { SensorGroup } from './sensor-group.js';
import { Site } from './site.js';
import { ThrottleRule } from './throttle-rule.js';

const group = {
  id: 2, name: 'Critical Endpoints', site_id: 1, sensorbackend_server: 'https://cb:443', datastore_server: null, sensor_exe_name: '', sensor_version: 'Manual',
  team_access: [], alert_criticality: 3, tamper_level: 0, max_licenses: -1, banning_enabled: true, collect_emet_events: true, collect_filemods: true,
  collect_filewritemd5s: true, collect_cross_procs: true, collect_moduleinfo: true, collect_moduleloads: true, collect_netconns: true,
  collect_nonbinary_filewrites: true, collect_processes: true, collect_regmods: true, collect_storefiles: true, collect_usercontext: true,
  filter_known_dlls: false, vdi_enabled: false, process_filter_level: 0, quota_eventlog_bytes: '1073741824', quota_eventlog_percent: 1,
  quota_storefile_bytes: '1073741824', quota_storefile_percent: 1,
};

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

describe('SensorGroup', () => {
  it('creates (seed 4.5.9): POST {name, site_id}, {id} reply, GET /api/group/<id> (a one-element array)', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server().post('/api/group', capture(bodies)).reply(200, { id: 2 }).get('/api/group/2').reply(200, [group]);
    const sg = cb.create(SensorGroup);
    sg.name = 'Critical Endpoints';
    sg.site = 1;
    await sg.save();
    expect(bodies).toEqual([{ name: 'Critical Endpoints', site_id: 1 }]);
    expect(sg.id).toBe(2);
    expect(sg.quota_eventlog_bytes).toBe(1073741824);
    expect(sg.banning_enabled).toBe(true);
    expect(sg.toJSON()).toEqual(group);
    await cb.close();
  });

  it('an empty array is ObjectNotFoundError; sensors(), site(), installer, update and delete', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .get('/api/group/9').reply(200, [])
      .get('/api/group/2').reply(200, [group])
      .get('/api/v1/sensor').query({ groupid: '2' }).reply(200, [{ id: 4, group_id: 2 }])
      .get('/api/site/1').reply(200, [{ id: 1, name: 'Default Site' }])
      .get('/api/v1/group/2/installer/windows/exe').reply(200, Buffer.from('MZinstaller'), { 'content-type': 'application/octet-stream' })
      .put('/api/group/2', capture(bodies)).reply(200, { result: 'success' })
      .get('/api/group/2').reply(200, [{ ...group, name: 'renamed' }])
      .delete('/api/group/2').reply(200, { result: 'success' });
    await expect(cb.select(SensorGroup, 9)).rejects.toThrow(ObjectNotFoundError);
    const sg = await cb.select(SensorGroup, 2);
    expect((await sg.sensors().toArray()).map((s) => s.id)).toEqual([4]);
    expect((await sg.site())?.name).toBe('Default Site');
    expect((await sg.getInstaller()).toString()).toBe('MZinstaller');
    await expect(sg.getInstaller('../../etc')).rejects.toThrow(ApiError);
    sg.name = 'renamed';
    await sg.save();
    expect(bodies).toEqual([{ ...group, name: 'renamed' }]);
    await sg.delete();
    await cb.close();
  });
});

describe('Site and ThrottleRule', () => {
  it('site from a one-element array; throttle rules filtered by site on the client; rule joins its site', async () => {
    const cb = await connect();
    server()
      .get('/api/site/1').reply(200, [{ id: 1, name: 'Default Site' }])
      .get('/api/throttle').reply(200, [
        { id: 1, site_id: 1, from: 8, to: 17, day_of_week: 1, bytes_per_second: 1000.5 },
        { id: 2, site_id: 3, from: 0, to: 24, day_of_week: 0, bytes_per_second: 50 },
      ])
      .get('/api/site/1').reply(200, [{ id: 1, name: 'Default Site' }]);
    const site = await cb.select(Site, 1);
    const rules = await site.throttleRules().toArray();
    expect(rules.map((r) => r.id)).toEqual([1]);
    expect(rules[0]?.bytes_per_second).toBe(1000.5);
    expect((await rules[0]?.site({}))?.name).toBe('Default Site');
    expect(() => cb.create(ThrottleRule)).toThrow(/Cannot create/);
    server()
      .get('/api/throttle').reply(200, [{ id: 1, site_id: 1, from: 8, to: 17, day_of_week: 1, bytes_per_second: 1000.5 }])
      .get('/api/throttle').reply(200, []);
    expect((await cb.select(ThrottleRule, 1)).bytes_per_second).toBe(1000.5);
    await expect(cb.select(ThrottleRule, 2)).rejects.toThrow(ObjectNotFoundError);
    await cb.close();
  });
});
