/**
 * Makespan of the Live Response job runner against the simulator: 200 jobs of two commands each
 * over 50 sensors, 10 session slots, sessions active after 100 ms, commands done after 50 ms.
 * Prints the wall time as a ratio to the schedule's lower bound (total sensor work / slots;
 * goal ≤ 1.10), for in-process function jobs and for worker-thread module jobs, plus the
 * scheduler's overhead per job (slot time spent beyond the sensors' own work) and the server's
 * peak session count; then the same with `jobsPerSession: 2` (a sensor's jobs pipelined on its
 * session, hiding the round trips between commands). protocol.md §10: cbapi 1.3.6 / 1.7 took 25.5 s where the bound is 2.5 s.
 *
 * The simulator runs in a child process (its CPU is not the client's, as with a real server).
 *
 * Run: `node --conditions=@cbapi/source --import tsx tooling/bench/src/index.ts lr-makespan [jobs] [sensors]`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createTransport, type Credentials } from '@cbapi/core';
import { createLiveResponse, type Job, type LiveResponseSession } from '@cbapi/live-response';
import type { SimulatorOptions } from '@cbapi/simulator';
import { gotFloorMakespan } from './lr-got-floor.js';
import { MemoryLrTransport } from './lr-memory-transport.js';
import type { SimChildMessage } from './lr-sim-process.js';

const SLOTS = 10;
const SESSION_START_MS = 100;
const COMMAND_MS = 50;
const COMMANDS_PER_JOB = 2;

/** What one run measured. */
export interface MakespanResult {
  label: string;
  jobs: number;
  sensors: number;
  makespanMs: number;
  lowerBoundMs: number;
  ratio: number;
  /** (makespan × slots − total sensor work) / jobs: slot time per job not spent on the sensors' work. */
  overheadPerJobMs: number;
  maxConcurrentSessions: number;
  failed: number;
  /** Mean client-side latency of the main thread's POST/PUT requests (command posts of function jobs, session open/close): one round trip, ms. */
  meanRequestMs: number;
}

async function functionJob(session: LiveResponseSession): Promise<number> {
  const processes = await session.listProcesses();
  const cwd = String(session.info.current_working_directory ?? '/');
  const sep = cwd.includes('\\') ? '\\' : '/';
  const entries = await session.listDirectory(cwd.endsWith(sep) ? cwd : cwd + sep);
  return processes.length + entries.length;
}

