import { request as httpsRequest } from 'node:https';
import { afterEach, describe, expect, it } from '@jest/globals';
import { call } from '../__fixtures__/sim-client.js';
import type { Simulator } from '../simulator-options.js';
import { startSimulator } from '../start-simulator.js';

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function windowsSensors(s: Simulator): number[] {
  return s.world.sensors.filter((x) => x.osKind === 'windows' && x.doc.status === 'Online').map((x) => x.doc.id);
}

/** A multipart upload over HTTPS (the shared test client only sends JSON). */
function upload(s: Simulator, path: string, name: string, data: Buffer): Promise<{ status: number; json: Record<string, unknown> }> {
  const boundary = '----cbapi-sim-test';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      new URL(path, s.url),
      { method: 'POST', ca: s.certPem, agent: false, headers: { 'X-Auth-Token': s.tokens.response, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('Live Response through startSimulator (HTTPS, tokens, request log)', () => {
  it('runs a session end to end and counts it in sim.liveResponse.stats', async () => {
    sim = await startSimulator({ seed: 3, sensors: 8, liveResponse: { sessionStartMs: 10, commandMs: 5, maxSessions: 2 } });
    const [a, b, c] = windowsSensors(sim);
    expect((await call(sim, 'POST', '/api/v1/cblr/session', { body: { sensor_id: a }, token: null })).status).toBe(401);
    const created = await call(sim, 'POST', '/api/v1/cblr/session', { body: { sensor_id: a } });
    const id = created.json.id as number;
    expect((await call(sim, 'GET', `/api/v1/cblr/session/${id}?wait=true`)).json.status).toBe('active');
    await call(sim, 'POST', '/api/v1/cblr/session', { body: { sensor_id: b } });
    const refused = await call(sim, 'POST', '/api/v1/cblr/session', { body: { sensor_id: c } });
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(refused.text).toBe('Maximum number of concurrent Live Response sessions (2) reached; close a session and try again');

    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
    const uploaded = await upload(sim, `/api/v1/cblr/session/${id}/file`, 'blob.bin', data);
    expect(uploaded).toMatchObject({ status: 200, json: { file_name: 'blob.bin', size: 5000 } });
    const put = await call(sim, 'POST', `/api/v1/cblr/session/${id}/command`, { body: { name: 'put file', object: 'C:\\Windows\\Temp\\blob.bin', file_id: uploaded.json['id'], session_id: id } });
    expect((await call(sim, 'GET', `/api/v1/cblr/session/${id}/command/${put.json.id as number}?wait=true`)).json.status).toBe('complete');
    const get = await call(sim, 'POST', `/api/v1/cblr/session/${id}/command`, { body: { name: 'get file', object: 'C:\\Windows\\Temp\\blob.bin', session_id: id } });
    await call(sim, 'GET', `/api/v1/cblr/session/${id}/command/${get.json.id as number}?wait=true`);
    const content = await call(sim, 'GET', `/api/v1/cblr/session/${id}/file/${get.json.file_id as number}/content`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(content.headers['content-type']).toBe('application/octet-stream');
    expect(content.headers['content-encoding']).toBeUndefined();
    expect(content.raw).toEqual(data);

    // a process started by Live Response is in the shared world, where the Cb Response routes see it too
    const started = await call(sim, 'POST', `/api/v1/cblr/session/${id}/command`, { body: { name: 'create process', object: 'notepad.exe', wait: false, session_id: id } });
    const done = await call(sim, 'GET', `/api/v1/cblr/session/${id}/command/${started.json.id as number}?wait=true`);
    expect(sim.world.runningProcesses(a ?? 0).some((p) => p.pid === done.json.pid && p.cmdline === 'notepad.exe')).toBe(true);

    await call(sim, 'PUT', `/api/v1/cblr/session/${id}`, { body: { ...created.json, status: 'close' } });
    expect(sim.liveResponse.stats).toMatchObject({ openSessions: 1, maxConcurrentSessions: 2, sessionsCreated: 2, sessionsRefused: 1, sessionsClosed: 1, commands: 3 });
    expect(sim.requests.filter((r) => r.path.startsWith('/api/v1/cblr/')).length).toBeGreaterThan(10);
  });

  it('serves the Defense dialect with the Defense token only', async () => {
    sim = await startSimulator({ seed: 3, sensors: 4, liveResponse: { sessionStartMs: 10, commandMs: 5 } });
    const sensor = windowsSensors(sim)[0] ?? 0;
    const wrong = await call(sim, 'POST', `/integrationServices/v3/cblr/session/${sensor}`, { body: { sensor_id: sensor } });
    expect(wrong.status).toBe(401);
    const created = await call(sim, 'POST', `/integrationServices/v3/cblr/session/${sensor}`, { body: { sensor_id: sensor }, token: sim.tokens.defense });
    expect(created.json.status).toBe('PENDING');
    const active = await call(sim, 'GET', `/integrationServices/v3/cblr/session/${created.json.id as number}?wait=true`, { token: sim.tokens.defense });
    expect(active.json.status).toBe('ACTIVE');
    const missing = await call(sim, 'GET', '/integrationServices/v3/cblr/session/424242', { token: sim.tokens.defense });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ status: 'NOT_FOUND', message: 'Session 424242 not found' });
  });

  it('sim.close() answers a held long poll instead of leaving it hanging', async () => {
    sim = await startSimulator({ seed: 3, sensors: 4, offlineSensors: 1, liveResponse: { sessionStartMs: 10, longPollMs: 60_000 } });
    const offline = sim.world.sensors.find((x) => x.doc.status !== 'Online')?.doc.id;
    const created = await call(sim, 'POST', '/api/v1/cblr/session', { body: { sensor_id: offline } });
    const held = call(sim, 'GET', `/api/v1/cblr/session/${created.json.id as number}?wait=true`).then(
      (reply) => reply.json?.status as string | undefined,
      () => 'connection closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = sim.close();
    sim = undefined;
    expect(['pending', 'connection closed']).toContain(await held);
    await closing;
  });
});
