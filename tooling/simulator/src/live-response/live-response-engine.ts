import { strToU8, zipSync } from 'fflate';
import { CommandFailure } from './command-failure.js';
import { POSIX_COMMANDS, WINDOWS_COMMANDS, runCommand } from './command-runner.js';
import { LiveResponseRequestError } from './live-response-request-error.js';
import { SimulatedEndpoint } from './simulated-endpoint.js';
import type { SimWorld } from '../state.js';
import type { Prng } from '../world/prng.js';
import type { CommandStatus, LiveResponseOptions, LiveResponseStats, SessionStatus } from './types.js';

/** A session as the engine keeps it. */
export interface SessionRecord {
  readonly id: number;
  readonly sensorId: number;
  status: SessionStatus;
  /** Epoch ms. */
  readonly createTime: number;
  readonly endpoint: SimulatedEndpoint;
  readonly supportedCommands: readonly string[];
  readonly checkInTimeoutS: number;
  readonly sensorWaitTimeoutS: number;
  readonly sessionTimeoutS: number;
  /** Inactivity after which an active session turns `timeout`. */
  readonly expiryMs: number;
  readonly cwd: string;
  readonly commands: Map<number, CommandRecord>;
  readonly files: Map<number, FileRecord>;
  nextCommandId: number;
  nextFileId: number;
  /** Commands waiting for the endpoint, in order. */
  readonly queue: CommandRecord[];
  running: CommandRecord | undefined;
  timer: NodeJS.Timeout | undefined;
  checkInTimer: NodeJS.Timeout | undefined;
  readonly listeners: Set<() => void>;
}

/** A command as the engine keeps it: `wire` is the object the server answers with. */
export interface CommandRecord {
  readonly id: number;
  readonly session: SessionRecord;
  readonly wire: Record<string, unknown>;
  status: CommandStatus;
  timer: NodeJS.Timeout | undefined;
  readonly listeners: Set<() => void>;
}

/** A file in a session's store (an upload, or what a `get file` fetched). */
export interface FileRecord {
  readonly id: number;
  fileName: string;
  data: Buffer;
  sizeUploaded: number;
  /** A `get file` that has not finished yet. */
  pending: boolean;
}

const OPEN: ReadonlySet<SessionStatus> = new Set(['pending', 'active']);
const FINISHED_SESSIONS_KEPT = 500;
const COMMAND_STATUS_ALIASES: Record<string, CommandStatus> = {
  complete: 'complete',
  completed: 'complete',
  pending: 'pending',
  'in progress': 'pending',
  in_progress: 'pending',
  cancel: 'cancel',
  canceled: 'cancel',
  cancelled: 'cancel',
  error: 'error',
};

/**
 * The product-neutral Live Response service: sessions and their lifecycle, the session budget,
 * command execution on simulated endpoints, the per-session file store, long polls and stats.
 * Route adapters (Cb Response, Cb Defense) render its records in their dialect. Every delay is a
 * timer; {@link LiveResponseEngine.close} clears them all and releases every long poll.
 */
export class LiveResponseEngine {
  readonly stats: LiveResponseStats = {
    openSessions: 0,
    maxConcurrentSessions: 0,
    sessionsCreated: 0,
    sessionsRefused: 0,
    sessionsClosed: 0,
    sessionsExpired: 0,
    commands: 0,
    commandsByName: {},
    commandErrors: 0,
    filesUploaded: 0,
  };
  readonly options: Required<Omit<LiveResponseOptions, 'clock'>>;
  readonly now: () => number;
  private readonly sessions = new Map<number, SessionRecord>();
  private readonly endpoints = new Map<number, SimulatedEndpoint>();
  private readonly random: Prng;
  private nextSessionId = 1;
  private closed = false;

  constructor(
    private readonly world: SimWorld,
    options: LiveResponseOptions = {},
  ) {
    const commandMs = nonNegative(options.commandMs ?? 50, 'commandMs');
    this.options = {
      maxSessions: positiveInt(options.maxSessions ?? 10, 'maxSessions'),
      sessionStartMs: nonNegative(options.sessionStartMs ?? 200, 'sessionStartMs'),
      commandMs,
      sessionTimeoutMs: positive(options.sessionTimeoutMs ?? 120_000, 'sessionTimeoutMs'),
      checkInTimeoutMs: positive(options.checkInTimeoutMs ?? 1_200_000, 'checkInTimeoutMs'),
      memdumpMs: nonNegative(options.memdumpMs ?? commandMs * 10, 'memdumpMs'),
      memdumpBytes: positiveInt(options.memdumpBytes ?? 1_048_576, 'memdumpBytes'),
      longPollMs: nonNegative(options.longPollMs ?? 25_000, 'longPollMs'),
      username: options.username ?? 'admin',
    };
    if (options.clock !== undefined && typeof options.clock !== 'function') throw new TypeError('LiveResponseOptions.clock must be a function returning epoch milliseconds');
    this.now = options.clock ?? (() => world.clock.now());
    this.random = world.rng.fork('live-response/memdump');
  }

