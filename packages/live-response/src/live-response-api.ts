import { ApiError, InvalidObjectError, type Credentials, type Logger, type Transport } from '@cbapi/core';
import { defenseAdapter } from './adapters/defense-adapter.js';
import type { LiveResponseAdapter, SessionInfo } from './adapters/live-response-adapter.js';
import { responseAdapter } from './adapters/response-adapter.js';
import { sleep } from './internal/abort.js';
import { JobRunner, type JobRunnerOptions } from './jobs/job-runner.js';
import type { Job, JobHandle, JobResult, RunJobsOptions, SubmitJobOptions } from './jobs/job-types.js';
import { WorkerPool, type WorkerPoolOptions } from './jobs/worker-pool.js';
import type { LiveResponseSession } from './session/live-response-session.js';
import { SessionManager, type SessionStats } from './session/session-manager.js';

/** Options of the Live Response API (all durations ms). @public */
export interface LiveResponseOptions extends Omit<JobRunnerOptions, 'logger'>, WorkerPoolOptions {
  /** Keepalive period for sessions in use. @defaultValue 30_000 */
  keepaliveIntervalMs?: number;
  /** Reuse a pending or active session the server already has for a sensor (Response). @defaultValue true */
  reuseSessions?: boolean;
}

/** What a product API passes to `createLiveResponse`. @public */
export interface LiveResponseInit {
  /** The product API's transport (used on the main thread). */
  transport: Transport;
  /** The resolved credentials; module jobs build their own transport in each worker from them. */
  credentials?: Credentials;
  /** `'response'`, `'defense'` or your own adapter. */
  adapter: 'response' | 'defense' | LiveResponseAdapter;
  logger?: Logger;
  options?: LiveResponseOptions;
}

/** Counters for tests and benchmarks. @public */
export interface LiveResponseStats extends SessionStats {
  /** Jobs queued or running now. */
  pendingJobs: number;
  jobsSubmitted: number;
  jobsDone: number;
  jobsFailed: number;
  jobRetries: number;
}

/** `close()` options. @public */
export interface LiveResponseCloseOptions {
  /** `drain` lets queued and running jobs finish (bounded by `timeout`); `abort` fails them at once. @defaultValue 'drain' */
  mode?: 'drain' | 'abort';
  /** Longest drain before the rest is aborted. @defaultValue 300_000 */
  timeout?: number;
}

/**
 * Live Response for a product API (`cb.liveResponse`): sessions (`lrSession`, `withLrSession`),
 * the job runner (`submitJob`, `runJobs`) and session clean-up (`listSessions`, `closeSession`).
 *
 * @example
 * ```ts
 * const handle = cb.liveResponse.submitJob(async (s) => s.getRegistryValue(key), sensorId);
 * console.log(await handle.result);
 * for await (const r of cb.liveResponse.runJobs(job, sensorIds, { onProgress: console.log })) { ... }
 * await cb.liveResponse.close();
 * ```
 * @public
 */
export class LiveResponseAPI {
  /** The product adapter in use. */
  readonly adapter: LiveResponseAdapter;
  private readonly manager: SessionManager;
  private readonly runner: JobRunner;
  private readonly pool: WorkerPool;
  private closed: Promise<void> | undefined;

  constructor(init: LiveResponseInit) {
    if (!init || typeof init.transport?.get !== 'function') throw new ApiError('createLiveResponse: `transport` (a @cbapi/core Transport) is required');
    const adapter = init.adapter === 'response' ? responseAdapter : init.adapter === 'defense' ? defenseAdapter : init.adapter;
    if (!adapter || typeof adapter.createSession !== 'function') {
      throw new ApiError(`createLiveResponse: adapter must be 'response', 'defense' or a LiveResponseAdapter, got ${String(init.adapter)}`);
    }
    this.adapter = adapter;
    const o = init.options ?? {};
    this.manager = new SessionManager(init.transport, adapter, {
      sessionStartTimeout: o.sessionStartTimeout, keepaliveIntervalMs: o.keepaliveIntervalMs, reuseSessions: o.reuseSessions, logger: init.logger,
    });
    const maxSessions = o.maxSessions ?? 10;
    // Room for every job that can run at once, on as many threads as there are CPUs.
    this.pool = new WorkerPool(init.credentials, adapter.name, maxSessions * (o.jobsPerSession ?? 1), o);
    this.runner = new JobRunner(this.manager, (job, channel, signal) => this.pool.run(job, channel, signal), { ...o, logger: init.logger });
  }

  /** Session and job counters. */
  get stats(): LiveResponseStats {
    return { ...this.manager.stats, ...this.runner.counters, pendingJobs: this.runner.pendingJobs };
  }

  /**
   * Opens a session on a sensor (reusing a pending or active one the server has), waiting until it
   * is active. Close it with `close()` or `await using`.
   * @throws {@link TimeoutError} when the sensor does not come online within `timeout` (default 30 s).
   */
  lrSession(sensorId: number, options: { signal?: AbortSignal; timeout?: number } = {}): Promise<LiveResponseSession> {
    if (this.closed) return Promise.reject(new ApiError('Live Response is closed'));
    if (!Number.isInteger(sensorId) || sensorId < 0) return Promise.reject(new ApiError(`lrSession: sensorId must be a non-negative integer, got ${String(sensorId)}`));
    return this.manager.openSession(sensorId, options);
  }

