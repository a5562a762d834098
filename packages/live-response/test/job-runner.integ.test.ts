import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { LiveResponseError, TimeoutError, type JobProgressEvent, type JobResult } from '../src/index.js';
import { startHarness } from './helpers/harness.js';

// These tests talk to a real loopback server only. nock's interceptor wraps even loopback sockets,
// and a long poll aborted through it surfaces as an uncaught 'write ECANCELED': switch it off here
// (restore() disposes it, so a test file run after this one in the same worker installs its own).
beforeAll(() => nock.restore());

type Harness = Awaited<ReturnType<typeof startHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const HOSTS = 'c:\\windows\\system32\\drivers\\etc\\hosts';
const twoCommands = async (s: import('../src/index.js').LiveResponseSession): Promise<string> => {
  await s.listProcesses();
  return (await s.getFile(HOSTS)).toString();
};

async function collect<T>(it: AsyncIterable<JobResult<T>>): Promise<JobResult<T>[]> {
  const out: JobResult<T>[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe('job runner (in-process function jobs)', () => {
  it('runs a job, reuses one session for a sensor\'s consecutive jobs and closes it when the queue drains', async () => {
    h = await startHarness({ sessionStartMs: 20, commandMs: 5 });
    const events: JobProgressEvent['type'][] = [];
    const handles = [1, 2, 3].map(() => h!.lr.submitJob(twoCommands, 7, { onProgress: (e) => events.push(e.type) }));
    const values = await Promise.all(handles.map((x) => x.result));
    expect(values).toEqual(Array(3).fill('127.0.0.1 localhost # sensor 7'));
    expect(h.sim.stats.sessionsCreated).toBe(1);
    await h.lr.close();
    expect(h.sim.stats.openSessions).toBe(0);
    expect(events.filter((e) => e === 'queued')).toHaveLength(3);
    expect(events.filter((e) => e === 'done')).toHaveLength(3);
  });

  it('500 jobs over 100 sensors (10 offline): never more than 10 sessions, offline jobs time out, every session closed', async () => {
    const offline = Array.from({ length: 10 }, (_, i) => 1000 + i * 10);
    h = await startHarness({ sessionStartMs: 5, commandMs: 1, offlineSensors: offline, maxSessions: 10 }, { sessionStartTimeout: 1_000, sessionRetryDelayMs: 100 });
    const sensors = Array.from({ length: 100 }, (_, i) => 1000 + i);
    const ids = sensors.flatMap((s) => [s, s, s, s, s]);
    // Scheduling is what is measured here (commands are covered below): a job reads its session document.
    const job = async (s: import('../src/index.js').LiveResponseSession): Promise<string> => `${String(s.info['hostname'])}/${s.sessionId}`;
    const results = await collect(h.lr.runJobs(job, ids, { timeout: 10_000 }));
    expect(results).toHaveLength(500);
    const failed = results.filter((r) => !r.ok);
    expect(failed.filter((r) => !offline.includes(r.sensorId)).map((r) => String((r as { error: unknown }).error)).slice(0, 3)).toEqual([]);
    expect(new Set(failed.map((r) => r.sensorId))).toEqual(new Set(offline));
    expect(failed).toHaveLength(50);
    for (const r of failed) expect(TimeoutError.isInstance((r as { error: unknown }).error)).toBe(true);
    const ok = results.filter((r): r is { sensorId: number; ok: true; value: string } => r.ok);
    expect(ok).toHaveLength(450);
    for (const r of ok) expect(r.value.startsWith(`HOST-${r.sensorId}/`)).toBe(true);
    // one session per online sensor, reused for its 5 consecutive jobs
    for (const id of sensors.filter((x) => !offline.includes(x))) expect(new Set(ok.filter((r) => r.sensorId === id).map((r) => r.value)).size).toBe(1);
    expect(h.sim.stats.maxConcurrentSessions).toBeLessThanOrEqual(10);
    expect(h.sim.stats.refused).toBe(0);
    await h.lr.close();
    expect(h.sim.stats.openSessions).toBe(0);
    expect(h.lr.stats.openSessions).toBe(0);
  }, 60_000);

  it('cancellation mid-run: the iteration ends with the abort reason and no session stays open', async () => {
    h = await startHarness({ sessionStartMs: 10, commandMs: 5, maxSessions: 3 }, { maxSessions: 3 });
    const ac = new AbortController();
    const seen: JobResult<string>[] = [];
    const run = async (): Promise<void> => {
      for await (const r of h!.lr.runJobs(twoCommands, Array.from({ length: 40 }, (_, i) => i), { signal: ac.signal })) {
        seen.push(r);
        if (seen.length === 5) ac.abort(new Error('stop now'));
      }
    };
    await expect(run()).rejects.toThrow('stop now');
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.length).toBeLessThan(40);
    await h.lr.close();
    expect(h.lr.stats.pendingJobs).toBe(0);
    expect(h.sim.stats.openSessions).toBe(0);
  });

  it('cancel() removes a queued job; a job error fails that job only; LiveResponseError is not retried', async () => {
    h = await startHarness({}, { maxSessions: 1 });
    const first = h.lr.submitJob(twoCommands, 1);
    const queued = h.lr.submitJob(twoCommands, 2);
    const bad = h.lr.submitJob((s) => s.getFile('c:\\missing.txt'), 3);
    queued.cancel();
    await expect(queued.result).rejects.toMatchObject({ name: 'AbortError' });
    await expect(first.result).resolves.toContain('sensor 1');
    const err = await bad.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LiveResponseError);
    expect(err).toMatchObject({ decodedWin32Error: 'ERROR_FILE_NOT_FOUND' });
    expect(h.lr.stats.jobRetries).toBe(0);
  });

  it('re-establishes a session the server expired during a job and finishes it', async () => {
    h = await startHarness();
    const result = await h.lr.submitJob(async (s) => {
      const before = s.sessionId;
      await s.listProcesses();
      h!.sim.expireSession(Number(before));
      const text = (await s.getFile(HOSTS)).toString();
      return { before, after: s.sessionId, text };
    }, 5).result;
    expect(result.after).not.toBe(result.before);
    expect(result.text).toContain('sensor 5');
    expect(h.lr.stats.reconnects).toBe(1);
    await h.lr.close();
    expect(h.sim.stats.openSessions).toBe(0);
  });

  it('injected 503s and connection resets: jobs still complete (transport and job retries), sessions all closed', async () => {
    h = await startHarness({ commandMs: 2 }, { retries: 6 });
    h.sim.faults.set({ errorRate: 0.1, status: 503, resetRate: 0.03, pathPattern: /^\/api\/v1\/cblr\/session\/\d+\/(command|file)/ });
    const results = await collect(h.lr.runJobs(twoCommands, Array.from({ length: 30 }, (_, i) => i % 15), { timeout: 20_000 }));
    h.sim.faults.clear();
    expect(results.filter((r) => !r.ok)).toEqual([]);
    await h.lr.close();
    expect(h.sim.stats.openSessions).toBe(0);
    expect(h.sim.stats.maxConcurrentSessions).toBeLessThanOrEqual(10);
  });

  it('close() closes sessions opened with lrSession() too, and refuses new work', async () => {
    h = await startHarness();
    const s = await h.lr.lrSession(9);
    expect(h.sim.stats.openSessions).toBe(1);
    expect(await s.listProcesses()).toHaveLength(1);
    await h.lr.close();
    expect(h.sim.stats.openSessions).toBe(0);
    expect(() => h!.lr.submitJob(twoCommands, 1)).toThrow('Live Response is closed');
    await expect(s.listProcesses()).rejects.toThrow('is closed');
  });

  it('rejects bad input with typed errors', async () => {
    h = await startHarness();
    expect(() => h!.lr.submitJob(twoCommands, -1)).toThrow('sensorId must be a non-negative integer');
    expect(() => h!.lr.submitJob({ module: '' }, 1)).toThrow('job must be a function');
    expect(() => h!.lr.submitJob(twoCommands, 1, { timeout: 0 })).toThrow('timeout must be a positive number');
  });
});