  // ---------------------------------------------------------------- sessions

  /** Opens a session for a sensor: `pending`, then `active` once the sensor checks in. */
  createSession(rawSensorId: unknown, body: Record<string, unknown>): SessionRecord {
    this.assertOpen();
    const sensorId = toId(rawSensorId);
    if (sensorId === undefined) throw new LiveResponseRequestError('bad-request', `sensor_id must be a positive integer, got ${JSON.stringify(rawSensorId) ?? 'nothing'}`);
    const sensor = this.world.sensor(sensorId);
    if (!sensor) throw new LiveResponseRequestError('sensor-not-found', `Sensor ${sensorId} not found`);
    if (!sensor.doc.supports_cblr) throw new LiveResponseRequestError('bad-request', `Sensor ${sensorId} does not support Live Response`);
    if (this.stats.openSessions >= this.options.maxSessions) {
      this.stats.sessionsRefused += 1;
      throw new LiveResponseRequestError('session-limit', `Maximum number of concurrent Live Response sessions (${this.options.maxSessions}) reached; close a session and try again`);
    }
    const checkInTimeoutS = optionalSeconds(body['checkin_timeout'] ?? body['check_in_timeout'], 'checkin_timeout') ?? Math.ceil(this.options.checkInTimeoutMs / 1000);
    const sensorWaitTimeoutS = optionalSeconds(body['sensor_wait_timeout'], 'sensor_wait_timeout') ?? Math.ceil(this.options.sessionTimeoutMs / 1000);
    const sessionTimeoutS = optionalSeconds(body['session_timeout'] ?? body['default_command_timeout'], 'session_timeout') ?? 300;
    const endpoint = this.endpoint(sensorId);
    const session: SessionRecord = {
      id: this.nextSessionId++,
      sensorId,
      status: 'pending',
      createTime: this.now(),
      endpoint,
      supportedCommands: endpoint.windows ? [...WINDOWS_COMMANDS] : [...POSIX_COMMANDS],
      checkInTimeoutS,
      sensorWaitTimeoutS,
      sessionTimeoutS,
      expiryMs: body['sensor_wait_timeout'] !== undefined ? sensorWaitTimeoutS * 1000 : this.options.sessionTimeoutMs,
      cwd: endpoint.workingDirectory,
      commands: new Map(),
      files: new Map(),
      nextCommandId: 1,
      nextFileId: 1,
      queue: [],
      running: undefined,
      timer: undefined,
      checkInTimer: undefined,
      listeners: new Set(),
    };
    this.sessions.set(session.id, session);
    this.stats.sessionsCreated += 1;
    this.countOpen();
    this.prune();
    session.timer = setTimeout(() => this.checkIn(session), this.options.sessionStartMs);
    const checkInMs = body['checkin_timeout'] !== undefined || body['check_in_timeout'] !== undefined ? checkInTimeoutS * 1000 : this.options.checkInTimeoutMs;
    session.checkInTimer = setTimeout(() => {
      session.checkInTimer = undefined;
      if (session.status === 'pending') this.endSession(session, 'timeout');
    }, checkInMs);
    return session;
  }

  /** Every session (newest last); `activeOnly` keeps the pending and active ones. */
  listSessions(activeOnly: boolean): SessionRecord[] {
    return [...this.sessions.values()].filter((s) => !activeOnly || OPEN.has(s.status));
  }

