// Shared by the seed-*.integ.test.ts files: an in-process simulator, a connected CbResponseAPI, and
// request comparison in the form of the seed's debug logs (method + path + query params as a set).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '@cbapi/simulator';
import type { Simulator, SimulatorOptions } from '@cbapi/simulator';
import { CbResponseAPI } from '../src/cb-response-api.js';

/** Cb Response versions the seed's examples ran against. */
export const V5 = '5.2.0.161004.1206';
export const V61 = '6.1.2.171115.1117';

export interface SeedEnv {
  sim: Simulator;
  cb: CbResponseAPI;
  /** Index into `sim.requests` to compare from. */
  mark(): number;
  /** The requests served since `mark` in the seed's log form: `GET /api/v1/process?a=1&b=2` with sorted params. */
  since(mark: number): string[];
  close(): Promise<void>;
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

/** Starts a simulator (small, deterministic, fast isolation) and connects to it. */
export async function seedEnv(options: SimulatorOptions = {}): Promise<SeedEnv> {
  const sim = await startSimulator({ seed: 1, port: 0, sensors: 6, offlineSensors: 0, isolationDelayMs: 20, alerts: 30, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'cbapi-seed-'));
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
    mark: () => sim.requests.length,
    since: (mark) => sim.requests.slice(mark).map((r) => requestLine(r.method, r.path, r.query)),
    close: async () => {
      await cb.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
