// Integration helper (not a test), shared by the *.integ.test.ts files: an in-process simulator, a
// connected CbResponseAPI, and the requests it served: as sent (`served`), or for the seed-*.integ tests in
// the form of the seed's debug logs (method + path + query params as a set).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '@cbapi/simulator';
import type { Simulator, SimulatorOptions } from '@cbapi/simulator';
import { CbResponseAPI } from '../src/cb-response-api.js';

/** Cb Response versions the seed's examples ran against. */
export const V5 = '5.2.0.161004.1206';
export const V61 = '6.1.2.171115.1117';

/** A running simulator with a connected API; `close()` stops both. */
export interface SimSession {
  sim: Simulator;
  cb: CbResponseAPI;
  close(): Promise<void>;
}

/** A `SimSession` that also compares requests in the seed's log form. */
export interface SeedEnv extends SimSession {
  /** Index into `sim.requests` to compare from. */
  mark(): number;
  /** The requests served since `mark` in the seed's log form: `GET /api/v1/process?a=1&b=2` with sorted params. */
  since(mark: number): string[];
}

function encode(v: string): string {
  return encodeURIComponent(v).replace(/%20/g, '+');
}

/** `METHOD path?k=v&...` with params sorted by key then value (so params compare as a set). */
export function requestLine(method: string, path: string, query: Record<string, string | string[]>): string {
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) pairs.push(`${encode(k)}=${encode(one)}`);
  pairs.sort();
  return `${method.toUpperCase()} ${path}${pairs.length ? `?${pairs.join('&')}` : ''}`;
}

/** A seed log line (`HTTP GET /api/v1/process?cb.urlver=1&...`) in the same form. */
export function seedLine(line: string): string {
  const [method = '', url = ''] = line.replace(/^HTTP\s+/, '').split(/\s+/);
  const u = new URL(url, 'https://seed.invalid');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of u.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return requestLine(method, u.pathname, query);
}

/** Starts a simulator with exactly `options` and connects a CbResponseAPI pinned to its certificate. */
async function connectSim(options: SimulatorOptions, tmpPrefix: string): Promise<SimSession> {
  const sim = await startSimulator(options);
  const dir = mkdtempSync(join(tmpdir(), tmpPrefix));
  const certFile = join(dir, 'sim.pem');
  writeFileSync(certFile, sim.certPem);
  let cb: CbResponseAPI;
  try {
    cb = await CbResponseAPI.connect({ url: sim.url, token: sim.tokens.response, sslCertFile: certFile, sslVerifyHostname: false, maxRetries: 0 });
  } catch (error) {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    sim,
    cb,
    async close() {
      await cb.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a simulator (seed 1, small estate unless told) and connects a CbResponseAPI pinned to its certificate. */
export function startSim(options: SimulatorOptions = {}): Promise<SimSession> {
  return connectSim({ port: 0, seed: 1, sensors: 6, processesPerSensor: 8, isolationDelayMs: 40, ...options }, 'cbapi-part2-');
}

/** The requests the simulator served since `from` (an index into `sim.requests`), as `METHOD path?query`. */
export function served(sim: Simulator, from = 0): string[] {
  return sim.requests.slice(from).map((r) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(r.query ?? {})) for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
    const qs = q.toString();
    return `${r.method} ${r.path}${qs ? `?${qs}` : ''}`;
  });
}

/** Starts a simulator (small, deterministic, fast isolation) and connects to it. */
export async function seedEnv(options: SimulatorOptions = {}): Promise<SeedEnv> {
  const session = await connectSim({ seed: 1, port: 0, sensors: 6, offlineSensors: 0, isolationDelayMs: 20, alerts: 30, ...options }, 'cbapi-seed-');
  const { sim } = session;
  return {
    ...session,
    mark: () => sim.requests.length,
    since: (mark) => sim.requests.slice(mark).map((r) => requestLine(r.method, r.path, r.query)),
  };
}