  /** The session, or a `session-not-found` refusal. */
  session(rawId: unknown): SessionRecord {
    const id = toId(rawId);
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!session) throw new LiveResponseRequestError('session-not-found', `Session ${String(rawId)} not found`);
    return session;
  }

  /** A session that can take commands (pending or active), else `Session <id> not found`. */
  openSession(rawId: unknown): SessionRecord {
    const session = this.session(rawId);
    if (!OPEN.has(session.status)) throw new LiveResponseRequestError('session-not-found', `Session ${session.id} not found (status ${session.status})`);
    return session;
  }

  /** Closes a session (as a client's `status: close`); commands not yet run are cancelled. */
  closeSession(session: SessionRecord): void {
    if (OPEN.has(session.status)) this.endSession(session, 'close');
  }

  /** Resets the session's inactivity timer. */
  keepalive(session: SessionRecord): void {
    if (!OPEN.has(session.status)) throw new LiveResponseRequestError('session-not-found', `Session ${session.id} not found (status ${session.status})`);
    if (session.status === 'active') this.armExpiry(session);
  }

  /** Resolves when the session is active or finished, the long-poll cap passes, the client leaves or the engine closes. */
  async waitForSession(session: SessionRecord, signal: AbortSignal): Promise<void> {
    await this.waitFor(session.listeners, () => session.status !== 'pending', signal);
  }

  // ---------------------------------------------------------------- commands

  /** Accepts a command for the session; it runs once the session is active. */
  postCommand(session: SessionRecord, body: unknown): CommandRecord {
    this.assertOpen();
    if (!isRecord(body)) throw new LiveResponseRequestError('bad-request', 'A command needs a JSON object body with a name');
    const name = body['name'];
    if (typeof name !== 'string' || name === '') throw new LiveResponseRequestError('bad-request', 'A command needs a name');
    if (!session.supportedCommands.includes(name)) throw new LiveResponseRequestError('unsupported-command', `Command ${name} not supported by this sensor`);
    if (!OPEN.has(session.status)) throw new LiveResponseRequestError('session-not-found', `Session ${session.id} not found (status ${session.status})`);
    const wire: Record<string, unknown> = {
      status: 'pending',
      username: this.options.username,
      sensor_id: session.sensorId,
      create_time: this.seconds(),
      name,
      object: body['object'] ?? null,
      id: session.nextCommandId++,
      session_id: session.id,
    };
    for (const extra of ['offset', 'get_count', 'wait', 'output_file', 'working_directory', 'value_data', 'value_type', 'overwrite', 'compress', 'file_id']) {
      if (body[extra] !== undefined) wire[extra] = body[extra];
    }
    if (name === 'get file') {
      const file: FileRecord = { id: session.nextFileId++, fileName: typeof body['object'] === 'string' ? body['object'] : '', data: Buffer.alloc(0), sizeUploaded: 0, pending: true };
      session.files.set(file.id, file);
      wire['file_id'] = file.id;
    }
    const command: CommandRecord = { id: wire['id'] as number, session, wire, status: 'pending', timer: undefined, listeners: new Set() };
    session.commands.set(command.id, command);
    session.queue.push(command);
    this.stats.commands += 1;
    this.stats.commandsByName[name] = (this.stats.commandsByName[name] ?? 0) + 1;
    if (session.status === 'active') {
      this.armExpiry(session);
      this.runNext(session);
    }
    return command;
  }

  /** The command, or a `command-not-found` refusal. */
  command(session: SessionRecord, rawId: unknown): CommandRecord {
    const id = toId(rawId);
    const command = id === undefined ? undefined : session.commands.get(id);
    if (!command) throw new LiveResponseRequestError('command-not-found', `Command ${String(rawId)} not found in session ${session.id}`);
    return command;
  }

  /** The session's commands, filtered by status (`complete`/`completed`, `pending`/`in progress`, `cancel`/`canceled`, `error`) and capped at `count`. */
  listCommands(session: SessionRecord, status: string | undefined, count: string | undefined): CommandRecord[] {
    let commands = [...session.commands.values()];
    if (status !== undefined && status !== '') {
      const wanted = COMMAND_STATUS_ALIASES[status.toLowerCase()];
      if (!wanted) throw new LiveResponseRequestError('bad-request', `Unknown command status filter ${status}`);
      commands = commands.filter((c) => c.status === wanted);
    }
    if (count !== undefined && count !== '') {
      const n = toId(count) ?? (count === '0' ? 0 : undefined);
      if (n === undefined) throw new LiveResponseRequestError('bad-request', `count must be a non-negative integer, got ${count}`);
      commands = commands.slice(0, n);
    }
    return commands;
  }

  /** Cancels a command that has not started on the endpoint. */
  cancelCommand(command: CommandRecord): void {
    if (command.status !== 'pending' || command.session.running === command) {
      throw new LiveResponseRequestError('conflict', `Command ${command.id} is ${command.session.running === command ? 'in progress' : command.status} and cannot be cancelled`);
    }
    const session = command.session;
    const index = session.queue.indexOf(command);
    if (index >= 0) session.queue.splice(index, 1);
    this.finishCommand(command, 'cancel', {});
  }

  /** Resolves when the command is finished, the long-poll cap passes, the client leaves or the engine closes. */
  async waitForCommand(command: CommandRecord, signal: AbortSignal): Promise<void> {
    await this.waitFor(command.listeners, () => command.status !== 'pending', signal);
  }

  // ---------------------------------------------------------------- files

  /** Stores an uploaded file in the session. */
  uploadFile(session: SessionRecord, fileName: string, data: Buffer): FileRecord {
    if (!OPEN.has(session.status)) throw new LiveResponseRequestError('session-not-found', `Session ${session.id} not found (status ${session.status})`);
    const file: FileRecord = { id: session.nextFileId++, fileName, data, sizeUploaded: data.length, pending: false };
    session.files.set(file.id, file);
    this.stats.filesUploaded += 1;
    return file;
  }

  /** The file, or a `file-not-found` refusal. */
  file(session: SessionRecord, rawId: unknown): FileRecord {
    const id = toId(rawId);
    const file = id === undefined ? undefined : session.files.get(id);
    if (!file) throw new LiveResponseRequestError('file-not-found', `File ${String(rawId)} not found in session ${session.id}`);
    return file;
  }

  /** Removes a file from the session's store. */
  deleteFile(session: SessionRecord, file: FileRecord): void {
    session.files.delete(file.id);
  }

  /** A ZIP of the session: `session.json`, `commands.json` and every file under `files/`. */
  archive(session: SessionRecord, renderSession: (s: SessionRecord) => unknown): Buffer {
    const entries: Record<string, Uint8Array> = {
      'session.json': strToU8(JSON.stringify(renderSession(session), null, 2)),
      'commands.json': strToU8(JSON.stringify([...session.commands.values()].map((c) => c.wire), null, 2)),
    };
    for (const file of session.files.values()) {
      const base = file.fileName.split(/[\\/]/).pop() || 'file';
      entries[`files/${file.id}-${base.replace(/[^\w.-]/g, '_')}`] = new Uint8Array(file.data);
    }
    return Buffer.from(zipSync(entries, { level: 6 }));
  }

  /** Bytes held in the session's file store (`storage_size`). */
  storageSize(session: SessionRecord): number {
    let size = 0;
    for (const file of session.files.values()) size += file.data.length;
    return size;
  }

  /** Stops every timer and releases every long poll; the engine refuses new sessions afterwards. */
  close(): void {
    this.closed = true;
    for (const session of this.sessions.values()) {
      clearTimeout(session.timer);
      clearTimeout(session.checkInTimer);
      session.timer = session.checkInTimer = undefined;
      for (const command of session.commands.values()) {
        clearTimeout(command.timer);
        command.timer = undefined;
        notify(command.listeners);
      }
      notify(session.listeners);
    }
  }

  // ---------------------------------------------------------------- internals

  private endpoint(sensorId: number): SimulatedEndpoint {
    let endpoint = this.endpoints.get(sensorId);
    const sensor = this.world.sensor(sensorId);
    if (!endpoint && sensor) {
      endpoint = new SimulatedEndpoint(sensor, this.world, this.now);
      this.endpoints.set(sensorId, endpoint);
    }
    if (!endpoint) throw new LiveResponseRequestError('sensor-not-found', `Sensor ${sensorId} not found`);
    return endpoint;
  }

  private checkIn(session: SessionRecord): void {
    session.timer = undefined;
    if (this.closed || session.status !== 'pending') return;
    if (!this.sensorOnline(session)) {
      // the sensor has not checked in: look again later (until the check-in timeout ends the session)
      session.timer = setTimeout(() => this.checkIn(session), this.recheckMs());
      return;
    }
    clearTimeout(session.checkInTimer);
    session.checkInTimer = undefined;
    session.status = 'active';
    this.armExpiry(session);
    notify(session.listeners);
    this.runNext(session);
  }

  private sensorOnline(session: SessionRecord): boolean {
    return this.world.sensor(session.sensorId)?.doc.status === 'Online';
  }

  /** How often a sensor that is not online is looked at again. */
  private recheckMs(): number {
    return Math.max(this.options.sessionStartMs, 100);
  }

  private armExpiry(session: SessionRecord): void {
    if (this.closed) return;
    clearTimeout(session.timer);
    session.timer = setTimeout(() => {
      session.timer = undefined;
      if (session.status === 'active') this.endSession(session, 'timeout');
    }, session.expiryMs);
  }

  private endSession(session: SessionRecord, status: 'close' | 'timeout'): void {
    session.status = status;
    clearTimeout(session.timer);
    clearTimeout(session.checkInTimer);
    session.timer = session.checkInTimer = undefined;
    if (status === 'close') this.stats.sessionsClosed += 1;
    else this.stats.sessionsExpired += 1;
    const unfinished = [...(session.running ? [session.running] : []), ...session.queue];
    session.queue.length = 0;
    session.running = undefined;
    for (const command of unfinished) {
      clearTimeout(command.timer);
      command.timer = undefined;
      this.finishCommand(command, 'cancel', {});
    }
    this.countOpen();
    notify(session.listeners);
  }

  private runNext(session: SessionRecord): void {
    if (this.closed || session.running || session.status !== 'active') return;
    const command = session.queue.shift();
    if (!command) return;
    session.running = command;
    if (!this.sensorOnline(session)) {
      // the sensor went away: the command waits for it (the session may time out meanwhile)
      command.timer = setTimeout(() => {
        command.timer = undefined;
        if (session.running !== command) return;
        session.running = undefined;
        session.queue.unshift(command);
        this.runNext(session);
      }, this.recheckMs());
      return;
    }
    const delay = command.wire['name'] === 'memdump' ? this.options.memdumpMs : this.options.commandMs;
    command.timer = setTimeout(() => this.execute(command), delay);
  }

  private execute(command: CommandRecord): void {
    const session = command.session;
    command.timer = undefined;
    session.running = undefined;
    if (command.status !== 'pending') return;
    const file = typeof command.wire['file_id'] === 'number' && command.wire['name'] === 'get file' ? session.files.get(command.wire['file_id']) : undefined;
    try {
      const { fields, fileData } = runCommand(
        {
          endpoint: session.endpoint,
          cwd: session.cwd,
          now: this.now,
          memdumpBytes: this.options.memdumpBytes,
          random: this.random,
          uploaded: (id) => {
            const upload = session.files.get(id);
            return upload && !upload.pending ? upload.data : undefined;
          },
        },
        command.wire,
      );
      if (file && fileData) {
        file.data = fileData;
        file.sizeUploaded = fileData.length;
        file.pending = false;
      }
      this.finishCommand(command, 'complete', { ...fields, result_desc: '', result_type: 'WinHresult', result_code: 0 });
    } catch (error) {
      if (file) session.files.delete(file.id);
      const failure = error instanceof CommandFailure ? error : new CommandFailure('INVALID_PARAMETER', error instanceof Error ? error.message : String(error));
      this.stats.commandErrors += 1;
      this.finishCommand(command, 'error', { result_desc: failure.description, result_type: 'WinHresult', result_code: failure.code });
    }
    if (session.status === 'active') this.armExpiry(session);
    this.runNext(session);
  }

  private finishCommand(command: CommandRecord, status: CommandStatus, fields: Record<string, unknown>): void {
    command.status = status;
    command.wire['status'] = status;
    command.wire['completion'] = this.seconds();
    Object.assign(command.wire, fields);
    if (status !== 'complete' && command.wire['name'] === 'get file' && typeof command.wire['file_id'] === 'number') {
      const file = command.session.files.get(command.wire['file_id']);
      if (file?.pending) command.session.files.delete(file.id);
    }
    notify(command.listeners);
  }

  private async waitFor(listeners: Set<() => void>, done: () => boolean, signal: AbortSignal): Promise<void> {
    if (done() || this.closed || signal.aborted || this.options.longPollMs === 0) return;
    await new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(cap);
        listeners.delete(check);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const check = (): void => {
        if (done() || this.closed) finish();
      };
      const cap = setTimeout(finish, this.options.longPollMs);
      listeners.add(check);
      signal.addEventListener('abort', finish, { once: true });
    });
  }

  private countOpen(): void {
    let open = 0;
    for (const session of this.sessions.values()) if (OPEN.has(session.status)) open += 1;
    this.stats.openSessions = open;
    this.stats.maxConcurrentSessions = Math.max(this.stats.maxConcurrentSessions, open);
  }

  private prune(): void {
    const finished = [...this.sessions.values()].filter((s) => !OPEN.has(s.status));
    for (const session of finished.slice(0, Math.max(0, finished.length - FINISHED_SESSIONS_KEPT))) this.sessions.delete(session.id);
  }

  private seconds(): number {
    return this.now() / 1000;
  }

  private assertOpen(): void {
    if (this.closed) throw new LiveResponseRequestError('conflict', 'The Live Response service is shutting down');
  }
}

function notify(listeners: Set<() => void>): void {
  for (const listener of [...listeners]) listener();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toId(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function optionalSeconds(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n <= 0) throw new LiveResponseRequestError('bad-request', `${field} must be a positive number of seconds`);
  return n;
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`LiveResponseOptions.${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function positive(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new RangeError(`LiveResponseOptions.${name} must be a positive number of milliseconds, got ${String(value)}`);
  return value;
}

function nonNegative(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`LiveResponseOptions.${name} must be a non-negative number of milliseconds, got ${String(value)}`);
  return value;
}
