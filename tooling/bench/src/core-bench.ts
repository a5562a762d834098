/**
 * The @cbapi/core benchmark: `node tooling/bench/dist/index.js core [results]`.
 * (a) HTTP requests per distinct object for 10,000 `api.select` lookups of 500 ids from 50
 *     concurrent tasks (goal 1.00); (b) the cost of a cache hit; (c) results per second and peak
 *     RSS iterating 200,000 results through a PaginatedQuery, next to a raw got page loop on the
 *     same local HTTPS server (goal >= 0.9 of raw, RSS < 150 MB). Figures are printed, not asserted.
 */
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import got from 'got';
import { BaseApi, prepareApi } from '@cbapi/core';
import { BenchProcess, BenchSensor } from './core-bench-models.js';
import { startPagedServer } from './core-paged-server.js';

const TOKEN = 'b3nchb3nchb3nchb3nchb3nchb3nch00';

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function selectBench(api: BaseApi, counts: () => Promise<{ sensor: number }>): Promise<void> {
  const lookups = 10_000;
  const ids = 500;
  const tasks = 50;
  const sequence = Array.from({ length: lookups }, (_, i) => ((i * 7919) % ids) + 1);
  const before = (await counts()).sensor;
  let next = 0;
  const seen = new Set<number>();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: tasks }, async () => {
    while (next < sequence.length) {
      const id = sequence[next++] as number;
      const s = await api.select(BenchSensor, id);
      if (s.id !== id) throw new Error(`select(${id}) gave ${s.id}`);
      seen.add(id);
    }
  }));
  const ms = performance.now() - t0;
  const requests = (await counts()).sensor - before;
  console.log(`(a) select: ${lookups} lookups of ${ids} ids from ${tasks} tasks: ${requests} HTTP requests / ${seen.size} distinct objects = ${(requests / seen.size).toFixed(2)} (goal 1.00), ${ms.toFixed(0)} ms`);

  const hits = 100_000;
  const t1 = performance.now();
  for (let i = 0; i < hits; i++) await api.select(BenchSensor, (i % ids) + 1);
  const perHit = ((performance.now() - t1) * 1000) / hits;
  const cache = api.cache;
  let perGet = Number.NaN;
  if (cache) {
    const t2 = performance.now();
    for (let i = 0; i < hits; i++) await cache.get(`Sensor:${(i % ids) + 1}`);
    perGet = ((performance.now() - t2) * 1000) / hits;
  }
  const t3 = performance.now();
  let check = 0;
  for (let i = 0; i < hits; i++) check += (await api.select(BenchSensor, (i % ids) + 1)).last_update.getTime() > 0 ? 1 : 0;
  const perHitRead = ((performance.now() - t3) * 1000) / hits;
  if (check !== hits) throw new Error('cache hits gave wrong objects');
  const after = (await counts()).sensor - before;
  console.log(`(b) cache hit: ${perHit.toFixed(2)} µs per api.select (a hydrated model from the cached JSON), ${perHitRead.toFixed(2)} µs with a field read, ${perGet.toFixed(2)} µs per raw cache.get; ${after - requests} extra requests during ${3 * hits} lookups`);
}

async function queryRun(api: BaseApi, total: number, batch: number): Promise<number> {
  let n = 0;
  let sum = 0;
  for await (const p of api.select(BenchProcess).batchSize(batch)) {
    n++;
    sum += p.process_pid;
  }
  if (n !== total || sum <= 0) throw new Error(`query iterated ${n} of ${total}`);
  return n;
}

async function rawRun(url: string, total: number, batch: number): Promise<number> {
  const client = got.extend({ prefixUrl: url, headers: { 'X-Auth-Token': TOKEN }, https: { rejectUnauthorized: false }, responseType: 'json', retry: { limit: 0 } });
  let start = 0;
  let n = 0;
  let sum = 0;
  for (;;) {
    const body = await client.get('api/v1/process', { searchParams: { 'cb.urlver': 1, facet: 'false', rows: batch, sort: 'last_update desc', start } }).json<{ results: Array<{ process_pid: number }>; total_results: number }>();
    if (body.results.length === 0) break;
    for (const r of body.results) {
      n++;
      sum += r.process_pid;
    }
    start += body.results.length;
    if (start >= body.total_results) break;
  }
  if (n !== total || sum <= 0) throw new Error(`raw loop read ${n} of ${total}`);
  return n;
}

