import { afterEach, describe, expect, it } from '@jest/globals';
import { LiveResponseError, TimeoutError, type JobProgressEvent, type JobResult, type LiveResponseSession } from '../src/index.js';
import { startSimHarness, type SimHarness } from './helpers/sim-harness.js';

let h: SimHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Two commands on any simulated OS: list processes, list the working directory. Returns `<sensor>:<entries>`. */
async function twoCommands(s: LiveResponseSession): Promise<string> {
  await s.listProcesses();
  const cwd = String(s.info.current_working_directory);
  const sep = cwd.includes('\\') ? '\\' : '/';
  const entries = await s.listDirectory(cwd.endsWith(sep) ? cwd : cwd + sep);
  return `${s.sensorId}:${entries.length}`;
}

async function collect<T>(it: AsyncIterable<JobResult<T>>): Promise<JobResult<T>[]> {
  const out: JobResult<T>[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe('job runner, in-process function jobs (simulator)', () => {
  it("runs jobs, reuses one session for a sensor's consecutive jobs and closes it when the queue drains", async () => {
    h = await startSimHarness({ sensors: 3, liveResponse: { sessionStartMs: 20, commandMs: 5 } });
    const events: JobProgressEvent['type'][] = [];
    const handles = [1, 2, 3].map(() => h!.lr.submitJob(twoCommands, 2, { onProgress: (e) => events.push(e.type) }));
    const values = await Promise.all(handles.map((x) => x.result));
    expect(new Set(values).size).toBe(1);
    expect(values[0]).toMatch(/^2:\d+$/);
    expect(h.sim.liveResponse.stats.sessionsCreated).toBe(1);
    await h.lr.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
    expect(events.filter((e) => e === 'queued')).toHaveLength(3);
    expect(events.filter((e) => e === 'started')).toHaveLength(3);
    expect(events.filter((e) => e === 'done')).toHaveLength(3);
  });

  it('500 jobs over 100 sensors (10 offline): never more than 10 sessions, offline jobs time out, every session closed', async () => {
    h = await startSimHarness({ sensors: 100, offlineSensors: 10, processesPerSensor: 5, liveResponse: { maxSessions: 10, sessionStartMs: 10, commandMs: 1 } }, { sessionStartTimeout: 1_000, sessionRetryDelayMs: 100 });
    const sensors = Array.from({ length: 100 }, (_, i) => i + 1);
    const offline = sensors.slice(90);
    const ids = sensors.flatMap((s) => [s, s, s, s, s]);
    // Scheduling is what this measures (commands are covered above and below): a job reads its session document.
    const job = async (s: LiveResponseSession): Promise<string> => `${String(s.info['hostname'])}/${s.sessionId}`;
    const results = await collect(h.lr.runJobs(job, ids, { timeout: 20_000 })); // offline sensors' jobs fail at this deadline
    expect(results).toHaveLength(500);
    const failed = results.filter((r) => !r.ok);
    expect(failed.filter((r) => !offline.includes(r.sensorId)).map((r) => String((r as { error: unknown }).error)).slice(0, 3)).toEqual([]);
    expect(new Set(failed.map((r) => r.sensorId))).toEqual(new Set(offline));
    expect(failed).toHaveLength(50);
    for (const r of failed) expect(TimeoutError.isInstance((r as { error: unknown }).error)).toBe(true);
    const ok = results.filter((r): r is { sensorId: number; ok: true; value: string } => r.ok);
    expect(ok).toHaveLength(450);
    // one session per online sensor, reused for its five consecutive jobs
    for (const id of sensors.slice(0, 90)) expect(new Set(ok.filter((r) => r.sensorId === id).map((r) => r.value)).size).toBe(1);
    const stats = h.sim.liveResponse.stats;
    expect(stats.maxConcurrentSessions).toBeLessThanOrEqual(10);
    expect(stats.sessionsRefused).toBe(0);
    await h.lr.close();
    expect(stats.openSessions).toBe(0);
    expect(h.lr.stats.openSessions).toBe(0);
  }, 90_000);

  it('cancellation mid-run: the iteration ends with the abort reason and no session stays open', async () => {
    h = await startSimHarness({ sensors: 40, liveResponse: { maxSessions: 3, sessionStartMs: 10, commandMs: 5 } }, { maxSessions: 3 });
    const ac = new AbortController();
    const seen: JobResult<string>[] = [];
    const run = async (): Promise<void> => {
      for await (const r of h!.lr.runJobs(twoCommands, Array.from({ length: 40 }, (_, i) => i + 1), { signal: ac.signal })) {
        seen.push(r);
        if (seen.length === 5) ac.abort(new Error('stop now'));
      }
    };
    await expect(run()).rejects.toThrow('stop now');
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.length).toBeLessThan(40);
    await h.lr.close();
    expect(h.lr.stats.pendingJobs).toBe(0);
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
  });

  it('cancel() removes a queued job; a failing job fails alone; LiveResponseError is not retried', async () => {
    h = await startSimHarness({ sensors: 3 }, { maxSessions: 1 });
    const first = h.lr.submitJob(twoCommands, 1);
    const queued = h.lr.submitJob(twoCommands, 2);
    const bad = h.lr.submitJob((s) => s.getFile('C:\\no\\such\\file.txt'), 1);
    queued.cancel();
    await expect(queued.result).rejects.toMatchObject({ name: 'AbortError' });
    await expect(first.result).resolves.toMatch(/^1:/);
    const err = await bad.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LiveResponseError);
    expect(h.lr.stats.jobRetries).toBe(0);
  });

  it('re-establishes a session that expired on the server during a job and finishes the job', async () => {
    h = await startSimHarness({ sensors: 3, liveResponse: { sessionStartMs: 10, commandMs: 2, sessionTimeoutMs: 150 } });
    const result = await h.lr.submitJob(async (s) => {
      const before = s.sessionId;
      await s.listProcesses();
      await new Promise((r) => setTimeout(r, 400)); // no command, no keepalive: the server times the session out
      const processes = await s.listProcesses();
      return { before, after: s.sessionId, processes: processes.length };
    }, 1).result;
    expect(result.after).not.toBe(result.before);
    expect(result.processes).toBeGreaterThan(0);
    expect(h.lr.stats.reconnects).toBe(1);
    expect(h.sim.liveResponse.stats.sessionsExpired).toBe(1);
    await h.lr.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
  });

  it('keepalive keeps an idle session alive past the server timeout', async () => {
    // Wide margins (keepalive every 100 ms against a 1 s server timeout) so a loaded machine can't make it flaky.
    h = await startSimHarness({ sensors: 2, liveResponse: { sessionStartMs: 10, commandMs: 2, sessionTimeoutMs: 1_000 } }, { keepaliveIntervalMs: 100 });
    const s = await h.lr.lrSession(1);
    const id = s.sessionId;
    await new Promise((r) => setTimeout(r, 2_500));
    await s.listProcesses();
    expect(s.sessionId).toBe(id);
    expect(h.sim.liveResponse.stats.sessionsExpired).toBe(0);
    await s.close();
  });

  it('injected 503s and connection resets during a run: every job completes, sessions all closed', async () => {
    h = await startSimHarness({ sensors: 15, liveResponse: { sessionStartMs: 10, commandMs: 2 } }, { retries: 6 });
    h.sim.faults.set({ errorRate: 0.1, status: 503, resetRate: 0.03, pathPattern: /^\/api\/v1\/cblr\// });
    const results = await collect(h.lr.runJobs(twoCommands, Array.from({ length: 30 }, (_, i) => (i % 15) + 1), { timeout: 30_000 }));
    h.sim.faults.clear();
    expect(results.filter((r) => !r.ok).map((r) => String((r as { error: unknown }).error))).toEqual([]);
    await h.lr.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
    expect(h.sim.liveResponse.stats.maxConcurrentSessions).toBeLessThanOrEqual(10);
  }, 60_000);

  it('close() also closes sessions opened with lrSession(), and refuses new work', async () => {
    h = await startSimHarness({ sensors: 2 });
    const s = await h.lr.lrSession(1);
    expect(h.sim.liveResponse.stats.openSessions).toBe(1);
    expect((await s.listProcesses()).length).toBeGreaterThan(0);
    await h.lr.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
    expect(() => h!.lr.submitJob(twoCommands, 1)).toThrow('Live Response is closed');
    await expect(s.listProcesses()).rejects.toThrow('is closed');
  });

  it('listSessions/closeSession clean up a session left by a crashed script', async () => {
    h = await startSimHarness({ sensors: 2 });
    await h.transport.post('/api/v1/cblr/session', { json: { sensor_id: 2 } }); // a "crashed script" left it
    const left = (await h.lr.listSessions({ activeOnly: true })).filter((x) => x.sensor_id === 2);
    expect(left).toHaveLength(1);
    await h.lr.closeSession(left[0]!.id);
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
  });

  it('lrSession reuses the pending or active session the server already has for the sensor', async () => {
    h = await startSimHarness({ sensors: 2, liveResponse: { sessionStartMs: 10 } });
    const left = await h.transport.post<{ id: number }>('/api/v1/cblr/session', { json: { sensor_id: 1 } });
    const s = await h.lr.lrSession(1);
    expect(s.sessionId).toBe(left.id);
    expect(h.sim.liveResponse.stats.sessionsCreated).toBe(1);
    expect(h.lr.stats.sessionsReused).toBe(1);
    expect((await s.listProcesses()).length).toBeGreaterThan(0);
    await s.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
  });

  it('Cb Defense adapter against the simulator: its own routes, upper-case statuses, PUT session to close', async () => {
    h = await startSimHarness({ sensors: 2, liveResponse: { sessionStartMs: 10, commandMs: 2 } });
    const { createTransport } = await import('@cbapi/core');
    const { createLiveResponse } = await import('../src/index.js');
    const credentials = { ...h.credentials, token: h.sim.tokens.defense };
    const transport = createTransport(credentials, { product: 'defense', maxRetries: 0 });
    const defense = createLiveResponse({ transport, credentials, adapter: 'defense', options: { keepaliveIntervalMs: 0 } });
    try {
      const procs = await defense.withLrSession(1, (s) => s.listProcesses());
      expect(procs.length).toBeGreaterThan(0);
      const value = await defense.submitJob(twoCommands, 2).result;
      expect(value).toMatch(/^2:\d+$/);
      const defenseRequests = h.sim.requests.filter((r) => r.path.startsWith('/integrationServices/v3/cblr/'));
      expect(defenseRequests.some((r) => r.method === 'POST' && r.path === '/integrationServices/v3/cblr/session/1')).toBe(true);
      expect(h.sim.requests.some((r) => r.path.startsWith('/api/v1/cblr'))).toBe(false);
    } finally {
      await defense.close();
      transport.close();
    }
    const closes = h.sim.requests.filter((r) => r.method === 'PUT' && r.path === '/integrationServices/v3/cblr/session');
    expect(closes.map((r) => (r.body as { status?: string }).status)).toEqual(['CLOSE', 'CLOSE']);
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
    expect(h.sim.liveResponse.stats.sessionsClosed).toBe(2);
  });

  it('an unknown sensor fails its jobs at once (not retried until the deadline)', async () => {
    h = await startSimHarness({ sensors: 2 });
    const err = await h.lr.submitJob(twoCommands, 999).result.catch((e: unknown) => e);
    expect((err as Error).name).toBe('ObjectNotFoundError');
  });

  it('rejects bad input with typed errors', async () => {
    h = await startSimHarness({ sensors: 1 });
    expect(() => h!.lr.submitJob(twoCommands, -1)).toThrow('sensorId must be a non-negative integer');
    expect(() => h!.lr.submitJob({ module: '' }, 1)).toThrow('job must be a function');
    expect(() => h!.lr.submitJob(twoCommands, 1, { timeout: 0 })).toThrow('timeout must be a positive number');
  });
});

describe('job runner, worker-thread module jobs (simulator)', () => {
  it("runs module jobs in workers over their own transport, bound to the main thread's session", async () => {
    h = await startSimHarness({ sensors: 4 }, { maxThreads: 2 });
    const job = { module: new URL('./jobs/read-hosts.ts', import.meta.url), args: {} };
    const results = await collect(h.lr.runJobs(job, [1, 2, 3, 4]));
    expect(results.filter((r) => !r.ok).map((r) => String((r as { error: unknown }).error))).toEqual([]);
    const values = results.map((r) => (r as { value: { sensorId: number; text: string; processes: number } }).value);
    expect(values.map((v) => v.sensorId).sort()).toEqual([1, 2, 3, 4]);
    for (const v of values) {
      expect(v.text).toContain('localhost');
      expect(v.processes).toBeGreaterThan(0);
    }
    await h.lr.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
    expect(h.sim.liveResponse.stats.sessionsCreated).toBe(4);
  }, 60_000);

  it('a crashing worker fails that job only and the pool recovers; a LiveResponseError from a worker keeps its class', async () => {
    h = await startSimHarness({ sensors: 5 }, { maxThreads: 2 });
    const crash = new URL('./jobs/crash.ts', import.meta.url);
    const dead = h.lr.submitJob({ module: crash, args: { crash: true } }, 1);
    const fine = [2, 3].map((id) => h!.lr.submitJob<number>({ module: crash, args: { crash: false } }, id));
    const missing = h.lr.submitJob({ module: new URL('./jobs/read-hosts.ts', import.meta.url), args: { path: 'C:\\nope.txt' } }, 4);
    await expect(dead.result).rejects.toThrow();
    expect(await Promise.all(fine.map((f) => f.result))).toEqual([2, 3]);
    const err = await missing.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LiveResponseError);
    await expect(h.lr.submitJob<number>({ module: crash, args: { crash: false } }, 5).result).resolves.toBe(5);
    await h.lr.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
  }, 60_000);

  it('jobs sharing a thread: a crash re-runs the others on threads of their own; only the crashing job fails', async () => {
    h = await startSimHarness({ sensors: 4, liveResponse: { commandMs: 20 } }, { maxThreads: 1, concurrentTasksPerWorker: 4 });
    const crash = new URL('./jobs/crash.ts', import.meta.url);
    const busy = new URL('./jobs/busy.ts', import.meta.url);
    const others = [2, 3, 4].map((id) => h!.lr.submitJob<number>({ module: busy, args: { rounds: 10 } }, id));
    const dead = h.lr.submitJob({ module: crash, args: { crash: true } }, 1);
    await expect(dead.result).rejects.toThrow();
    expect(await Promise.all(others.map((o) => o.result))).toEqual([2, 3, 4]);
    // They were mid-run when the thread died (1 + 3 × 10 commands otherwise): they ran again.
    expect(h.sim.liveResponse.stats.commands).toBeGreaterThan(31);
    await h.lr.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
  }, 60_000);

  it('cancelling a worker job on a shared thread stops its commands and leaves the thread to the others', async () => {
    h = await startSimHarness({ sensors: 2, liveResponse: { commandMs: 20 } }, { maxThreads: 1, concurrentTasksPerWorker: 2 });
    const busy = new URL('./jobs/busy.ts', import.meta.url);
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const endless = h.lr.submitJob<number>({ module: busy, args: { rounds: 0 } }, 1, { onProgress: (e) => e.type === 'started' && started() });
    const finite = h.lr.submitJob<number>({ module: busy, args: { rounds: 5 } }, 2);
    await running;
    while (h.sim.liveResponse.stats.commands < 2) await new Promise((r) => setTimeout(r, 10));
    endless.cancel(new Error('enough'));
    await expect(endless.result).rejects.toThrow('enough');
    await expect(finite.result).resolves.toBe(2);
    const commands = h.sim.liveResponse.stats.commands;
    await new Promise((r) => setTimeout(r, 150)); // the cancelled job sends no more commands
    expect(h.sim.liveResponse.stats.commands).toBe(commands);
    await h.lr.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
  }, 60_000);

  it('with one job per thread, a job stuck in CPU work is stopped at its deadline by ending its thread', async () => {
    h = await startSimHarness({ sensors: 2, liveResponse: { commandMs: 5 } }, { maxThreads: 1, concurrentTasksPerWorker: 1 });
    const stuck = h.lr.submitJob({ module: new URL('./jobs/spin.ts', import.meta.url), args: {} }, 1, { timeout: 1_500 });
    const error = await stuck.result.catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    await expect(h.lr.submitJob<number>({ module: new URL('./jobs/busy.ts', import.meta.url), args: { rounds: 1 } }, 2).result).resolves.toBe(2);
    await h.lr.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
  }, 60_000);

  it('a worker job past its deadline fails with TimeoutError', async () => {
    h = await startSimHarness({ sensors: 1, liveResponse: { commandMs: 20 } }, { maxThreads: 1 });
    const handle = h.lr.submitJob({ module: new URL('./jobs/busy.ts', import.meta.url), args: { rounds: 0 } }, 1, { timeout: 1_500 });
    const error = await handle.result.catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    await h.lr.close();
    expect(h.sim.liveResponse.stats.openSessions).toBe(0);
  }, 60_000);
});
