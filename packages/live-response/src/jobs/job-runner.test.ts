import type { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { LiveResponseError, ObjectNotFoundError, ServerError, type HttpMethod, type RequestOptions, type Transport, type TransportResponse } from '@cbapi/core';
import { responseAdapter } from '../adapters/response-adapter.js';
import { SessionManager } from '../session/session-manager.js';
import { JobRunner, type ModuleJobExecutor } from './job-runner.js';
import type { JobProgressEvent } from './job-types.js';

/**
 * An in-memory Cb Response Live Response server behind the Transport interface (the scheduler's
 * logic, without HTTP): sessions turn active at once unless the sensor is offline; commands
 * complete at once.
 */
class FakeTransport implements Transport {
  readonly baseUrl = 'https://fake.test';
  readonly stats = { requests: 0, retries: 0 };
  readonly sessions = new Map<number, { id: number; sensor_id: number; status: string }>();
  readonly log: string[] = [];
  open = 0;
  maxOpen = 0;
  private nextId = 1;
  constructor(readonly offline: Set<number> = new Set(), readonly failCreate: Map<number, unknown> = new Map()) {}

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<TransportResponse<T>> {
    this.stats.requests++;
    await new Promise((r) => setImmediate(r));
    if (options.signal?.aborted) throw options.signal.reason;
    const body = options.json as Record<string, unknown> | undefined;
    let m: RegExpExecArray | null;
    const reply = (b: unknown): TransportResponse<T> => ({ status: 200, headers: {}, body: b as T });
    if (path === '/api/v1/cblr/session' && method === 'GET') return reply([...this.sessions.values()].filter((s) => s.status === 'active' || s.status === 'pending'));
    if (path === '/api/v1/cblr/session' && method === 'POST') {
      const sensor = Number(body?.['sensor_id']);
      const failure = this.failCreate.get(sensor);
      if (failure) throw failure;
      const s = { id: this.nextId++, sensor_id: sensor, status: this.offline.has(sensor) ? 'pending' : 'active' };
      this.sessions.set(s.id, s);
      this.open++;
      this.maxOpen = Math.max(this.maxOpen, this.open);
      this.log.push(`open ${sensor}`);
      return reply({ ...s });
    }
    if ((m = /^\/api\/v1\/cblr\/session\/(\d+)$/.exec(path))) {
      const s = this.sessions.get(Number(m[1]));
      if (!s) throw new ObjectNotFoundError(`Session ${m[1]} not found`, { serverMessage: `Session ${m[1]} not found` });
      if (method === 'PUT' && body?.['status'] === 'close' && s.status !== 'close') {
        s.status = 'close';
        this.open--;
        this.log.push(`close ${s.sensor_id}`);
      }
      if (method === 'GET' && options.searchParams && s.status === 'pending') await new Promise((r) => setTimeout(r, 5));
      return reply({ ...s });
    }
    if ((m = /^\/api\/v1\/cblr\/session\/(\d+)\/command(?:\/(\d+))?$/.exec(path))) {
      const s = this.sessions.get(Number(m[1]));
      if (!s || s.status !== 'active') throw new ObjectNotFoundError(`Session ${m[1]} not found`, { serverMessage: `Session ${m[1]} not found` });
      return reply({ id: Number(m[2] ?? 1), session_id: s.id, name: 'process list', status: 'complete', processes: [{ pid: s.sensor_id }] });
    }
    throw new Error(`unexpected ${method} ${path}`);
  }
  async get<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('GET', path, o)).body; }
  async post<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('POST', path, o)).body; }
  async put<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('PUT', path, o)).body; }
  async patch<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('PATCH', path, o)).body; }
  async delete<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('DELETE', path, o)).body; }
  stream(): Promise<Readable> { return Promise.reject(new Error('no streams here')); }
  close(): void {}
}