describe('job runner (worker-thread module jobs)', () => {
  it('runs module jobs in workers over their own transport, bound to the main thread\'s session', async () => {
    h = await startHarness({}, { maxThreads: 2 });
    const job = { module: new URL('./jobs/read-hosts.ts', import.meta.url), args: { path: HOSTS } };
    const results = await collect(h.lr.runJobs(job, [1, 2, 3, 4]));
    expect(results.every((r) => r.ok)).toBe(true);
    const values = results.map((r) => (r as { value: { sensorId: number; text: string; processes: number } }).value);
    expect(values.map((v) => v.sensorId).sort()).toEqual([1, 2, 3, 4]);
    for (const v of values) expect(v.text).toBe(`127.0.0.1 localhost # sensor ${v.sensorId}`);
    await h.lr.close();
    expect(h.sim.stats.openSessions).toBe(0);
    expect(h.sim.stats.sessionsCreated).toBe(4);
  });

  it('a crashing worker fails that job only; a LiveResponseError from a worker keeps its class and code', async () => {
    h = await startHarness({}, { maxThreads: 2 });
    const crash = new URL('./jobs/crash.ts', import.meta.url);
    const dead = h.lr.submitJob({ module: crash, args: { crash: true } }, 1);
    const fine = [2, 3].map((id) => h!.lr.submitJob<number>({ module: crash, args: { crash: false } }, id));
    const missing = h.lr.submitJob({ module: new URL('./jobs/read-hosts.ts', import.meta.url), args: { path: 'c:\\nope.txt' } }, 4);
    await expect(dead.result).rejects.toThrow();
    expect(await Promise.all(fine.map((f) => f.result))).toEqual([2, 3]);
    const err = await missing.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LiveResponseError);
    expect(err).toMatchObject({ decodedWin32Error: 'ERROR_FILE_NOT_FOUND' });
    // the pool recovered: another module job runs
    await expect(h.lr.submitJob<number>({ module: crash, args: { crash: false } }, 5).result).resolves.toBe(5);
    await h.lr.close();
    expect(h.sim.stats.openSessions).toBe(0);
  });
});
