import type { Readable } from 'node:stream';
import { ApiError, LiveResponseError, TimeoutError, type RequestOptions, type Transport } from '@cbapi/core';
import type { LiveResponseAdapter, SessionInfo } from '../adapters/live-response-adapter.js';
import { anySignal, boundedSignal, sleep, throwIfAborted } from '../internal/abort.js';
import { isSessionGone } from '../internal/error-kinds.js';
import type { CommandResult } from './session-types.js';

/** Default wait for a command to finish (STYLE: LR commands 300 s). */
export const DEFAULT_COMMAND_TIMEOUT = 300_000;
/** cbapi's bound on re-establishing a session for one command. */
const MAX_ATTEMPTS = 5;
/** The longest single long-poll request; the loop goes on until the caller's deadline. */
const LONG_POLL_MS = 30_000;

/** How a channel gets a fresh session when the server says the old one is gone. */
export type Reacquire = (signal: AbortSignal | undefined) => Promise<SessionInfo>;

/**
 * The wire side of one session: issues commands, long-polls them, moves files and re-establishes
 * the session when the server says it expired. Shared by every `LiveResponseSession` view of it.
 * @internal
 */
export class SessionChannel {
  /** Set when the session was closed (by us) or found gone for good. */
  closed = false;
  /** Last time a command was sent (for keepalive decisions). */
  lastUsed = Date.now();
  /** Commands in flight. */
  busy = 0;

  constructor(
    readonly transport: Transport,
    readonly adapter: LiveResponseAdapter,
    readonly sensorId: number,
    public info: SessionInfo,
    private readonly reacquire: Reacquire | undefined,
  ) {}

  get sessionId(): number | string {
    return this.info.id;
  }

  /** `<base>/session/<id>` */
  sessionPath(): string {
    return `${this.adapter.basePath}/session/${this.info.id}`;
  }

  /** True when the session uses Windows paths (`\`, `c:\windows\temp`). Inferred from the session's drives/cwd. */
  get isWindows(): boolean {
    const cwd = this.info.current_working_directory;
    if (typeof cwd === 'string' && cwd.length > 0) return /^[A-Za-z]:\\|\\/.test(cwd);
    const drives = this.info.drives;
    if (Array.isArray(drives) && drives.length > 0) return drives.some((d) => /^[A-Za-z]:/.test(String(d)));
    return true;
  }

  private renewing: Promise<void> | undefined;