function setup(options: { offline?: number[]; failCreate?: Map<number, unknown>; executor?: ModuleJobExecutor; maxSessions?: number; maxJobsPerTurn?: number; retries?: number; jobsPerSession?: number } = {}) {
  const transport = new FakeTransport(new Set(options.offline ?? []), options.failCreate);
  const manager = new SessionManager(transport, responseAdapter, { keepaliveIntervalMs: 0, sessionStartTimeout: 30 });
  const executor: ModuleJobExecutor = options.executor ?? (() => Promise.reject(new Error('no module jobs in this test')));
  const runner = new JobRunner(manager, executor, {
    maxSessions: options.maxSessions ?? 2, retryDelayMs: 1, sessionRetryDelayMs: 5, sessionStartTimeout: 30,
    maxJobsPerTurn: options.maxJobsPerTurn, retries: options.retries, jobsPerSession: options.jobsPerSession,
  });
  return { transport, manager, runner };
}

const pids = async (s: import('../session/live-response-session.js').LiveResponseSession): Promise<number> => (await s.listProcesses())[0]?.pid ?? -1;

describe('JobRunner scheduling', () => {
  it('keeps within the session budget, one session per sensor for its consecutive jobs, all closed when drained', async () => {
    const { transport, manager, runner } = setup({ maxSessions: 2 });
    const handles = [1, 1, 2, 3, 3, 3, 4].map((id) => runner.submit(pids, id));
    expect(await Promise.all(handles.map((h) => h.result))).toEqual([1, 1, 2, 3, 3, 3, 4]);
    await runner.whenQuiet();
    expect(transport.maxOpen).toBe(2);
    expect(transport.log.filter((l) => l.startsWith('open'))).toEqual(['open 1', 'open 2', 'open 3', 'open 4']);
    expect(transport.open).toBe(0);
    expect(manager.stats.openSessions).toBe(0);
  });

  it('serves sensors in arrival order and lets a sensor with a long queue yield its slot after maxJobsPerTurn', async () => {
    const { transport, runner } = setup({ maxSessions: 1, maxJobsPerTurn: 2 });
    const handles = [1, 1, 1, 1, 2, 3].map((id) => runner.submit(pids, id));
    await Promise.all(handles.map((h) => h.result));
    await runner.whenQuiet();
    expect(transport.log).toEqual(['open 1', 'close 1', 'open 2', 'close 2', 'open 3', 'close 3', 'open 1', 'close 1']);
  });

  it('an offline sensor gives its slot back and does not block the others; its jobs time out', async () => {
    const { transport, runner } = setup({ maxSessions: 1, offline: [9] });
    const off = runner.submit(pids, 9, { timeout: 300 });
    const on = [1, 2, 3].map((id) => runner.submit(pids, id));
    expect(await Promise.all(on.map((h) => h.result))).toEqual([1, 2, 3]);
    await expect(off.result).rejects.toMatchObject({ name: 'TimeoutError' });
    await runner.whenQuiet();
    expect(transport.open).toBe(0);
    expect(transport.maxOpen).toBe(1);
  });

  it('retries transient server errors with backoff but never a LiveResponseError; reports progress', async () => {
    const { runner } = setup();
    let calls = 0;
    const events: JobProgressEvent['type'][] = [];
    const flaky = runner.submit(async () => {
      if (++calls < 3) throw new ServerError('Server returned 503', { status: 503, isRetryable: true });
      return 'ok';
    }, 1, { onProgress: (e) => events.push(e.type) });
    await expect(flaky.result).resolves.toBe('ok');
    expect(events).toEqual(['queued', 'started', 'retrying', 'started', 'retrying', 'started', 'done']);
    let lrCalls = 0;
    const endpointError = runner.submit(async () => {
      lrCalls++;
      throw new LiveResponseError({ status: 'error', result_type: 'WinHresult', result_code: 0x80070005 });
    }, 2);
    await expect(endpointError.result).rejects.toMatchObject({ decodedWin32Error: 'ERROR_ACCESS_DENIED' });
    expect(lrCalls).toBe(1);
    let exhausted = 0;
    const never = runner.submit(async () => {
      exhausted++;
      throw new ServerError('Server returned 500', { status: 500 });
    }, 3);
    await expect(never.result).rejects.toMatchObject({ status: 500 });
    expect(exhausted).toBe(3); // first run + 2 retries (default)
  });

  it('a module job whose session expired: the main thread re-establishes the session and runs it again', async () => {
    let runs = 0;
    const seen: (number | string)[] = [];
    const executor: ModuleJobExecutor = async (_job, channel) => {
      runs++;
      seen.push(channel.sessionId);
      if (runs === 1) throw new ObjectNotFoundError('Session 1 not found', { serverMessage: 'Session 1 not found' });
      return 'second run';
    };
    const { transport, manager, runner } = setup({ executor });
    await expect(runner.submit({ module: 'file:///job.js' }, 5).result).resolves.toBe('second run');
    expect(seen).toEqual([1, 2]);
    await runner.whenQuiet();
    expect(transport.open).toBe(1); // the server still counts session 1 (it "expired" only in the executor's story)
    expect(manager.stats.openSessions).toBe(0);
    expect(manager.stats.reconnects).toBe(1);
  });

  it('a sensor the server does not know fails its jobs at once; stop(abort) fails the queue', async () => {
    const failCreate = new Map<number, unknown>([[404, new ObjectNotFoundError('Sensor 404 not found', { serverMessage: 'Sensor 404 not found' })]]);
    const { runner } = setup({ failCreate, maxSessions: 1 });
    await expect(runner.submit(pids, 404).result).rejects.toMatchObject({ name: 'ObjectNotFoundError' });
    const a = runner.submit(async () => new Promise(() => undefined), 1);
    const b = runner.submit(pids, 2);
    runner.stop(true, new Error('shutting down'));
    await expect(a.result).rejects.toThrow('shutting down');
    await expect(b.result).rejects.toThrow('shutting down');
    expect(() => runner.submit(pids, 3)).toThrow('closed');
    await runner.whenQuiet();
  });

  it('jobsPerSession: 1 runs a sensor\'s jobs strictly in turn; 2 overlaps them on the same session', async () => {
    for (const [perSession, expected] of [[1, 1], [2, 2]] as const) {
      const { transport, runner } = setup({ jobsPerSession: perSession });
      let running = 0;
      let peak = 0;
      const order: number[] = [];
      const job = (n: number) => async (s: import('../session/live-response-session.js').LiveResponseSession): Promise<number> => {
        running++;
        peak = Math.max(peak, running);
        await s.listProcesses();
        await new Promise((r) => setTimeout(r, 5));
        running--;
        order.push(n);
        return n;
      };
      const handles = [1, 2, 3, 4].map((n) => runner.submit(job(n), 7));
      expect(await Promise.all(handles.map((h) => h.result))).toEqual([1, 2, 3, 4]);
      expect(peak).toBe(expected);
      if (perSession === 1) expect(order).toEqual([1, 2, 3, 4]);
      await runner.whenQuiet();
      expect(transport.log).toEqual(['open 7', 'close 7']);
    }
  });

  it('a job submitted with an aborted signal fails at once and opens no session; a timed-out queued job leaves the queue', async () => {
    const { transport, runner } = setup({ maxSessions: 1, offline: [8] });
    const ac = new AbortController();
    ac.abort(new Error('too late'));
    await expect(runner.submit(pids, 1, { signal: ac.signal }).result).rejects.toThrow('too late');
    const blocker = runner.submit(pids, 8, { timeout: 100 });
    const starved = runner.submit(pids, 2, { timeout: 20 });
    await expect(starved.result).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(blocker.result).rejects.toMatchObject({ name: 'TimeoutError' });
    await runner.whenQuiet();
    expect(transport.log.filter((l) => l.startsWith('open')).every((l) => l === 'open 8')).toBe(true);
    expect(runner.pendingJobs).toBe(0);
  });

  it('cancel() of a running in-process job aborts its signal', async () => {
    const { runner } = setup();
    let aborted = false;
    let started!: () => void;
    const running = new Promise<void>((resolve) => { started = resolve; });
    const h = runner.submit(async (_s, ctx) => new Promise((_r, reject) => {
      ctx.signal.addEventListener('abort', () => {
        aborted = true;
        reject(ctx.signal.reason);
      });
      started();
    }), 1, { timeout: 5_000 });
    await running;
    h.cancel(new Error('not needed'));
    await expect(h.result).rejects.toThrow('not needed');
    expect(aborted).toBe(true);
    await runner.whenQuiet();
  });
});
