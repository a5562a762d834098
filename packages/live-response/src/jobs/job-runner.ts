import { ApiError, InvalidObjectError, LiveResponseError, TimeoutError, type Logger } from '@cbapi/core';
import { abortReason, checkCount, checkDuration, raceSignal, sleep } from '../internal/abort.js';
import { isSessionGone, isTransient } from '../internal/error-kinds.js';
import { LiveResponseSession } from '../session/live-response-session.js';
import type { SessionChannel } from '../session/session-channel.js';
import type { SessionManager } from '../session/session-manager.js';
import type { Job, JobHandle, JobProgressEvent, ModuleJob, SubmitJobOptions } from './job-types.js';

/** Runs a module job on a session the main thread opened. @internal */
export type ModuleJobExecutor = (job: ModuleJob, channel: SessionChannel, signal: AbortSignal) => Promise<unknown>;

/** Scheduler options (ms). @public */
export interface JobRunnerOptions {
  /** Server sessions open at once (pending ones included). @defaultValue 10 */
  maxSessions?: number;
  /** Default per-job deadline, from submission to result. @defaultValue 300_000 */
  jobTimeout?: number;
  /** Retries of a job after a transient server error (5xx, 429, reset). @defaultValue 2 */
  retries?: number;
  /** First retry delay; doubles each retry, with jitter. @defaultValue 200 */
  retryDelayMs?: number;
  /** How long a sensor waits before it may try again after its session did not start; doubles with each failure in a row (at most 30 s). @defaultValue 1_000 */
  sessionRetryDelayMs?: number;
  /** How long a session may stay pending before its slot is given back. @defaultValue 30_000 */
  sessionStartTimeout?: number;
  /** Jobs a sensor runs in one turn before it hands its slot to a waiting sensor (its session is closed and reopened later). @defaultValue 32 */
  maxJobsPerTurn?: number;
  /**
   * Jobs of one sensor run at once on its session. 1 keeps a sensor's jobs strictly one after
   * another (in submission order); 2 or more pipeline commands (the endpoint still runs them in
   * turn) and hide the round trips between them. @defaultValue 1
   */
  jobsPerSession?: number;
  logger?: Logger;
}

interface JobRecord {
  id: number;
  sensorId: number;
  job: Job;
  attempt: number;
  deadline: number;
  controller: AbortController;
  settled: boolean;
  running: boolean;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout | undefined;
  onProgress: ((e: JobProgressEvent) => void) | undefined;
  cleanup: () => void;
}

interface SensorState {
  sensorId: number;
  jobs: JobRecord[];
  /** `idle` (waiting for a slot), `starting` (session being established), `running`. */
  state: 'idle' | 'starting' | 'running';
  notBefore: number;
  /** Session attempts in a row that did not become active (backoff grows with it). */
  failures: number;
  acquireAbort: AbortController | undefined;
  inRing: boolean;
}

/**
 * The Live Response job scheduler (main thread): a FIFO per sensor, a server-wide session budget,
 * one session per sensor reused for its consecutive jobs and closed when its queue drains, sensors
 * served in turn, deadlines, retries and progress.
 * @internal
 */
export class JobRunner {
  private nextId = 1;
  private readonly sensors = new Map<number, SensorState>();
  private ring: SensorState[] = [];
  private slotsUsed = 0;
  private pending = 0;
  private closing = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private readonly idle: (() => void)[] = [];
  private readonly quiet: (() => void)[] = [];
  readonly counters = { jobsSubmitted: 0, jobsDone: 0, jobsFailed: 0, jobRetries: 0 };
  private readonly maxSessions: number;
  private readonly jobTimeout: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly sessionRetryDelayMs: number;
  private readonly sessionStartTimeout: number;
  private readonly maxJobsPerTurn: number;
  private readonly jobsPerSession: number;

