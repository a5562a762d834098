import { ApiError, LiveResponseError, TimeoutError, type Logger, type Transport } from '@cbapi/core';
import type { LiveResponseAdapter, SessionInfo } from '../adapters/live-response-adapter.js';
import { abortReason, boundedSignal, checkDuration, sleep, throwIfAborted } from '../internal/abort.js';
import { LiveResponseSession } from './live-response-session.js';
import { SessionChannel } from './session-channel.js';

const LONG_POLL_MS = 30_000;
const ENDED = new Set(['close', 'closed', 'timeout', 'inactive', 'cancel', 'canceled']);

/** Session manager options (ms). @public */
export interface SessionManagerOptions {
  /** How long a new (pending) session may take to become active. @defaultValue 30_000 */
  sessionStartTimeout?: number;
  /** Keepalive period for sessions in use; keep it below the server's `sensor_wait_timeout` (120 s). @defaultValue 30_000 */
  keepaliveIntervalMs?: number;
  /** Reuse a pending or active session the server already has for the sensor. @defaultValue true */
  reuseSessions?: boolean;
  /** How long one session listing (`active_only`) serves the reuse check of every sensor acquired meanwhile. @defaultValue 1_000 */
  sessionListMaxAgeMs?: number;
  logger?: Logger;
}

/** Counters of the sessions a manager opened. @public */
export interface SessionStats {
  /** Sessions this client holds open right now. */
  openSessions: number;
  /** The most it ever held at once. */
  maxConcurrentSessions: number;
  /** Sessions created on the server. */
  sessionsCreated: number;
  /** Sessions found on the server and reused. */
  sessionsReused: number;
  /** Sessions re-established after the server said they were gone. */
  reconnects: number;
}

/**
 * Opens, keeps alive, re-establishes and closes Live Response sessions, and remembers every
 * session it opened so that `closeAll()` leaves none behind.
 * @internal
 */
export class SessionManager {
  readonly stats: SessionStats = { openSessions: 0, maxConcurrentSessions: 0, sessionsCreated: 0, sessionsReused: 0, reconnects: 0 };
  private readonly open = new Set<SessionChannel>();
  private readonly closing = new Set<Promise<void>>();
  /** One shared `active_only` listing for the reuse checks of many acquisitions. */
  private listing: { at: number; promise: Promise<SessionInfo[]> } | undefined;
  /** Sessions this manager holds, closed, or is establishing: never taken from a (possibly stale) listing. */
  private readonly claimed = new Set<string>();
  private keepaliveTimer: NodeJS.Timeout | undefined;
  private readonly sessionStartTimeout: number;
  private readonly keepaliveIntervalMs: number;

  constructor(
    readonly transport: Transport,
    readonly adapter: LiveResponseAdapter,
    private readonly options: SessionManagerOptions = {},
  ) {
    this.sessionStartTimeout = checkDuration('sessionStartTimeout', options.sessionStartTimeout, 30_000);
    this.keepaliveIntervalMs = checkDuration('keepaliveIntervalMs', options.keepaliveIntervalMs, 30_000);
    checkDuration('sessionListMaxAgeMs', options.sessionListMaxAgeMs, 1_000);
  }