  /** Runs `fn` with a session and always closes it. */
  async withLrSession<T>(sensorId: number, fn: (session: LiveResponseSession) => Promise<T>, options: { signal?: AbortSignal; timeout?: number } = {}): Promise<T> {
    const session = await this.lrSession(sensorId, options);
    try {
      return await fn(session);
    } finally {
      await session.close();
    }
  }

  /**
   * Queues a job for a sensor. The result settles with the job's value or error.
   * @throws {@link InvalidObjectError} for a bad job or sensor id (synchronously).
   */
  submitJob<T>(job: Job<T>, sensorId: number, options: SubmitJobOptions = {}): JobHandle<T> {
    if (this.closed) throw new ApiError('Live Response is closed');
    if (typeof job !== 'function' && job !== null && typeof job === 'object') this.pool.check();
    return this.runner.submit(job, sensorId, options);
  }

  /**
   * Runs one job on each sensor and yields `{ sensorId, ok, value | error }` as they complete.
   * Leaving the loop early (or aborting `signal`) cancels the jobs not yet done; an aborted
   * `signal` ends the iteration by throwing its reason.
   */
  async *runJobs<T>(job: Job<T>, sensorIds: Iterable<number>, options: RunJobsOptions = {}): AsyncGenerator<JobResult<T>, void, undefined> {
    const ready: JobResult<T>[] = [];
    let wake: (() => void) | undefined;
    const ids = [...sensorIds];
    const bad = ids.find((id) => !Number.isInteger(id) || id < 0);
    if (bad !== undefined) throw new InvalidObjectError(`runJobs: every sensorId must be a non-negative integer, got ${String(bad)}`);
    const { signal, ...perJob } = options;
    if (signal?.aborted) throw signal.reason;
    const handles: JobHandle<T>[] = [];
    try {
      for (const id of ids) handles.push(this.submitJob(job, id, perJob));
    } catch (e) {
      for (const h of handles) h.cancel(e);
      throw e;
    }
    // One listener for the whole batch (not one per job on the caller's signal).
    const onAbort = (): void => {
      for (const h of handles) h.cancel(signal?.reason);
      wake?.();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    for (const h of handles) {
      h.result.then(
        (value) => ready.push({ sensorId: h.sensorId, ok: true, value }),
        (error: unknown) => ready.push({ sensorId: h.sensorId, ok: false, error }),
      ).finally(() => wake?.());
    }
    let yielded = 0;
    try {
      while (yielded < handles.length) {
        if (ready.length === 0) await new Promise<void>((r) => (wake = r));
        wake = undefined;
        if (signal?.aborted) throw signal.reason;
        while (ready.length > 0) {
          if (signal?.aborted) throw signal.reason;
          yielded++;
          yield ready.shift() as JobResult<T>;
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      for (const h of handles) h.cancel(signal?.aborted ? signal.reason : undefined);
    }
  }

  /** The server's Live Response sessions (Response), e.g. to find ones left by crashed scripts. */
  listSessions(options: { activeOnly?: boolean; signal?: AbortSignal } = {}): Promise<SessionInfo[]> {
    return this.manager.listSessions(options);
  }

  /** Closes a session on the server by id. */
  closeSession(sessionId: number | string, options: { signal?: AbortSignal } = {}): Promise<void> {
    return this.manager.closeSession(sessionId, options);
  }

  /**
   * Stops accepting jobs, drains (or aborts) the queue, then ALWAYS closes every session this
   * object opened and stops the worker threads. Safe to call twice.
   */
  close(options: LiveResponseCloseOptions = {}): Promise<void> {
    this.closed ??= (async () => {
      try {
        if (options.mode === 'abort') {
          this.runner.stop(true, new ApiError('Live Response was closed'));
        } else {
          this.runner.stop(false);
          const drained = this.runner.whenIdle();
          const limit = sleep(options.timeout ?? 300_000).then(() => 'timeout' as const);
          if ((await Promise.race([drained.then(() => 'idle' as const), limit])) === 'timeout') this.runner.stop(true, new ApiError('Live Response was closed before its jobs finished'));
        }
        await this.runner.whenIdle();
        await this.runner.whenQuiet(); // sessions being opened or closed right now
      } finally {
        this.runner.dispose();
        await this.manager.closeAll();
        await this.pool.destroy();
      }
    })();
    return this.closed;
  }

  /** `await using lr = createLiveResponse(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close({ mode: 'abort' });
  }
}

/**
 * Builds the Live Response API a product exposes as `cb.liveResponse`. Sends nothing and starts no
 * thread until used.
 * @example
 * ```ts
 * const lr = createLiveResponse({ transport, credentials, adapter: 'response', options: { maxSessions: 10 } });
 * ```
 * @public
 */
export function createLiveResponse(init: LiveResponseInit): LiveResponseAPI {
  return new LiveResponseAPI(init);
}