  constructor(
    private readonly manager: SessionManager,
    private readonly executeModule: ModuleJobExecutor,
    private readonly options: JobRunnerOptions = {},
  ) {
    this.maxSessions = options.maxSessions ?? 10;
    if (!Number.isInteger(this.maxSessions) || this.maxSessions < 1) throw new InvalidObjectError(`maxSessions must be an integer ≥ 1, got ${String(options.maxSessions)}`);
    this.jobTimeout = checkDuration('jobTimeout', options.jobTimeout, 300_000);
    this.retries = checkCount('retries', options.retries, 2, 0);
    this.retryDelayMs = checkDuration('retryDelayMs', options.retryDelayMs, 200);
    this.sessionRetryDelayMs = checkDuration('sessionRetryDelayMs', options.sessionRetryDelayMs, 1_000);
    this.sessionStartTimeout = checkDuration('sessionStartTimeout', options.sessionStartTimeout, 30_000);
    this.maxJobsPerTurn = checkCount('maxJobsPerTurn', options.maxJobsPerTurn, 32, 1);
    this.jobsPerSession = options.jobsPerSession ?? 1;
    if (!Number.isInteger(this.jobsPerSession) || this.jobsPerSession < 1) throw new InvalidObjectError(`jobsPerSession must be an integer ≥ 1, got ${String(options.jobsPerSession)}`);
  }

  /** Jobs queued or running. */
  get pendingJobs(): number {
    return this.pending;
  }

