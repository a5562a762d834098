import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { Piscina } from 'piscina';
import { ApiError, type Credentials, type TransportOptions } from '@cbapi/core';
import { checkCount, checkDuration } from '../internal/abort.js';
import { deserializeError, type SerializedError } from '../internal/error-kinds.js';
import type { SessionChannel } from '../session/session-channel.js';
import type { ModuleJob } from './job-types.js';

/** Worker pool options. @public */
export interface WorkerPoolOptions {
  /** Worker threads at most. @defaultValue `maxSessions × jobsPerSession` (every job that can run at once) */
  maxThreads?: number;
  /** Worker threads kept warm. @defaultValue 1 */
  minThreads?: number;
  /** Jobs one thread runs at once. Above 1, a job that kills its thread takes the others on it down too. @defaultValue 1 */
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
    const maxThreads = this.options.maxThreads ?? this.maxConcurrentJobs;
    this.pool = new Piscina({
      filename: filename instanceof URL ? filename.href : toHref(filename),
      execArgv,
      maxThreads,
      minThreads: Math.min(this.options.minThreads ?? 1, maxThreads),
      concurrentTasksPerWorker: this.options.concurrentTasksPerWorker ?? 1,
      idleTimeout: this.options.idleTimeout ?? 30_000,
    });
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
      const reply = (await this.get().run(task, { signal, name: 'runModuleJob' })) as WorkerReply;
      if (reply.ok) return reply.value;
      throw deserializeError(reply.error);
    } finally {
      channel.busy--;
      channel.lastUsed = Date.now();
    }
  }

  /** Stops every worker thread. */
  async destroy(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    if (p) await p.destroy();
  }
}