  /**
   * Finds (reuses) or creates a session for the sensor and waits, by long poll, until it is active.
   * On every failure the session is closed (its server slot freed).
   * @throws {@link TimeoutError} "Could not establish session with sensor N"; {@link LiveResponseError} when the session errs.
   */
  async establish(sensorId: number, options: { signal?: AbortSignal; timeout?: number; freshListing?: boolean } = {}): Promise<SessionInfo> {
    const { signal } = options;
    const timeout = options.timeout ?? this.sessionStartTimeout;
    throwIfAborted(signal);
    let info: SessionInfo | undefined;
    if (this.adapter.canListSessions && this.options.reuseSessions !== false) {
      const sessions = await this.recentSessions(signal, options.freshListing === true);
      info = sessions.find((s) => Number(s.sensor_id) === sensorId && (s.status === 'pending' || s.status === 'active') && !this.claimed.has(String(s.id)));
      if (info) this.stats.sessionsReused++;
    }
    if (!info) {
      // Not aborted midway: a session the server created must be known here, or it could not be closed.
      info = await this.adapter.createSession(this.transport, sensorId, {});
      this.stats.sessionsCreated++;
    }
    const id = info.id;
    const known = info;
    this.claimed.add(String(id));
    if (this.claimed.size > 10_000) this.claimed.delete(this.claimed.values().next().value as string); // bounded: oldest first
    this.count(+1);
    try {
      return await this.waitActive(info, sensorId, timeout, signal);
    } catch (e) {
      this.count(-1);
      await this.track(this.adapter.closeSession(this.transport, id, { known, timeout: 30_000 }).catch((err: unknown) => {
        this.options.logger?.debug(`closing session ${id} failed: ${String(err)}`);
      }));
      if (signal?.aborted) throw abortReason(signal);
      if (LiveResponseError.isInstance(e)) throw e;
      throw new TimeoutError(`Could not establish session with sensor ${sensorId}`, {
        cause: e, path: `${this.adapter.basePath}/session/${id}`, timeoutMs: timeout,
      });
    }
  }

  /** The server's pending/active sessions, from a listing at most `sessionListMaxAgeMs` old (one request for many sensors). */
  private async recentSessions(signal: AbortSignal | undefined, fresh: boolean): Promise<SessionInfo[]> {
    const now = Date.now();
    const maxAge = this.options.sessionListMaxAgeMs ?? 1_000;
    if (!this.listing || fresh || now - this.listing.at > maxAge) {
      const promise = this.adapter.listSessions(this.transport, { activeOnly: true });
      const entry = { at: now, promise };
      promise.catch(() => {
        if (this.listing === entry) this.listing = undefined;
      });
      this.listing = entry;
    }
    throwIfAborted(signal);
    return this.listing.promise;
  }

  private async waitActive(first: SessionInfo, sensorId: number, timeout: number, signal: AbortSignal | undefined): Promise<SessionInfo> {
    const deadline = Date.now() + timeout;
    let info = first;
    let backoff = 25;
    for (;;) {
      if (info.status === 'active') return info;
      if (info.status === 'error') throw new LiveResponseError(info, { sessionId: info.id });
      if (ENDED.has(info.status)) throw new TimeoutError(`Session ${info.id} for sensor ${sensorId} ended (${info.status}) before it became active`);
      throwIfAborted(signal);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new TimeoutError(`Session ${info.id} for sensor ${sensorId} still ${info.status} after ${timeout} ms`, { timeoutMs: timeout });
      const started = Date.now();
      const bound = boundedSignal(signal, Math.min(remaining, LONG_POLL_MS));
      try {
        info = await this.adapter.getSession(this.transport, info.id, { wait: true, signal: bound.signal });
      } catch (e) {
        if ((bound.timedOut() || TimeoutError.isInstance(e)) && !signal?.aborted) continue;
        throw e;
      } finally {
        bound.dispose();
      }
      if (info.status !== 'active' && Date.now() - started < 20) {
        await sleep(Math.min(backoff, Math.max(0, deadline - Date.now())), signal);
        backoff = Math.min(backoff * 2, 1000);
      }
    }
  }

  private count(delta: number): void {
    this.stats.openSessions += delta;
    if (this.stats.openSessions > this.stats.maxConcurrentSessions) this.stats.maxConcurrentSessions = this.stats.openSessions;
  }