  /** Validates and queues a job. */
  submit<T>(job: Job<T>, sensorId: number, options: SubmitJobOptions = {}): JobHandle<T> {
    if (this.closing) throw new ApiError('The Live Response job runner is closed');
    if (!Number.isInteger(sensorId) || sensorId < 0) throw new InvalidObjectError(`submitJob: sensorId must be a non-negative integer, got ${String(sensorId)}`);
    if (typeof job !== 'function') {
      const m = (job as ModuleJob | null)?.module;
      if (!(m instanceof URL || (typeof m === 'string' && m.length > 0))) {
        throw new InvalidObjectError('submitJob: job must be a function (session) => Promise<T> or { module: URL | string, args }');
      }
    }
    const timeout = options.timeout ?? this.jobTimeout;
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) throw new InvalidObjectError(`submitJob: timeout must be a positive number of ms, got ${String(timeout)}`);
    const id = this.nextId++;
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const result = new Promise<T>((res, rej) => {
      resolve = res as (v: unknown) => void;
      reject = rej;
    });
    result.catch(() => undefined); // unobserved handles must not crash the process
    const rec: JobRecord = {
      id, sensorId, job: job as Job, attempt: 1, deadline: Date.now() + timeout, controller: new AbortController(),
      settled: false, running: false, resolve, reject, timer: undefined, onProgress: options.onProgress, cleanup: () => undefined,
    };
    rec.timer = setTimeout(() => this.fail(rec, new TimeoutError(`Live Response job ${id} for sensor ${sensorId} did not finish within ${timeout} ms`, { timeoutMs: timeout })), timeout);
    rec.timer.unref();
    if (options.signal) {
      const sig = options.signal;
      if (sig.aborted) {
        rec.cleanup = () => undefined;
      } else {
        const onAbort = (): void => this.fail(rec, abortReason(sig));
        sig.addEventListener('abort', onAbort, { once: true });
        rec.cleanup = () => sig.removeEventListener('abort', onAbort);
      }
    }
    this.pending++;
    this.counters.jobsSubmitted++;
    let s = this.sensors.get(sensorId);
    if (!s) {
      s = { sensorId, jobs: [], state: 'idle', notBefore: 0, failures: 0, acquireAbort: undefined, inRing: false };
      this.sensors.set(sensorId, s);
    }
    s.jobs.push(rec);
    this.emit(rec, 'queued');
    if (options.signal?.aborted) this.fail(rec, abortReason(options.signal)); // never starts
    if (s.state === 'idle' && !s.inRing) {
      s.inRing = true;
      this.ring.push(s);
    }
    this.pump();
    const cancel = (reason?: unknown): void => {
      if (!rec.settled) this.fail(rec, reason ?? new DOMException(`Live Response job ${id} was cancelled`, 'AbortError'));
    };
    return { id, sensorId, result, cancel };
  }

  private emit(rec: JobRecord, type: JobProgressEvent['type'], error?: unknown): void {
    if (!rec.onProgress) return;
    try {
      rec.onProgress({ type, jobId: rec.id, sensorId: rec.sensorId, attempt: rec.attempt, error, pending: this.pending });
    } catch (e) {
      this.options.logger?.warn(`onProgress threw: ${String((e as Error)?.message ?? e)}`);
    }
  }

  private finish(rec: JobRecord): boolean {
    if (rec.settled) return false;
    rec.settled = true;
    if (rec.timer) clearTimeout(rec.timer);
    rec.cleanup();
    this.pending--;
    const s = this.sensors.get(rec.sensorId);
    if (s) {
      const i = s.jobs.indexOf(rec);
      if (i >= 0) s.jobs.splice(i, 1);
      if (s.jobs.length === 0 && s.state === 'starting') s.acquireAbort?.abort(new DOMException('no jobs left for this sensor', 'AbortError'));
    }
    if (this.pending === 0) for (const f of this.idle.splice(0)) f();
    return true;
  }

  private succeed(rec: JobRecord, value: unknown): void {
    if (!this.finish(rec)) return;
    this.counters.jobsDone++;
    rec.resolve(value);
    this.emit(rec, 'done');
  }

  private fail(rec: JobRecord, error: unknown): void {
    if (!this.finish(rec)) return;
    rec.controller.abort(error);
    this.counters.jobsFailed++;
    rec.reject(error);
    this.emit(rec, 'failed', error);
  }

  /** Hands free slots to waiting sensors, in turn. */
  private pump(): void {
    if (this.slotsUsed >= this.maxSessions) return; // a slot's release pumps again
    const now = Date.now();
    let i = 0;
    while (i < this.ring.length && this.slotsUsed < this.maxSessions) {
      const s = this.ring[i] as SensorState;
      if (s.jobs.length === 0) {
        this.ring.splice(i, 1);
        s.inRing = false;
        this.forget(s);
      } else if (s.notBefore > now) {
        i++; // backing off: stays in its place
      } else {
        this.ring.splice(i, 1);
        s.inRing = false;
        void this.serve(s);
      }
    }
    if (this.slotsUsed >= this.maxSessions) return;
    // Free slots, and only sensors backing off wait: wake up when the first may try again.
    let wakeAt = Infinity;
    for (const s of this.ring) if (s.jobs.length > 0) wakeAt = Math.min(wakeAt, s.notBefore);
    if (wakeAt < Infinity) {
      if (this.wakeTimer) clearTimeout(this.wakeTimer);
      this.wakeTimer = setTimeout(() => {
        this.wakeTimer = undefined;
        this.pump();
      }, Math.max(1, wakeAt - now));
      this.wakeTimer.unref();
    }
  }

  private forget(s: SensorState): void {
    if (s.jobs.length === 0 && s.state === 'idle' && !s.inRing) this.sensors.delete(s.sensorId);
  }

  private requeue(s: SensorState): void {
    s.state = 'idle';
    if (s.jobs.length > 0 && !s.inRing) {
      s.inRing = true;
      this.ring.push(s);
    } else {
      this.forget(s);
    }
  }

  /** Opens a session for the sensor, runs its queued jobs on it one after another, closes it. */
  private async serve(s: SensorState): Promise<void> {
    this.slotsUsed++;
    s.state = 'starting';
    const acquireAbort = new AbortController();
    s.acquireAbort = acquireAbort;
    let channel: SessionChannel | undefined;
    try {
      if (s.jobs.length === 0) return;
      const latest = Math.max(...s.jobs.map((j) => j.deadline)) - Date.now();
      const timeout = Math.max(1, Math.min(this.sessionStartTimeout, latest));
      try {
        channel = await this.manager.acquire(s.sensorId, { signal: acquireAbort.signal, timeout });
      } catch (e) {
        if (acquireAbort.signal.aborted) return; // every job for the sensor went away while waiting
        if (LiveResponseError.isInstance(e) || !(TimeoutError.isInstance(e) || isTransient(e))) {
          // The sensor cannot do Live Response (session error, unknown sensor, unauthorized): fail its jobs.
          for (const rec of [...s.jobs]) this.fail(rec, e);
          return;
        }
        // Not active in time (offline sensor) or a hiccup: give the slot back, try again later, after the others.
        this.options.logger?.debug(`sensor ${s.sensorId}: session not established (${String((e as Error).message)}${(e as Error).cause ? `: ${String(((e as Error).cause as Error).message ?? (e as Error).cause)}` : ''}); retrying later`);
        s.failures++;
        s.notBefore = Date.now() + Math.min(this.sessionRetryDelayMs * 2 ** (s.failures - 1), 30_000);
        return;
      } finally {
        s.acquireAbort = undefined;
      }
      s.state = 'running';
      s.failures = 0;
      let started = 0;
      const open = channel;
      const lane = async (): Promise<void> => {
        while (!open.closed) {
          const now = Date.now();
          if (started >= this.maxJobsPerTurn && this.ring.some((o) => o.jobs.length > 0 && o.notBefore <= now)) return; // others wait: yield the slot
          const rec = s.jobs.find((j) => !j.running);
          if (!rec) return;
          rec.running = true;
          started++;
          await this.runOne(rec, open); // always settles the job (finish() removes it from the queue)
        }
      };
      await Promise.all(Array.from({ length: this.jobsPerSession }, lane));
    } finally {
      if (channel) await this.manager.release(channel);
      this.slotsUsed--;
      this.requeue(s);
      this.pump();
      if (this.slotsUsed === 0) for (const f of this.quiet.splice(0)) f();
    }
  }

  private async runOne(rec: JobRecord, channel: SessionChannel): Promise<void> {
    let usedSession: number | string = channel.sessionId;
    for (;;) {
      if (rec.settled) return;
      this.emit(rec, 'started');
      const signal = rec.controller.signal;
      try {
        let value: unknown;
        usedSession = channel.sessionId;
        if (typeof rec.job === 'function') {
          const session = new LiveResponseSession(channel, async () => undefined).withSignal(signal);
          value = await raceSignal(rec.job(session, { sensorId: rec.sensorId, signal, attempt: rec.attempt }), signal);
        } else {
          value = await this.executeModule(rec.job, channel, signal);
        }
        this.succeed(rec, value);
        return;
      } catch (e) {
        if (rec.settled) return;
        if (signal.aborted) {
          this.fail(rec, abortReason(signal));
          return;
        }
        const sessionGone = isSessionGone(e) && typeof rec.job !== 'function';
        const retryable = !LiveResponseError.isInstance(e) && (isTransient(e) || sessionGone);
        if (!retryable || rec.attempt > this.retries) {
          this.fail(rec, e);
          return;
        }
        rec.attempt++;
        this.counters.jobRetries++;
        this.emit(rec, 'retrying', e);
        if (sessionGone) {
          // A worker's session expired: the main thread re-establishes it, then the job runs again.
          try {
            await channel.renew(signal, usedSession);
          } catch (err) {
            this.fail(rec, err);
            return;
          }
        } else {
          const delay = this.retryDelayMs * 2 ** (rec.attempt - 2) * (0.5 + Math.random() / 2);
          try {
            await sleep(delay, signal);
          } catch {
            this.fail(rec, abortReason(signal));
            return;
          }
        }
      }
    }
  }

  /** Resolves when no job is queued or running. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  /** Resolves when no sensor holds or is getting a session (every serve loop has finished its clean-up). */
  whenQuiet(): Promise<void> {
    if (this.slotsUsed === 0) return Promise.resolve();
    return new Promise((r) => this.quiet.push(r));
  }

  /** Stops accepting jobs; `abort` fails every queued and running job with `reason`. */
  stop(abort: boolean, reason?: unknown): void {
    this.closing = true;
    if (!abort) return;
    for (const s of this.sensors.values()) for (const rec of [...s.jobs]) this.fail(rec, reason ?? new ApiError('The Live Response job runner was closed'));
  }

  /** Frees timers. */
  dispose(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }
}
