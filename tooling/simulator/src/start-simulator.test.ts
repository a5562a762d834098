import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator } from './index.js';
import type { Simulator } from './index.js';
import { call } from './__fixtures__/sim-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 5, sensors: 6, tls: false });
});
afterAll(async () => {
  await sim.close();
});

describe('startSimulator', () => {
  it('serves HTTPS with its own certificate by default', async () => {
    const tlsSim = await startSimulator({ seed: 5, sensors: 2 });
    try {
      expect(tlsSim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(tlsSim.certPem).toContain('BEGIN CERTIFICATE');
      const reply = await call(tlsSim, 'GET', '/api/info');
      expect(reply.status).toBe(200);
      expect(reply.json.version).toBe('6.2.0.171114.1158');
    } finally {
      await tlsSim.close();
    }
  });

  it('builds the same data for the same seed and different data for another', async () => {
    const again = await startSimulator({ seed: 5, sensors: 6, tls: false });
    const other = await startSimulator({ seed: 6, sensors: 6, tls: false });
    try {
      const a = await call(sim, 'GET', '/api/v1/binary?rows=50&start=0');
      const b = await call(again, 'GET', '/api/v1/binary?rows=50&start=0', { token: again.tokens.response });
      const c = await call(other, 'GET', '/api/v1/sensor', { token: other.tokens.response });
      expect(b.json.results).toEqual(a.json.results);
      expect(again.tokens).toEqual(sim.tokens);
      expect(c.json.map((s: { computer_name: string }) => s.computer_name)).not.toEqual(
        (await call(sim, 'GET', '/api/v1/sensor')).json.map((s: { computer_name: string }) => s.computer_name),
      );
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('serves an empty estate', async () => {
    const empty = await startSimulator({ sensors: 0, tls: false });
    try {
      const token = { token: empty.tokens.response };
      expect((await call(empty, 'GET', '/api/v1/process?q=process_name:cmd.exe', token)).json.total_results).toBe(0);
      expect((await call(empty, 'GET', '/api/v1/sensor', token)).json).toEqual([]);
      expect((await call(empty, 'GET', '/api/v1/alert?rows=0&q=status:Resolved', token)).json.total_results).toBe(0);
    } finally {
      await empty.close();
    }
  });

  it('rejects bad options with a RangeError naming the option', async () => {
    await expect(startSimulator({ sensors: -1 })).rejects.toThrow(/sensors must be an integer >= 0/);
    await expect(startSimulator({ port: 70_000 })).rejects.toThrow(/port must be <= 65535/);
    await expect(startSimulator({ serverVersion: 'latest' })).rejects.toThrow(/serverVersion/);
    expect(() => sim.faults.set({ errorRate: 2 })).toThrow(/errorRate must be within \[0, 1\]/);
    expect(() => sim.faults.set({ status: 200 })).toThrow(/status must be an HTTP error status/);
  });
});

describe('auth and routing', () => {
  it('answers 401 with the text/HTML page for a missing or wrong Response token', async () => {
    const missing = await call(sim, 'GET', '/api/info', { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toContain('text/html');
    expect(missing.text).toContain('Unauthorized');
    expect((await call(sim, 'GET', '/api/v1/sensor', { token: 'wrong' })).status).toBe(401);
    expect((await call(sim, 'GET', '/api/v1/sensor', { token: sim.tokens.protection })).status).toBe(401);
  });

  it('checks the token of the product a path belongs to', async () => {
    const defense = await call(sim, 'GET', '/integrationServices/v3/cblr/session', { token: sim.tokens.response });
    expect(defense.status).toBe(401);
    expect(defense.json).toEqual({ success: false, message: expect.stringContaining('Authentication failed') });
    const protection = await call(sim, 'GET', '/api/bit9platform/v1/computer', { token: sim.tokens.protection });
    expect(protection.status).toBe(404);
  });

  it('answers 404 for unknown routes and 405 for a known path with another method', async () => {
    const unknown = await call(sim, 'GET', '/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('404 Not Found');
    expect((await call(sim, 'DELETE', '/api/info')).status).toBe(405);
  });

  it('sends the recorded headers and gzips larger bodies when asked', async () => {
    const plain = await call(sim, 'GET', '/api/v1/feed');
    expect(plain.headers['server']).toBe('openresty');
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers['x-frame-options']).toBe('DENY');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await call(sim, 'GET', '/api/v1/feed', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.json).toEqual(plain.json);
  });
});

describe('request log', () => {
  it('records method, path, query, body, status and duration in order', async () => {
    const before = sim.requests.length;
    await call(sim, 'GET', '/api/v1/process?q=process_name%3Acmd.exe&rows=1&facet.field=a&facet.field=b');
    await call(sim, 'PUT', '/api/v1/sensor/1', { body: { notes: 'hello' } });
    const [get, put] = sim.requests.slice(before);
    expect(get).toMatchObject({ method: 'GET', path: '/api/v1/process', query: { q: 'process_name:cmd.exe', rows: '1', 'facet.field': ['a', 'b'] }, status: 200 });
    expect(put).toMatchObject({ method: 'PUT', path: '/api/v1/sensor/1', body: { notes: 'hello' }, status: 204 });
    expect(typeof get?.ms).toBe('number');
    expect(sim.requests.total).toBeGreaterThanOrEqual(sim.requests.length);
  });

  it('stays bounded', async () => {
    const small = await startSimulator({ seed: 1, sensors: 1, tls: false, maxLoggedRequests: 5 });
    try {
      for (let i = 0; i < 30; i++) await call(small, 'GET', `/api/info?i=${i}`, { token: small.tokens.response });
      expect(small.requests.length).toBeLessThanOrEqual(6);
      expect(small.requests.total).toBe(30);
      expect(small.requests[small.requests.length - 1]?.query).toEqual({ i: '29' });
    } finally {
      await small.close();
    }
  });
});

describe('faults', () => {
  it('answers with the fault status and Retry-After, limited by path pattern, methods and count', async () => {
    sim.faults.set({ errorRate: 1, status: 503, retryAfterS: 2, pathPattern: /^\/api\/v1\/process/, methods: ['get'], count: 2 });
    try {
      const first = await call(sim, 'GET', '/api/v1/process?rows=0');
      expect(first.status).toBe(503);
      expect(first.headers['retry-after']).toBe('2');
      expect((await call(sim, 'GET', '/api/info')).status).toBe(200);
      expect((await call(sim, 'GET', '/api/v1/process?rows=0')).status).toBe(503);
      expect((await call(sim, 'GET', '/api/v1/process?rows=0')).status).toBe(200);
      expect(sim.faults.injectedErrors).toBeGreaterThanOrEqual(2);
    } finally {
      sim.faults.clear();
    }
  });

  it('adds Retry-After only to 429 and 503', async () => {
    sim.faults.set({ errorRate: 1, status: 500, retryAfterS: 1, count: 1 });
    const reply = await call(sim, 'GET', '/api/info');
    expect(reply.status).toBe(500);
    expect(reply.headers['retry-after']).toBeUndefined();
    sim.faults.clear();
  });

  it('still checks auth before injecting errors', async () => {
    sim.faults.set({ errorRate: 1, status: 429 });
    try {
      expect((await call(sim, 'GET', '/api/info', { token: null })).status).toBe(401);
      expect((await call(sim, 'GET', '/api/info')).status).toBe(429);
    } finally {
      sim.faults.clear();
    }
  });

  it('resets connections', async () => {
    sim.faults.set({ resetRate: 1, count: 1 });
    await expect(call(sim, 'GET', '/api/info')).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up/) });
    expect((await call(sim, 'GET', '/api/info')).status).toBe(200);
    expect(sim.requests[sim.requests.length - 2]?.status).toBe(0);
  });

  it('writes slow bodies in pieces and adds latency without corrupting them', async () => {
    const normal = await call(sim, 'GET', '/api/v1/watchlist');
    sim.faults.set({ slowBodyMs: 40, latencyMs: 5, pathPattern: '/api/v1/watchlist' });
    try {
      const slow = await call(sim, 'GET', '/api/v1/watchlist');
      expect(slow.status).toBe(200);
      expect(slow.json).toEqual(normal.json);
    } finally {
      sim.faults.clear();
    }
  });

  it('makes the same choices for the same seed', async () => {
    const runs: number[][] = [];
    for (let r = 0; r < 2; r++) {
      const s = await startSimulator({ seed: 9, sensors: 1, tls: false });
      s.faults.set({ errorRate: 0.5, status: 502 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await call(s, 'GET', '/api/info', { token: s.tokens.response })).status);
      runs.push(statuses);
      await s.close();
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).toContain(502);
    expect(runs[0]).toContain(200);
  });
});
