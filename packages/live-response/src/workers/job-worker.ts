import { ApiError, InvalidObjectError, type Credentials, type Transport } from '@cbapi/core';
import { defenseAdapter } from '../adapters/defense-adapter.js';
import { responseAdapter } from '../adapters/response-adapter.js';
import type { SessionInfo } from '../adapters/live-response-adapter.js';
import { serializeError } from '../internal/error-kinds.js';
import type { WorkerReply, WorkerTask } from '../jobs/worker-pool.js';
import { LiveResponseSession } from '../session/live-response-session.js';
import { SessionChannel } from '../session/session-channel.js';

type CreateTransport = (credentials: Credentials, options: { product: 'response' | 'defense' }) => Transport | Promise<Transport>;

/** One transport per worker and server (module scope), built from the credentials the main thread sent. */
const transports = new Map<string, Promise<Transport>>();

function transportFor(task: WorkerTask): Promise<Transport> {
  const key = `${task.transportModule}\u0000${task.credentials.url}\u0000${task.credentials.token}\u0000${task.adapter}`;
  let t = transports.get(key);
  if (!t) {
    t = (async () => {
      const mod = (await import(task.transportModule)) as Record<string, unknown>;
      const create = mod['createTransport'];
      if (typeof create !== 'function') throw new ApiError(`${task.transportModule} does not export createTransport(credentials, options)`);
      return (create as CreateTransport)(task.credentials, { product: task.adapter === 'defense' ? 'defense' : 'response' });
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
export default async function runModuleJob(task: WorkerTask): Promise<WorkerReply> {
  try {
    const transport = await transportFor(task);
    const adapter = task.adapter === 'defense' ? defenseAdapter : responseAdapter;
    const channel = new SessionChannel(transport, adapter, task.sensorId, task.session as SessionInfo, undefined);
    const session = new LiveResponseSession(channel, async () => undefined);
    const mod = (await import(task.module)) as Record<string, unknown>;
    const fn = task.exportName !== undefined ? mod[task.exportName] : (mod['default'] ?? mod['job']);
    if (typeof fn !== 'function') {
      throw new InvalidObjectError(`Job module ${task.module} does not export ${task.exportName ?? 'a default (or `job`)'} function (session, args) => result`);
    }
    const value: unknown = await (fn as (s: LiveResponseSession, a: unknown) => unknown)(session, task.args);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}