  /** Establishes a session and wraps it in a channel that re-establishes itself when the server drops it. */
  async acquire(sensorId: number, options: { signal?: AbortSignal; timeout?: number; reconnect?: boolean } = {}): Promise<SessionChannel> {
    const info = await this.establish(sensorId, options);
    let channel: SessionChannel;
    const reacquire = options.reconnect === false ? undefined : async (signal: AbortSignal | undefined): Promise<SessionInfo> => {
      // The old session is gone on the server; establish() counts the new one.
      this.stats.reconnects++;
      let fresh: SessionInfo;
      try {
        fresh = await this.establish(sensorId, { signal, timeout: options.timeout, freshListing: true });
      } catch (e) {
        // No server session behind this channel any more. If release() already ran, it counted the old one down.
        if (this.open.delete(channel)) this.count(-1);
        channel.closed = true;
        if (this.open.size === 0) this.stopKeepalive();
        throw e;
      }
      if (!this.open.has(channel)) {
        // Released (closed) while re-establishing: release() counted the old session down; close the new one.
        this.count(-1);
        await this.track(this.adapter.closeSession(this.transport, fresh.id, { known: fresh, timeout: 30_000 }).catch((err: unknown) => {
          this.options.logger?.warn(`Closing Live Response session ${fresh.id} (sensor ${sensorId}) failed: ${String((err as Error).message ?? err)}`);
        }));
        throw new ApiError(`Live Response session for sensor ${sensorId} was closed while it was being re-established`);
      }
      this.count(-1); // the old session
      return fresh;
    };
    channel = new SessionChannel(this.transport, this.adapter, sensorId, info, reacquire);
    this.open.add(channel);
    this.startKeepalive();
    return channel;
  }

  /** Opens a session for a user (`lrSession()`): `close()` closes it on the server. */
  async openSession(sensorId: number, options: { signal?: AbortSignal; timeout?: number } = {}): Promise<LiveResponseSession> {
    const channel = await this.acquire(sensorId, options);
    return new LiveResponseSession(channel, () => this.release(channel));
  }

  /** Closes a channel's session on the server (errors logged, never thrown). Idempotent. */
  async release(channel: SessionChannel): Promise<void> {
    if (!this.open.has(channel)) {
      if (channel.closed) return;
      channel.closed = true;
      return;
    }
    this.open.delete(channel);
    const wasClosed = channel.closed;
    channel.closed = true;
    this.count(-1);
    if (this.open.size === 0) this.stopKeepalive();
    if (wasClosed) return;
    await this.track(this.adapter.closeSession(this.transport, channel.sessionId, { known: channel.info, timeout: 30_000 }).catch((e: unknown) => {
      this.options.logger?.warn(`Closing Live Response session ${channel.sessionId} (sensor ${channel.sensorId}) failed: ${String((e as Error).message ?? e)}`);
    }));
  }

  /** Remembers a close under way, so that closeAll() waits for it. */
  private async track(closing: Promise<void>): Promise<void> {
    this.closing.add(closing);
    try {
      await closing;
    } finally {
      this.closing.delete(closing);
    }
  }

  /** Closes every session this manager opened, and waits for closes already under way. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((c) => this.release(c)));
    while (this.closing.size > 0) await Promise.all([...this.closing]);
    this.stopKeepalive();
  }

  /** Sessions the server has (Response only): use with `closeSession` to clean up after crashed scripts. */
  listSessions(options: { activeOnly?: boolean; signal?: AbortSignal } = {}): Promise<SessionInfo[]> {
    return this.adapter.listSessions(this.transport, options);
  }

  /** Closes any session on the server by id (one this client opened is released too). */
  async closeSession(sessionId: number | string, options: { signal?: AbortSignal } = {}): Promise<void> {
    const mine = [...this.open].find((c) => String(c.sessionId) === String(sessionId));
    if (mine) {
      await this.release(mine);
      return;
    }
    await this.adapter.closeSession(this.transport, sessionId, options);
  }

  private startKeepalive(): void {
    if (this.keepaliveTimer || this.keepaliveIntervalMs <= 0) return;
    this.keepaliveTimer = setInterval(() => void this.keepaliveTick(), this.keepaliveIntervalMs);
    this.keepaliveTimer.unref();
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
  }

  /** Keeps idle open sessions alive; one the server dropped is re-established on its next command. */
  private async keepaliveTick(): Promise<void> {
    const now = Date.now();
    await Promise.all([...this.open].map(async (c) => {
      if (c.closed || c.busy > 0 || now - c.lastUsed < this.keepaliveIntervalMs / 2) return;
      try {
        await c.keepalive();
        c.lastUsed = Date.now();
      } catch (e) {
        this.options.logger?.debug(`keepalive for session ${c.sessionId} failed: ${String((e as Error).message ?? e)}`);
      }
    }));
  }
}