interface PagingResult {
  kind: 'query' | 'raw';
  results: number;
  ms: number;
  /** Peak RSS of the child process that ran the loop (bytes). */
  peakRss: number;
  /** RSS of that child before the loop started (bytes). */
  startRss: number;
}

/** Runs one paging loop in a fresh child process, so its peak RSS is its own. */
function pagingInChild(kind: 'query' | 'raw', url: string, total: number, batch: number): Promise<PagingResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--paging-child', kind, url, String(total), String(batch)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m: PagingResult | { error: string }) => ('error' in m ? reject(new Error(m.error)) : resolve(m)));
    child.once('exit', (code) => { if (code !== 0) reject(new Error(`paging child exited with ${String(code)}`)); });
  });
}

async function pagingChild(kind: 'query' | 'raw', url: string, total: number, batch: number): Promise<PagingResult> {
  const startRss = process.memoryUsage.rss();
  let api: BaseApi | undefined;
  if (kind === 'query') api = new BaseApi(await prepareApi('response', { url, token: TOKEN, sslVerify: false, ignoreSystemProxy: true }));
  try {
    const t0 = performance.now();
    const results = kind === 'raw' ? await rawRun(url, total, batch) : await queryRun(api as BaseApi, total, batch);
    const ms = performance.now() - t0;
    return { kind, results, ms, peakRss: process.resourceUsage().maxRSS * 1024, startRss };
  } finally {
    await api?.close();
  }
}

async function pagingBench(url: string, total: number, batch: number): Promise<void> {
  const rounds = 3;
  const best = { query: 0, raw: 0 };
  const peak = { query: 0, raw: 0 };
  const start = { query: 0, raw: 0 };
  for (let r = 0; r < rounds; r++) {
    for (const kind of ['raw', 'query'] as const) {
      const res = await pagingInChild(kind, url, total, batch);
      best[kind] = Math.max(best[kind], res.results / (res.ms / 1000));
      peak[kind] = Math.max(peak[kind], res.peakRss);
      start[kind] = Math.max(start[kind], res.startRss);
    }
  }
  console.log(`(c) paging ${total} results, ${batch} per page (best of ${rounds}, each run in a fresh process):`);
  console.log(`      PaginatedQuery  ${best.query.toFixed(0).padStart(7)} results/s, peak RSS ${mb(peak.query)} (process start ${mb(start.query)})`);
  console.log(`      raw got loop    ${best.raw.toFixed(0).padStart(7)} results/s, peak RSS ${mb(peak.raw)} (process start ${mb(start.raw)})`);
  console.log(`      ratio ${(best.query / best.raw).toFixed(2)} (goal >= 0.9); query peak RSS ${peak.query < 150 * 1024 * 1024 ? '<' : '>='} 150 MB (goal < 150 MB)`);
}

/** Runs the core benchmark. */
export async function main(args: readonly string[]): Promise<void> {
  const total = Number(args[0] ?? 200_000);
  if (!Number.isInteger(total) || total <= 0) throw new Error(`results must be a positive integer, got ${String(args[0])}`);
  const server = await startPagedServer(total);
  const api = new BaseApi(await prepareApi('response', { url: server.url, token: TOKEN, sslVerify: false, ignoreSystemProxy: true }));
  try {
    console.log(`@cbapi/core benchmark (node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; server ${server.url} in a child process)`);
    await selectBench(api, server.counts);
    await pagingBench(server.url, total, 100);
    await pagingBench(server.url, total, 1000);
  } finally {
    await api.close();
    await server.close();
  }
}

if (process.argv[2] === '--paging-child' && process.send) {
  const [, , , kind, url, total, batch] = process.argv;
  try {
    const res = await pagingChild(kind === 'raw' ? 'raw' : 'query', String(url), Number(total), Number(batch));
    process.send(res, () => process.exit(0));
  } catch (error) {
    process.send({ error: error instanceof Error ? error.stack ?? error.message : String(error) }, () => process.exit(1));
  }
}
