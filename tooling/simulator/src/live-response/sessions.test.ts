import { afterEach, describe, expect, it } from '@jest/globals';
import { startLrTestServer, type LrTestServer } from './__fixtures__/lr-test-server.js';

const BASE = '/api/v1/cblr';
let srv: LrTestServer | undefined;

afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

function onlineSensor(server: LrTestServer, os: 'windows' | 'linux' | 'osx' = 'windows', skip = 0): number {
  const sensors = server.world.sensors.filter((s) => s.osKind === os && s.doc.status === 'Online' && s.doc.supports_cblr);
  const sensor = sensors[skip];
  if (!sensor) throw new Error(`no online ${os} sensor`);
  return sensor.doc.id;
}

function offlineSensor(server: LrTestServer): number {
  const sensor = server.world.sensors.find((s) => s.doc.status !== 'Online');
  if (!sensor) throw new Error('no offline sensor');
  return sensor.doc.id;
}

describe('Live Response sessions (Cb Response dialect)', () => {
  it('creates a pending session that turns active once an online sensor checks in', async () => {
    srv = await startLrTestServer({ sessionStartMs: 20, commandMs: 10 });
    const sensorId = onlineSensor(srv);
    const created = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: sensorId } });
    expect(created.status).toBe(200);
    expect(created.json.status).toBe('pending');
    expect(created.json.sensor_id).toBe(sensorId);
    const id = created.json.id as number;
    const waited = await srv.request('GET', `${BASE}/session/${id}?wait=true`);
    expect(waited.json.status).toBe('active');
    expect(waited.json.hostname).toBe(srv.world.sensor(sensorId)?.doc.computer_name);
    expect(waited.json.current_working_directory).toBe('C:\\Windows\\CarbonBlack');
    expect(waited.json.drives).toEqual(srv.world.sensor(sensorId)?.drives);
    expect(waited.json.supported_commands).toContain('reg enum key');
    expect(srv.lr.stats).toMatchObject({ openSessions: 1, maxConcurrentSessions: 1, sessionsCreated: 1 });
  });

  it('never activates a session on an offline sensor, and times it out after the check-in timeout', async () => {
    srv = await startLrTestServer({ sessionStartMs: 10, commandMs: 10, checkInTimeoutMs: 80, longPollMs: 40 });
    const created = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: offlineSensor(srv) } });
    const id = created.json.id as number;
    const seen: string[] = [];
    for (let i = 0; i < 200 && seen[seen.length - 1] !== 'timeout'; i++) {
      seen.push((await srv.request('GET', `${BASE}/session/${id}?wait=true`)).json.status as string);
    }
    expect(seen[seen.length - 1]).toBe('timeout');
    expect(seen).not.toContain('active');
    expect(srv.lr.stats.sessionsExpired).toBe(1);
    expect(srv.lr.stats.openSessions).toBe(0);
    const command = await srv.request('POST', `${BASE}/session/${id}/command`, { json: { name: 'process list', session_id: id } });
    expect(command.status).toBe(404);
    expect(command.text).toMatch(/^Session /);
  });

  it('activates a pending session when its sensor comes online, and holds commands while the sensor is away', async () => {
    srv = await startLrTestServer({ sessionStartMs: 10, commandMs: 10, longPollMs: 5_000 });
    const sensorId = offlineSensor(srv);
    const created = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: sensorId } });
    const id = created.json.id as number;
    expect((await srv.request('GET', `${BASE}/session/${id}`)).json.status).toBe('pending');
    srv.world.updateSensorDoc(sensorId, { status: 'Online' });
    expect((await srv.request('GET', `${BASE}/session/${id}?wait=true`)).json.status).toBe('active');
    srv.world.updateSensorDoc(sensorId, { status: 'Offline' });
    const posted = await srv.request('POST', `${BASE}/session/${id}/command`, { json: { name: 'process list' } });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await srv.request('GET', `${BASE}/session/${id}/command/${posted.json.id as number}`)).json.status).toBe('pending');
    srv.world.updateSensorDoc(sensorId, { status: 'Online' });
    expect((await srv.request('GET', `${BASE}/session/${id}/command/${posted.json.id as number}?wait=true`)).json.status).toBe('complete');
  });

  it('honours a POST checkin_timeout (seconds) in the session object', async () => {
    srv = await startLrTestServer({ sessionStartMs: 10 });
    const created = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: onlineSensor(srv), checkin_timeout: 600 } });
    expect(created.json.check_in_timeout).toBe(600);
    expect(created.json.sensor_wait_timeout).toBe(120);
    expect(created.json.session_timeout).toBe(300);
  });

  it('refuses sessions past maxSessions with a 503 and frees a slot when one closes', async () => {
    srv = await startLrTestServer({ maxSessions: 2, sessionStartMs: 10 });
    const a = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: onlineSensor(srv, 'windows', 0) } });
    await srv.request('POST', `${BASE}/session`, { json: { sensor_id: onlineSensor(srv, 'windows', 1) } });
    const refused = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: onlineSensor(srv, 'windows', 2) } });
    expect(refused.status).toBe(503);
    expect(refused.text).toContain('Maximum number of concurrent Live Response sessions (2)');
    expect(srv.lr.stats.sessionsRefused).toBe(1);
    const closed = await srv.request('PUT', `${BASE}/session/${a.json.id as number}`, { json: { ...a.json, status: 'close' } });
    expect(closed.json.status).toBe('close');
    const again = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: onlineSensor(srv, 'windows', 2) } });
    expect(again.status).toBe(200);
    expect(srv.lr.stats).toMatchObject({ openSessions: 2, maxConcurrentSessions: 2, sessionsCreated: 3, sessionsClosed: 1 });
  });

  it('lists sessions, with active_only keeping pending and active ones', async () => {
    srv = await startLrTestServer({ sessionStartMs: 10 });
    const a = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: onlineSensor(srv, 'windows', 0) } });
    const b = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: onlineSensor(srv, 'windows', 1) } });
    await srv.request('PUT', `${BASE}/session/${a.json.id as number}`, { json: { status: 'close' } });
    const all = await srv.request('GET', `${BASE}/session`);
    expect(all.json.map((s: { id: number }) => s.id)).toEqual([a.json.id, b.json.id]);
    const active = await srv.request('GET', `${BASE}/session?active_only=true`);
    expect(active.json.map((s: { id: number }) => s.id)).toEqual([b.json.id]);
  });

  it('expires an active session without commands or keepalive, and keepalive postpones it', async () => {
    // Wide margins (keepalive every 100 ms against a 1 s timeout) so a loaded machine can't make it flaky.
    srv = await startLrTestServer({ sessionStartMs: 5, sessionTimeoutMs: 1_000, longPollMs: 1000 });
    const created = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: onlineSensor(srv) } });
    const id = created.json.id as number;
    expect((await srv.request('GET', `${BASE}/session/${id}?wait=true`)).json.status).toBe('active');
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const kept = await srv.request('GET', `${BASE}/session/${id}/keepalive`);
      expect(kept.status).toBe(200);
      expect(kept.json.status).toBe('active');
    }
    let status = 'active';
    for (let i = 0; i < 100 && status === 'active'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      status = (await srv.request('GET', `${BASE}/session/${id}`)).json.status as string;
    }
    expect(status).toBe('timeout');
    expect(srv.lr.stats.sessionsExpired).toBe(1);
    const keepalive = await srv.request('GET', `${BASE}/session/${id}/keepalive`);
    expect(keepalive.status).toBe(404);
    expect(keepalive.text).toMatch(/^Session \d+ not found/);
  });

  it('answers 404 for unknown sessions and sensors, 400 for bad bodies', async () => {
    srv = await startLrTestServer({ sessionStartMs: 10 });
    const unknown = await srv.request('GET', `${BASE}/session/999`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('Session 999 not found');
    const sensor = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: 4242 } });
    expect(sensor.status).toBe(404);
    expect(sensor.text).toBe('Sensor 4242 not found');
    const bad = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: 'one' } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('sensor_id');
    const created = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: onlineSensor(srv) } });
    const badClose = await srv.request('PUT', `${BASE}/session/${created.json.id as number}`, { json: { status: 'active' } });
    expect(badClose.status).toBe(400);
  });

  it('refuses a sensor without Live Response support', async () => {
    srv = await startLrTestServer({ sessionStartMs: 10 });
    const sensorId = onlineSensor(srv);
    srv.world.updateSensorDoc(sensorId, { supports_cblr: false });
    const refused = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: sensorId } });
    expect(refused.status).toBe(400);
    expect(refused.text).toBe(`Sensor ${sensorId} does not support Live Response`);
  });

  it('holds a session wait=true only until the client goes away', async () => {
    srv = await startLrTestServer({ sessionStartMs: 10, longPollMs: 60_000 });
    const created = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: offlineSensor(srv) } });
    const controller = new AbortController();
    const pending = srv.request('GET', `${BASE}/session/${created.json.id as number}?wait=true`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toThrow();
    const now = await srv.request('GET', `${BASE}/session/${created.json.id as number}`);
    expect(now.json.status).toBe('pending');
  });

  it('reports POSIX drives and working directory for Linux and macOS sensors', async () => {
    srv = await startLrTestServer({ sessionStartMs: 5 });
    for (const os of ['linux', 'osx'] as const) {
      const created = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: onlineSensor(srv, os) } });
      const session = await srv.request('GET', `${BASE}/session/${created.json.id as number}?wait=true`);
      expect(session.json.drives).toEqual(['/']);
      expect(session.json.current_working_directory).toBe('/var/lib/cb');
      expect(session.json.supported_commands).not.toContain('reg enum key');
      expect(session.json.supported_commands).toContain('process list');
    }
  });
});