/** A simulator in a child process. */
interface ChildSim {
  url: string;
  token: string;
  stats(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

async function startChildSimulator(options: SimulatorOptions): Promise<ChildSim> {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const child: ChildProcess = fork(new URL(`./lr-sim-process.${ext}`, import.meta.url), [JSON.stringify(options)], { execArgv: process.execArgv });
  const next = (type: SimChildMessage['type']): Promise<SimChildMessage> => new Promise((resolve, reject) => {
    const onMessage = (m: SimChildMessage): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null): void => reject(new Error(`simulator process exited (${String(code)})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  const ready = await next('ready');
  if (ready.type !== 'ready') throw new Error('simulator process did not start');
  return {
    url: ready.url,
    token: ready.token,
    async stats() {
      const reply = next('stats');
      child.send('stats');
      const m = await reply;
      return (m.type === 'stats' ? m.stats : {}) as Record<string, number>;
    },
    close: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.send('close');
    }),
  };
}

async function run(label: string, job: Job<number>, jobs: number, sensors: number, warmUp: boolean, jobsPerSession = 1): Promise<MakespanResult> {
  const sim = await startChildSimulator({ seed: 1, sensors, processesPerSensor: 5, liveResponse: { maxSessions: SLOTS, sessionStartMs: SESSION_START_MS, commandMs: COMMAND_MS } });
  const credentials: Credentials = { url: sim.url, token: sim.token, sslVerify: false, sslVerifyHostname: false, sslForceTls12: false, ignoreSystemProxy: true, source: 'bench' };
  let requests = 0;
  let requestMs = 0;
  const transport = createTransport(credentials, {
    maxConcurrency: 64,
    hooks: {
      afterResponse: (r) => {
        if (r.method === 'GET') return; // long polls include the server's hold
        requests++;
        requestMs += r.ms;
      },
    },
  });
  const lr = createLiveResponse({ transport, credentials, adapter: 'response', options: { maxSessions: SLOTS, jobsPerSession, workerTransportOptions: { maxConcurrency: 64 } } });
  try {
    if (warmUp) {
      // Start the worker threads (and their transports) before the clock starts, as a long-lived runner has them.
      for await (const r of lr.runJobs(job, Array.from({ length: SLOTS * jobsPerSession }, (_, i) => (i % Math.min(SLOTS, sensors)) + 1))) if (!r.ok) throw r.error;
    }
    const created = (await sim.stats())['sessionsCreated'] ?? 0;
    requests = 0;
    requestMs = 0;
    const ids = Array.from({ length: jobs }, (_, i) => (i % sensors) + 1);
    const started = performance.now();
    let failed = 0;
    for await (const r of lr.runJobs(job, ids, { timeout: 120_000 })) if (!r.ok) failed++;
    const makespanMs = performance.now() - started;
    const stats = await sim.stats();
    const sessions = (stats['sessionsCreated'] ?? 0) - created;
    const work = sessions * SESSION_START_MS + jobs * COMMANDS_PER_JOB * COMMAND_MS;
    const lowerBoundMs = (sensors * SESSION_START_MS + jobs * COMMANDS_PER_JOB * COMMAND_MS) / SLOTS;
    return {
      label, jobs, sensors, makespanMs, lowerBoundMs, ratio: makespanMs / lowerBoundMs,
      overheadPerJobMs: (makespanMs * SLOTS - work) / jobs,
      maxConcurrentSessions: stats['maxConcurrentSessions'] ?? -1, failed, meanRequestMs: requests > 0 ? requestMs / requests : 0,
    };
  } finally {
    await lr.close();
    transport.close();
    await sim.close();
  }
}

/**
 * The scheduler's own CPU per job: `jobs` jobs of two commands over `sensors` sensors on an
 * in-memory transport (no HTTP, no latency), so what is left is queueing, session bookkeeping,
 * progress and result delivery. Returns µs per job (wall and main-thread CPU).
 */
async function schedulerOverhead(jobs: number, sensors: number): Promise<{ wallUsPerJob: number; cpuUsPerJob: number; maxOpen: number }> {
  const transport = new MemoryLrTransport();
  const lr = createLiveResponse({ transport, adapter: 'response', options: { maxSessions: SLOTS, keepaliveIntervalMs: 0 } });
  const ids = Array.from({ length: jobs }, (_, i) => (i % sensors) + 1);
  for await (const r of lr.runJobs(functionJob, ids.slice(0, 200))) if (!r.ok) throw r.error; // warm up
  const cpu = process.cpuUsage();
  const started = performance.now();
  for await (const r of lr.runJobs(functionJob, ids, { onProgress: () => undefined })) if (!r.ok) throw r.error;
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await lr.close();
  return { wallUsPerJob: (wall * 1000) / jobs, cpuUsPerJob: (used.user + used.system) / jobs, maxOpen: transport.maxOpen };
}

/** The same schedule through a bare got loop (lr-got-floor.ts), against its own simulator. */
async function gotFloor(jobs: number, sensors: number): Promise<number> {
  const sim = await startChildSimulator({ seed: 1, sensors, processesPerSensor: 5, liveResponse: { maxSessions: SLOTS, sessionStartMs: SESSION_START_MS, commandMs: COMMAND_MS } });
  try {
    return await gotFloorMakespan(sim.url, sim.token, { jobs, sensors, slots: SLOTS });
  } finally {
    await sim.close();
  }
}

/** Runs the benchmark and prints a table. */
export async function main(args: readonly string[]): Promise<void> {
  const jobs = Number(args[0] ?? 200);
  const sensors = Number(args[1] ?? 50);
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const moduleJob = { module: new URL(`./lr-makespan-job.${ext}`, import.meta.url), args: {} };
  const results = [
    await run('function jobs', functionJob, jobs, sensors, false),
    await run('worker jobs', moduleJob, jobs, sensors, true),
    await run('function, 2/session', functionJob, jobs, sensors, false, 2),
    await run('worker, 2/session', moduleJob, jobs, sensors, true, 2),
  ];
  const floor = await gotFloor(jobs, sensors);
  console.log(`lr-makespan: ${jobs} jobs × ${COMMANDS_PER_JOB} commands over ${sensors} sensors, ${SLOTS} slots, sessionStartMs ${SESSION_START_MS}, commandMs ${COMMAND_MS}`);
  console.log(`bare got loop (perfect static schedule, no runner): ${(floor / 1000).toFixed(2)} s, ratio ${(floor / results[0]!.lowerBoundMs).toFixed(3)}: the limit of a got client on this machine`);
  console.log('label                 makespan   bound     ratio  vs got loop  overhead/job  peak sessions  failed  round trip (POST/PUT)');
  const overhead = await schedulerOverhead(10_000, 1_000);
  for (const r of results) {
    console.log(
      `${r.label.padEnd(21)} ${(r.makespanMs / 1000).toFixed(2).padStart(6)} s  ${(r.lowerBoundMs / 1000).toFixed(2).padStart(5)} s  ${r.ratio.toFixed(3).padStart(6)}  ${(r.makespanMs / floor).toFixed(3).padStart(11)}  ${r.overheadPerJobMs.toFixed(1).padStart(9)} ms  ${String(r.maxConcurrentSessions).padStart(13)}  ${String(r.failed).padStart(6)}  ${r.meanRequestMs.toFixed(1).padStart(8)} ms`,
    );
  }
  console.log(`scheduler alone (in-memory transport, 10 000 jobs × 2 commands over 1 000 sensors): ${overhead.wallUsPerJob.toFixed(0)} µs/job wall, ${overhead.cpuUsPerJob.toFixed(0)} µs/job CPU, peak sessions ${overhead.maxOpen}`);
}
