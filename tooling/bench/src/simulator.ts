/**
 * Simulator throughput: simple GETs per second against the simulator (in a worker thread, one core)
 * from a keep-alive `node:https` load loop with N requests in flight, and the p99 latency the
 * simulator adds over a bare `node:https` server answering the same bytes. Also prints the start-up
 * time for the estate size and the cold/warm cost of the first process search. Goal: 5,000+ req/s.
 *
 * Run: `node --import tsx tooling/bench/src/index.ts simulator [--seconds 5] [--concurrency 32]
 * [--sensors 50] [--http]` (or the built `node tooling/bench/dist/index.js simulator ...`).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { startSimulator } from '@cbapi/simulator';
import type { WorkerReady, WorkerRequest } from './simulator-worker.js';

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Busy time of the server thread during the measured window (event-loop utilization). */
  serverActiveMs: number;
  serverUtilization: number;
}

function flag(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`--${name} needs a positive number, got ${String(args[i + 1])}`);
  return v;
}

function startWorker(request: WorkerRequest): Promise<{ worker: Worker; ready: WorkerReady }> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const href = new URL(`./simulator-worker${ext}`, import.meta.url).href;
  // from sources the worker registers tsx itself (a .ts worker URL is refused before loader hooks run)
  const worker =
    ext === '.ts'
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(href)}); });`, { eval: true, workerData: request, execArgv: ['--conditions=@cbapi/source'] })
      : new Worker(new URL(href), { workerData: request });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not start within 60 s')), 60_000);
    worker.once('message', (ready: WorkerReady) => {
      clearTimeout(timer);
      resolve({ worker, ready });
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function stopWorker(worker: Worker): Promise<void> {
  await new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.postMessage('close');
    setTimeout(() => void worker.terminate().then(() => resolve()), 5_000).unref();
  });
}

function get(ready: WorkerReady, path: string, agent: HttpAgent | HttpsAgent): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
  const url = new URL(path, ready.url);
  const headers = ready.token ? { 'X-Auth-Token': ready.token } : {};
  return new Promise((resolve, reject) => {
    const done = (res: import('node:http').IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers as Record<string, string> }));
      res.on('error', reject);
    };
    const req = url.protocol === 'https:' ? httpsRequest(url, { headers, agent: agent as HttpsAgent, ca: ready.certPem }, done) : httpRequest(url, { headers, agent }, done);
    req.on('error', reject);
    req.end();
  });
}

function askWorker(worker: Worker, message: 'mark' | 'measure'): Promise<{ active: number; utilization: number }> {
  return new Promise((resolve) => {
    if (message === 'mark') {
      worker.postMessage('mark');
      resolve({ active: 0, utilization: 0 });
      return;
    }
    worker.once('message', (m: { elu: { active: number; utilization: number } }) => resolve(m.elu));
    worker.postMessage('measure');
  });
}

async function load(worker: Worker, ready: WorkerReady, path: string, concurrency: number, seconds: number): Promise<LoadResult> {
  const agent = ready.url.startsWith('https') ? new HttpsAgent({ keepAlive: true, maxSockets: concurrency, ca: ready.certPem }) : new HttpAgent({ keepAlive: true, maxSockets: concurrency });
  const warmupEnd = performance.now() + 1_000;
  const end = warmupEnd + seconds * 1_000;
  const latencies: number[] = [];
  let errors = 0;
  setTimeout(() => void askWorker(worker, 'mark'), 1_000);
  const loop = async (): Promise<void> => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        const r = await get(ready, path, agent);
        if (r.status !== 200) errors++;
      } catch {
        errors++;
      }
      if (t >= warmupEnd) latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elu = await askWorker(worker, 'measure');
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { requests: latencies.length, errors, seconds, p50: at(0.5), p99: at(0.99), serverActiveMs: elu.active, serverUtilization: elu.utilization };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Runs the benchmark and prints its figures. */
export async function main(args: readonly string[]): Promise<void> {
  const seconds = flag(args, 'seconds', 5);
  const concurrency = flag(args, 'concurrency', 32);
  const sensors = flag(args, 'sensors', 50);
  const tls = !args.includes('--http');
  const path = '/api/v1/sensor/1';

  // start-up and first-search costs, in this thread
  let t = performance.now();
  const local = await startSimulator({ seed: 1, sensors, offlineSensors: Math.floor(sensors / 10), tls: false });
  const startupMs = performance.now() - t;
  const agent = new HttpAgent({ keepAlive: true });
  const localReady: WorkerReady = { url: local.url, token: local.tokens.response, certPem: '', startMs: startupMs };
  t = performance.now();
  const cold = await get(localReady, '/api/v1/process?cb.urlver=1&facet=false&q=process_name%3Acmd.exe&rows=10&sort=last_update+desc&start=0', agent);
  const coldMs = performance.now() - t;
  t = performance.now();
  await get(localReady, '/api/v1/process?cb.urlver=1&facet=false&q=process_name%3Anet.exe&rows=10&sort=last_update+desc&start=0', agent);
  const warmMs = performance.now() - t;
  const total = (JSON.parse(cold.body.toString()) as { total_results: number }).total_results;
  agent.destroy();
  await local.close();
  console.log(`simulator: ${sensors} sensors, start-up ${fmt(startupMs)} ms (plain HTTP, data set built in-process)`);
  console.log(`  first process search ${fmt(coldMs, 1)} ms (builds process documents), next search ${fmt(warmMs, 1)} ms; cmd.exe hits: ${total}`);

  const sim = await startWorker({ mode: 'simulator', tls, sensors });
  const sample = await get(sim.ready, path, tls ? new HttpsAgent({ ca: sim.ready.certPem }) : new HttpAgent());
  const simResult = await load(sim.worker, sim.ready, path, concurrency, seconds);
  await stopWorker(sim.worker);

  const headers = Object.fromEntries(Object.entries(sample.headers).filter(([k]) => !['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)));
  const base = await startWorker({ mode: 'baseline', tls, sensors, body: sample.body.toString(), headers });
  const baseResult = await load(base.worker, base.ready, path, concurrency, seconds);
  await stopWorker(base.worker);

  const capacity = (r: LoadResult): number => (r.serverActiveMs > 0 ? (r.requests / r.serverActiveMs) * 1000 : Number.NaN);
  const line = (label: string, r: LoadResult): string =>
    `  ${label.padEnd(22)} ${fmt(r.requests / r.seconds).padStart(7)} req/s   p50 ${fmt(r.p50, 2)} ms   p99 ${fmt(r.p99, 2)} ms   errors ${r.errors}   ` +
    `server thread busy ${fmt(100 * r.serverUtilization)}% → ${fmt((1000 * r.serverActiveMs) / Math.max(1, r.requests))} µs/request, capacity ≈ ${fmt(capacity(r))} req/s per core`;
  console.log(`GET ${path} (${sample.body.length} bytes), ${tls ? 'HTTPS' : 'HTTP'} keep-alive, ${concurrency} in flight, ${seconds} s after 1 s warm-up; server in a worker thread (one core):`);
  console.log(line('simulator', simResult));
  console.log(line('bare node:https server', baseResult));
  console.log(`  added p99 latency: ${fmt(simResult.p99 - baseResult.p99, 2)} ms; simulator throughput = ${fmt((100 * simResult.requests) / Math.max(1, baseResult.requests))}% of the bare server (goal: 5,000+ req/s)`);
  console.log(`  machine load average (1 min): ${fmt(loadavg()[0] ?? 0, 1)} on ${availableParallelism()} cores (figures above are wall-clock under that load)`);
}
