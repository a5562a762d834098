/**
 * The seed's "Joining Everything Together" walk (cbapi docs 4.5.7) over many processes against
 * the simulator: for each process its sensor, the sensor's group, its binary, and the walk up its
 * parents. Prints HTTP requests per distinct object (the goal is 1.00: each object read once) and
 * the wall time, with the object cache on and off.
 *
 * Run: `node --import tsx tooling/bench/src/index.ts response-join [processes]` (or the built
 * `node tooling/bench/dist/index.js response-join`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CbResponseAPI, Process } from '@cbapi/response';
import { startSimulator } from '@cbapi/simulator';

/** What one run measured. */
export interface JoinRunResult {
  label: string;
  processes: number;
  /** Requests for objects (sensor, group, binary, parent processes): everything but search pages. */
  objectRequests: number;
  /** Search page requests. */
  searchRequests: number;
  /** Distinct objects the walk read (sensors, groups, binaries, parent processes). */
  distinctObjects: number;
  /** Whole run, search pages included. */
  wallMs: number;
  /** The search pages alone. */
  searchMs: number;
}

async function walk(cb: CbResponseAPI, limit: number, concurrency: number): Promise<{ objects: Set<string>; processes: number; searchMs: number }> {
  const objects = new Set<string>();
  const searchStart = performance.now();
  const procs = await cb.select(Process).slice(0, limit);
  const searchMs = performance.now() - searchStart;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < procs.length) {
      const proc = procs[next++];
      if (!proc) continue;
      const details = async (p: Process): Promise<void> => {
        const sensor = await p.sensor();
        if (sensor) {
          objects.add(`Sensor:${String(sensor.get('id'))}`);
          const group = await sensor.group();
          if (group) objects.add(`SensorGroup:${String(group.get('id'))}`);
        }
        const binary = await p.binary().catch(() => undefined);
        if (binary) objects.add(`Binary:${binary.md5}`);
      };
      await details(proc);
      await proc.walkParents(async (parent) => {
        objects.add(`Process:${parent.guid}`);
        await details(parent);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return { objects, processes: procs.length, searchMs };
}

/**
 * Runs the join walk on a fresh simulator with the cache on (`cache: true`) or off.
 * @param processes - how many processes to start from
 * @param options - `cache` on/off, `concurrency` of walkers
 */
export async function runJoin(processes: number, options: { cache: boolean; concurrency: number }): Promise<JoinRunResult> {
  const sim = await startSimulator({ seed: 1, port: 0, sensors: 50, serverVersion: '6.2.0.171114.1158' });
  const dir = mkdtempSync(join(tmpdir(), 'cbapi-bench-'));
  const certFile = join(dir, 'sim.pem');
  writeFileSync(certFile, sim.certPem);
  try {
    const cb = await CbResponseAPI.connect({
      url: sim.url, token: sim.tokens.response, sslCertFile: certFile, ...(options.cache ? {} : { cache: false as const }),
    });
    try {
      const before = sim.requests.length;
      const started = performance.now();
      const { objects, processes: seen, searchMs } = await walk(cb, processes, options.concurrency);
      const wallMs = performance.now() - started;
      const made = sim.requests.slice(before);
      const searchRequests = made.filter((r) => r.path === '/api/v1/process').length;
      return {
        label: `${options.cache ? 'cache on ' : 'cache off'} x${options.concurrency}`, processes: seen,
        objectRequests: made.length - searchRequests, searchRequests, distinctObjects: objects.size, wallMs, searchMs,
      };
    } finally {
      await cb.close();
    }
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the figures for cache on and off. */
export async function main(args: readonly string[] = []): Promise<void> {
  const n = Number(args[0] ?? 1000);
  const runs: JoinRunResult[] = [];
  for (const [cache, concurrency] of [[true, 1], [true, 8], [false, 1]] as const) runs.push(await runJoin(n, { cache, concurrency }));
  console.log(`response-join: ${n} processes → sensor → group, binary, walkParents (simulator, Cb Response 6.2)`);
  console.log('run           processes  search req  object req  distinct objects  req/object  wall ms  (search ms)');
  for (const r of runs) {
    console.log(
      `${r.label.padEnd(13)} ${String(r.processes).padStart(9)}  ${String(r.searchRequests).padStart(10)}  ${String(r.objectRequests).padStart(10)}  ${String(r.distinctObjects).padStart(16)}  ${(r.objectRequests / Math.max(1, r.distinctObjects)).toFixed(2).padStart(10)}  ${r.wallMs.toFixed(0).padStart(7)}  (${r.searchMs.toFixed(0)})`,
    );
  }
}