describe('Live Response sessions (Cb Defense dialect)', () => {
  const DBASE = '/integrationServices/v3/cblr';

  it('creates at /session/<sensor_id>, reports upper-case statuses and closes with PUT /session', async () => {
    srv = await startLrTestServer({ sessionStartMs: 10 });
    const sensorId = onlineSensor(srv);
    const created = await srv.request('POST', `${DBASE}/session/${sensorId}`, { json: { sensor_id: sensorId } });
    expect(created.json.status).toBe('PENDING');
    const id = created.json.id as number;
    expect((await srv.request('GET', `${DBASE}/session/${id}?wait=true`)).json.status).toBe('ACTIVE');
    const command = await srv.request('POST', `${DBASE}/session/${id}/command`, { json: { name: 'process list', session_id: id } });
    expect(command.json.status).toBe('pending');
    const closed = await srv.request('PUT', `${DBASE}/session`, { json: { session_id: id, status: 'CLOSE' } });
    expect(closed.json.status).toBe('CLOSE');
    const gone = await srv.request('POST', `${DBASE}/session/${id}/command`, { json: { name: 'process list' } });
    expect(gone.status).toBe(404);
    expect(gone.json.status).toBe('NOT_FOUND');
    expect(srv.lr.stats.sessionsClosed).toBe(1);
  });
});