  /**
   * Re-establishes the session for the sensor after the server dropped session `lost`. Concurrent
   * callers share one re-establishment, and a caller whose session was already replaced returns at
   * once, so parallel commands never open two sessions.
   * @throws when the channel cannot reconnect.
   */
  async renew(signal: AbortSignal | undefined, lost: number | string = this.info.id): Promise<void> {
    const reacquire = this.reacquire;
    if (reacquire === undefined) throw new ApiError(`Live Response session ${this.info.id} cannot be re-established here`);
    for (;;) {
      if (this.renewing) {
        await this.renewing;
        continue;
      }
      this.checkOpen();
      if (String(this.info.id) !== String(lost)) return;
      const renewing = (async () => {
        this.info = await reacquire(signal);
      })();
      this.renewing = renewing;
      try {
        await renewing;
      } finally {
        if (this.renewing === renewing) this.renewing = undefined;
      }
      return;
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new ApiError(`Live Response session ${this.info.id} (sensor ${this.sensorId}) is closed`);
  }

  /**
   * Runs `fn` against the current session; when the server says the session is gone, re-acquires one
   * for the sensor and runs `fn` again (at most 5 attempts in all, as cbapi).
   */
  async withReconnect<T>(what: string, signal: AbortSignal | undefined, fn: () => Promise<T>, reconnect = true): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (this.renewing) await this.renewing.catch(() => undefined);
      this.checkOpen();
      throwIfAborted(signal);
      this.busy++;
      this.lastUsed = Date.now();
      const used = this.info.id;
      try {
        return await fn();
      } catch (e) {
        if (!reconnect || !isSessionGone(e) || this.reacquire === undefined || attempt >= MAX_ATTEMPTS) {
          if (reconnect && isSessionGone(e) && this.reacquire !== undefined) {
            throw new TimeoutError(`Command ${what} failed after ${MAX_ATTEMPTS} retries`, { cause: e });
          }
          throw e;
        }
        await this.renew(signal, used);
      } finally {
        this.busy--;
        this.lastUsed = Date.now();
      }
    }
  }

  /**
   * Sends a command (`{name, object?, ...extras, session_id}`, keys sorted as cbapi sends them) and,
   * with `wait`, long-polls it to completion. `status: error` → LiveResponseError.
   */
  async command(name: string, fields: Record<string, unknown>, options: { wait: boolean; timeout?: number; signal?: AbortSignal; reconnect?: boolean }): Promise<CommandResult> {
    const supported = this.info.supported_commands;
    if (Array.isArray(supported) && supported.length > 0 && !supported.includes(name)) {
      throw new ApiError(`Command ${name} not supported by this sensor (sensor ${this.sensorId})`);
    }
    const timeout = options.timeout ?? DEFAULT_COMMAND_TIMEOUT;
    return this.withReconnect(name, options.signal, async () => {
      const body: Record<string, unknown> = { ...fields, name, session_id: this.info.id };
      const sorted = Object.fromEntries(Object.keys(body).sort().filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
      const reply = await this.transport.post<CommandResult>(`${this.sessionPath()}/command`, {
        json: sorted, signal: options.signal, object: `Live Response session ${this.info.id}`,
      });
      if (typeof reply !== 'object' || reply === null || typeof reply.id !== 'number') {
        throw new ApiError(`Unexpected reply to Live Response command '${name}': no command id`);
      }
      this.failIfError(reply);
      if (!options.wait) return reply;
      return this.waitForCommand(reply.id, timeout, options.signal);
    }, options.reconnect !== false);
  }

  private failIfError(cmd: CommandResult): void {
    const status = String(cmd.status ?? '').toLowerCase();
    if (status === 'error' || status === 'cancel' || status === 'canceled' || status === 'cancelled') {
      throw new LiveResponseError(cmd, { sessionId: this.info.id, commandId: cmd.id });
    }
  }

  /** Long-polls a command (`GET .../command/<id>?wait=true`) until complete, error, the deadline or an abort. */
  async waitForCommand(commandId: number, timeout: number, signal: AbortSignal | undefined): Promise<CommandResult> {
    const path = `${this.sessionPath()}/command/${commandId}`;
    const deadline = Date.now() + timeout;
    let backoff = 25;
    for (;;) {
      throwIfAborted(signal);
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new TimeoutError(`timeout polling for Live Response command ${commandId}`, { path, method: 'GET', timeoutMs: timeout });
      }
      const started = Date.now();
      let cmd: CommandResult;
      // The long poll is bounded by an abort at the deadline (not a request timeout), then asked again.
      const bound = boundedSignal(signal, Math.min(remaining, LONG_POLL_MS));
      try {
        cmd = await this.transport.get<CommandResult>(path, { searchParams: { wait: true }, signal: bound.signal, object: `Live Response command ${commandId}` });
      } catch (e) {
        if ((bound.timedOut() || TimeoutError.isInstance(e)) && !signal?.aborted) continue;
        throw e;
      } finally {
        bound.dispose();
      }
      this.lastUsed = Date.now();
      const status = String(cmd?.status ?? '').toLowerCase();
      if (status === 'complete') return cmd;
      this.failIfError(cmd);
      if (Date.now() - started < 20) {
        // The server answered at once (no long poll): back off instead of spinning.
        await sleep(Math.min(backoff, Math.max(0, deadline - Date.now())), signal);
        backoff = Math.min(backoff * 2, 1000);
      } else {
        backoff = 25;
      }
    }
  }

  /** `GET .../file/<id>/content` as a stream. */
  async fileContent(fileId: number, signal: AbortSignal | undefined, timeout?: number): Promise<Readable> {
    const opts: RequestOptions = { signal, object: `Live Response file ${fileId}` };
    if (timeout !== undefined) opts.timeout = timeout;
    return this.transport.stream(`${this.sessionPath()}/file/${fileId}/content`, opts);
  }

  /** Multipart upload (`POST .../file`, field `file`) → the file id. */
  async upload(body: Readable, contentType: string, signal: AbortSignal | undefined): Promise<number> {
    const reply = await this.transport.post<{ id?: unknown }>(`${this.sessionPath()}/file`, {
      body, headers: { 'content-type': contentType }, signal, object: `Live Response session ${this.info.id}`,
    });
    const id = reply?.id;
    if (typeof id !== 'number') throw new ApiError('Unexpected reply to the Live Response file upload: no file id');
    return id;
  }

  /** `GET .../keepalive`. */
  async keepalive(signal?: AbortSignal): Promise<void> {
    await this.transport.get<unknown>(`${this.sessionPath()}/keepalive`, { signal, object: `Live Response session ${this.info.id}` });
  }

  /** Combines the caller's signal with a default one (the job's). */
  static signal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
    return anySignal(a, b);
  }
}
