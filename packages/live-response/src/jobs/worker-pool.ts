import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ApiError, type Credentials, type TransportOptions } from '@cbapi/core';
import { abortReason, checkCount, checkDuration, raceSignal } from '../internal/abort.js';
import { deserializeError, serializeError, type SerializedError } from '../internal/error-kinds.js';
import type { SessionChannel } from '../session/session-channel.js';
import type { ModuleJob } from './job-types.js';

/** Worker pool options. @public */
export interface WorkerPoolOptions {
  /** Worker threads at most. @defaultValue the smaller of the CPU count and the jobs that can run at once (`maxSessions × jobsPerSession`) */
  maxThreads?: number;
  /** Worker threads kept warm. @defaultValue 1 */
  minThreads?: number;
  /**
   * Jobs one thread runs at once (their commands interleave while they wait on the server). When a
   * thread dies, each job that was on it runs again in a thread of its own; the one that dies again fails.
   * With 1, cancelling a job ends its thread (a job stuck in CPU work stops too).
   * @defaultValue enough for every job that can run at once: `ceil(maxSessions × jobsPerSession / maxThreads)`
   */
  concurrentTasksPerWorker?: number;
  /** Idle threads stop after this many ms. @defaultValue 30_000 */
  idleTimeout?: number;
  /** Override the worker entry (a JS module exporting `runModuleJob`, as dist/workers/job-worker.js does). */
  filename?: string | URL;
  /** Node options for the worker threads. */
  execArgv?: string[];
  /** A module exporting `createTransport(credentials, { product })`, used in each worker. @defaultValue '@cbapi/core' */
  workerTransportModule?: string | URL;
  /** Transport options for each worker's transport (functions such as `logger` and `hooks` cannot cross threads). */
  workerTransportOptions?: Omit<TransportOptions, 'logger' | 'hooks'>;
}

/** What crosses to the worker for one job. @internal */
export interface WorkerTask {
  module: string;
  args: unknown;
  exportName: string | undefined;
  sensorId: number;
  session: Record<string, unknown>;
  credentials: Credentials;
  adapter: string;
  transportModule: string;
  transportOptions: Omit<TransportOptions, 'logger' | 'hooks'>;
  /** Jobs sharing a thread are cancelled through this port (the abort reason, serialised); a job alone on its thread is cancelled by ending the thread. */
  abortPort?: MessagePort;
}

/** What comes back. @internal */
export type WorkerReply = { ok: true; value: unknown } | { ok: false; error: SerializedError };

function toHref(m: string | URL): string {
  if (m instanceof URL) return m.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(m) && !/^[a-z]:[\\/]/i.test(m)) return m; // file:, data:, node: URLs
  if (isAbsolute(m) || m.startsWith('.')) return pathToFileURL(resolve(m)).href;
  return m; // a bare package specifier
}

/**
 * The piscina pool that runs module jobs. Created on the first module job; `destroy()` stops
 * every thread. @internal
 */
export class WorkerPool {
  private pool: Piscina | undefined;
  /** Whether a thread runs several jobs (then a cancel goes through a port, not by ending the thread). */
  private shared = false;

  constructor(
    private readonly credentials: Credentials | undefined,
    private readonly adapterName: string,
    /** Jobs that can run at once (the default thread count). */
    private readonly maxConcurrentJobs: number,
    private readonly options: WorkerPoolOptions = {},
  ) {
    checkCount('maxThreads', options.maxThreads, 1, 1);
    checkCount('minThreads', options.minThreads, 1, 0);
    checkCount('concurrentTasksPerWorker', options.concurrentTasksPerWorker, 1, 1);
    checkDuration('idleTimeout', options.idleTimeout, 30_000);
  }

  private get(): Piscina {
    if (this.pool) return this.pool;
    // From source (tests) a JS entry registers tsx in the worker, then loads job-worker.ts.
    const fromSource = import.meta.url.endsWith('.ts');
    const filename = this.options.filename ?? new URL(fromSource ? '../workers/job-worker-source.mjs' : '../workers/job-worker.js', import.meta.url);
    const execArgv = this.options.execArgv ?? (fromSource && this.options.filename === undefined ? ['--conditions=@cbapi/source'] : []);
    // Threads beyond the CPUs only contend: jobs mostly wait on the server, so a few threads carry them all.
    const maxThreads = this.options.maxThreads ?? Math.min(this.maxConcurrentJobs, availableParallelism());
    this.pool = new Piscina({
      filename: filename instanceof URL ? filename.href : toHref(filename),
      execArgv,
      maxThreads,
      minThreads: Math.min(this.options.minThreads ?? 1, maxThreads),
      concurrentTasksPerWorker: this.options.concurrentTasksPerWorker ?? Math.ceil(this.maxConcurrentJobs / maxThreads),
      idleTimeout: this.options.idleTimeout ?? 30_000,
    });
    this.shared = this.pool.options.concurrentTasksPerWorker > 1;
    return this.pool;
  }

  /** Runs a module job in a worker against `channel`'s session. */
  /** Throws when module jobs cannot run here (no credentials, or a custom adapter). */
  check(): void {
    if (!this.credentials) throw new ApiError('Module jobs need credentials: pass `credentials` to createLiveResponse()');
    if (this.adapterName !== 'response' && this.adapterName !== 'defense') {
      throw new ApiError(`Module jobs need a built-in adapter ('response' or 'defense'), not '${this.adapterName}'`);
    }
  }

  /**
   * Runs a module job in a worker against `channel`'s session. It shares a thread with other jobs;
   * if that thread dies under it, it runs once more on a thread of its own (where a second death is its own).
   */
  async run(job: ModuleJob, channel: SessionChannel, signal: AbortSignal): Promise<unknown> {
    this.check();
    const credentials = this.credentials as Credentials;
    const task: WorkerTask = {
      module: toHref(job.module),
      args: job.args,
      exportName: job.exportName,
      sensorId: channel.sensorId,
      session: { ...channel.info },
      credentials,
      adapter: this.adapterName,
      transportModule: toHref(this.options.workerTransportModule ?? '@cbapi/core'),
      transportOptions: this.options.workerTransportOptions ?? {},
    };
    channel.busy++;
    try {
      const pool = this.get();
      const alone = (): Promise<WorkerReply> => pool.run({ ...task, session: { ...channel.info } }, { signal, name: 'runModuleJob' }) as Promise<WorkerReply>;
      let reply: WorkerReply;
      if (!this.shared) {
        reply = await alone(); // one job per thread: a cancel ends the thread
      } else {
        try {
          reply = await this.runShared(task, signal);
        } catch {
          if (signal.aborted) throw abortReason(signal);
          reply = await alone(); // the thread died (a job on it crashed): this job may not be the one that did
        }
      }
      if (reply.ok) return reply.value;
      throw deserializeError(reply.error);
    } finally {
      channel.busy--;
      channel.lastUsed = Date.now();
    }
  }

  /** Runs a task on a shared thread; an abort reaches the job through a port (the thread lives on). */
  private async runShared(task: WorkerTask, signal: AbortSignal): Promise<WorkerReply> {
    const { port1, port2 } = new MessageChannel();
    const onAbort = (): void => port1.postMessage(serializeError(abortReason(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    const running = this.get().run({ ...task, abortPort: port2 }, { name: 'runModuleJob', transferList: [port2] }) as Promise<WorkerReply>;
    void running.then(
      () => port1.close(),
      () => port1.close(),
    );
    try {
      return await raceSignal(running, signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Stops every worker thread. */
  async destroy(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    if (p) await p.destroy();
  }
}
