import type { LiveResponseSession } from '../session/live-response-session.js';

/** What an in-process job gets besides its session. @public */
export interface JobContext {
  sensorId: number;
  /** Aborted when the job is cancelled or runs out of time. */
  signal: AbortSignal;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
}

/** An in-process job: runs on the main thread with a session bound to its sensor. @public */
export type JobFunction<T = unknown> = (session: LiveResponseSession, context: JobContext) => Promise<T>;

/**
 * A job run in a worker thread: `module` default-exports (or exports as `job`, or as `exportName`)
 * `async (session, args) => result`; the result must be structured-clonable.
 * @public
 */
export interface ModuleJob<A = unknown> {
  module: URL | string;
  args?: A;
  /** The export to call. @defaultValue 'default' (then 'job') */
  exportName?: string;
}

/** A job: an in-process function or a worker-thread module job. @public */
export type Job<T = unknown> = JobFunction<T> | ModuleJob;

/** A progress event of `submitJob`/`runJobs`. @public */
export interface JobProgressEvent {
  type: 'queued' | 'started' | 'retrying' | 'done' | 'failed';
  jobId: number;
  sensorId: number;
  /** Which run this is (1 = first). */
  attempt: number;
  /** For `failed` and `retrying`. */
  error?: unknown;
  /** Jobs still queued or running in this runner. */
  pending: number;
}

/** Options of `submitJob` (ms). @public */
export interface SubmitJobOptions {
  /** Bounds the job from submission to result; a job for a sensor that never comes online fails with TimeoutError. @defaultValue the runner's `jobTimeout` (300_000) */
  timeout?: number;
  signal?: AbortSignal;
  onProgress?: (event: JobProgressEvent) => void;
}

/** Options of `runJobs` (ms). @public */
export type RunJobsOptions = SubmitJobOptions;

/** A submitted job. @public */
export interface JobHandle<T> {
  readonly id: number;
  readonly sensorId: number;
  /** Settles with the job's value, or its error (TimeoutError, LiveResponseError, the abort reason, ...). */
  readonly result: Promise<T>;
  /** Cancels the job: removed from the queue, or aborted while it runs (its commands stop; a worker job alone on its thread has the thread ended). */
  cancel(reason?: unknown): void;
}

/** One outcome of `runJobs`. @public */
export type JobResult<T> = { sensorId: number; ok: true; value: T } | { sensorId: number; ok: false; error: unknown };
