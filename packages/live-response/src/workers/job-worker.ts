import { ApiError, InvalidObjectError, createTransport, type Credentials, type Transport, type TransportOptions } from '@cbapi/core';
import { defenseAdapter } from '../adapters/defense-adapter.js';
import { responseAdapter } from '../adapters/response-adapter.js';
import type { SessionInfo } from '../adapters/live-response-adapter.js';
import { deserializeError, serializeError, type SerializedError } from '../internal/error-kinds.js';
import type { WorkerReply, WorkerTask } from '../jobs/worker-pool.js';
import { LiveResponseSession } from '../session/live-response-session.js';
import { SessionChannel } from '../session/session-channel.js';

type CreateTransport = (credentials: Credentials, options: TransportOptions & { product: 'response' | 'defense' }) => Transport | Promise<Transport>;

const DEFAULT_TRANSPORT_MODULE = '@cbapi/core';
let tsReady: Promise<void> | undefined;
/** Set (by job-worker-source.mjs, or below) once tsx's loader is registered in this thread. */
const TSX_REGISTERED = Symbol.for('cbapi.liveResponse.tsxRegistered');

/**
 * Imports a job module. A TypeScript module in a thread without a TypeScript loader (Node 20 does not
 * apply `--import tsx` reliably in worker threads) gets tsx registered in this thread, once, when
 * tsx is installed.
 */
async function importModule(specifier: string): Promise<Record<string, unknown>> {
  const registered = (globalThis as Record<symbol, unknown>)[TSX_REGISTERED] === true;
  if (!registered && /\.[cm]?ts$/.test(specifier)) {
    tsReady ??= (async () => {
      const tsxApi = 'tsx/esm/api';
      try {
        const mod = (await import(tsxApi)) as { register?: () => unknown };
        mod.register?.();
        (globalThis as Record<symbol, unknown>)[TSX_REGISTERED] = true;
      } catch (e) {
        throw new ApiError(`Job module ${specifier} is TypeScript: install tsx (or pass a .js module)`, { cause: e });
      }
    })();
    await tsReady;
  }
  return (await import(specifier)) as Record<string, unknown>;
}

/** One transport per worker and server (module scope), built from the credentials the main thread sent. */
const transports = new Map<string, Promise<Transport>>();

function transportFor(task: WorkerTask): Promise<Transport> {
  const key = JSON.stringify([task.transportModule, task.credentials, task.adapter, task.transportOptions]);
  let t = transports.get(key);
  if (!t) {
    t = (async () => {
      const create = task.transportModule === DEFAULT_TRANSPORT_MODULE ? createTransport : (await importModule(task.transportModule))['createTransport'];
      if (typeof create !== 'function') throw new ApiError(`${task.transportModule} does not export createTransport(credentials, options)`);
      return (create as CreateTransport)(task.credentials, { ...task.transportOptions, product: task.adapter === 'defense' ? 'defense' : 'response' });
    })();
    t.catch(() => transports.delete(key));
    transports.set(key, t);
  }
  return t;
}

/**
 * The piscina task: runs one module job against the session the main thread opened. The session
 * handle never opens, re-establishes or closes sessions (the main thread owns them).
 * @internal
 */
export async function runModuleJob(task: WorkerTask): Promise<WorkerReply> {
  // On a shared thread, a cancel arrives as a message: it aborts this job's commands.
  const controller = new AbortController();
  task.abortPort?.once('message', (reason: SerializedError) => controller.abort(deserializeError(reason)));
  try {
    const transport = await transportFor(task);
    const adapter = task.adapter === 'defense' ? defenseAdapter : responseAdapter;
    const channel = new SessionChannel(transport, adapter, task.sensorId, task.session as SessionInfo, undefined);
    const session = new LiveResponseSession(channel, async () => undefined).withSignal(task.abortPort ? controller.signal : undefined);
    const mod = await importModule(task.module);
    const fn = task.exportName !== undefined ? mod[task.exportName] : (mod['default'] ?? mod['job']);
    if (typeof fn !== 'function') {
      throw new InvalidObjectError(`Job module ${task.module} does not export ${task.exportName ?? 'a default (or `job`)'} function (session, args) => result`);
    }
    const value: unknown = await (fn as (s: LiveResponseSession, a: unknown) => unknown)(session, task.args);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  } finally {
    task.abortPort?.close();
  }
}
