import { Readable } from 'node:stream';
import { ApiError, InvalidObjectError } from '@cbapi/core';
import type { SessionInfo } from '../adapters/live-response-adapter.js';
import { anySignal, checkDuration } from '../internal/abort.js';
import { multipartFile, randomName, readAll } from '../internal/multipart.js';
import { MemdumpHandle } from './memdump-handle.js';
import type { SessionChannel } from './session-channel.js';
import type {
  CommandOptions, CommandResult, CreateProcessOptions, DirectoryEntry, GetFileOptions, MemdumpOptions, ProcessEntry,
  RegistryKeysAndValues, RegistryValue, SetRegistryValueOptions, WalkEntry, WalkOptions,
} from './session-types.js';

const DEFAULT_CHUNK = 8 * 1024 * 1024;

function requireString(method: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidObjectError(`${method}: ${name} must be a non-empty string, got ${value === '' ? "''" : typeof value}`);
  }
  return value;
}

/**
 * A Live Response session on one endpoint: cbapi's `CbLRSessionBase` with camelCase methods, typed
 * results, deadlines (ms) and AbortSignals. Get one with `cb.liveResponse.lrSession(sensorId)` or
 * `sensor.lrSession()`; release it with `close()` or `await using`.
 *
 * @example
 * ```ts
 * await using s = await sensor.lrSession();
 * const procs = await s.listProcesses();
 * const hosts = await s.getFile('C:\\Windows\\System32\\drivers\\etc\\hosts');
 * ```
 * @public
 */
export class LiveResponseSession implements AsyncDisposable {
  /** @internal */
  constructor(
    private readonly channel: SessionChannel,
    private readonly closer: () => Promise<void>,
    private readonly defaultSignal?: AbortSignal,
  ) {}

  /** The server's session id. Changes when an expired session was re-established. */
  get sessionId(): number | string {
    return this.channel.sessionId;
  }

  /** The sensor (device) this session is on. */
  get sensorId(): number {
    return this.channel.sensorId;
  }

  /** The session document as the server last sent it (`supported_commands`, `drives`, `hostname`, ...). */
  get info(): Readonly<SessionInfo> {
    return this.channel.info;
  }

  /** A view of this session whose commands also stop when `signal` aborts. @internal */
  withSignal(signal: AbortSignal | undefined, closer?: () => Promise<void>): LiveResponseSession {
    return new LiveResponseSession(this.channel, closer ?? this.closer, anySignal(this.defaultSignal, signal));
  }

  private sig(o: { signal?: AbortSignal } | undefined): AbortSignal | undefined {
    return anySignal(this.defaultSignal, o?.signal);
  }

  private run(name: string, fields: Record<string, unknown>, o: CommandOptions | undefined, wait = true): Promise<CommandResult> {
    const timeout = checkDuration('timeout', o?.timeout, 300_000);
    return this.channel.command(name, fields, { wait, timeout, signal: this.sig(o) });
  }

  private get sep(): string {
    return this.channel.isWindows ? '\\' : '/';
  }

  private tempName(): string {
    return this.channel.isWindows ? `c:\\windows\\temp\\cblr.${randomName()}.tmp` : `/tmp/cblr.${randomName()}.tmp`;
  }

  // ---- files -------------------------------------------------------------------------------

  /**
   * Fetches a file from the endpoint as a stream (`get file`, then the file's content).
   * @throws {@link LiveResponseError} e.g. `ERROR_FILE_NOT_FOUND`.
   */
  async getRawFile(path: string, options?: CommandOptions): Promise<Readable> {
    requireString('getRawFile', 'path', path);
    const timeout = checkDuration('timeout', options?.timeout, 300_000);
    const signal = this.sig(options);
    // Command and download as one unit: a file fetched by one session is not in the next one's store.
    return this.channel.withReconnect('get file', signal, async () => {
      const cmd = await this.channel.command('get file', { object: path }, { wait: true, timeout, signal, reconnect: false });
      if (typeof cmd.file_id !== 'number') throw new ApiError(`get file '${path}' completed without a file_id`);
      return this.channel.fileContent(cmd.file_id, signal);
    });
  }

  /**
   * Fetches a whole file into a Buffer. With `chunkSize` it is moved in pieces (`offset`/`get_count`).
   * @example
   * ```ts
   * const data = await session.getFile('C:\\test.txt');
   * ```
   */
  async getFile(path: string, options?: GetFileOptions): Promise<Buffer> {
    if (options?.chunkSize !== undefined) return readAll(this.getFileStream(path, options));
    return readAll(await this.getRawFile(path, options));
  }

  /**
   * Streams a file of any size in pieces: one `get file` with `offset` and `get_count` per piece
   * (default 8 MiB), ending at the first short piece. Memory stays at one piece.
   */
  getFileStream(path: string, options: GetFileOptions = {}): Readable {
    requireString('getFileStream', 'path', path);
    const chunk = options.chunkSize ?? DEFAULT_CHUNK;
    if (!Number.isInteger(chunk) || chunk <= 0) throw new InvalidObjectError(`getFileStream: chunkSize must be a positive integer, got ${String(chunk)}`);
    const self = this;
    async function* pieces(): AsyncGenerator<Buffer> {
      for (let offset = 0; ; offset += chunk) {
        const signal = self.sig(options);
        const timeout = checkDuration('timeout', options.timeout, 300_000);
        const data = await self.channel.withReconnect('get file', signal, async () => {
          const cmd = await self.channel.command('get file', { object: path, offset, get_count: chunk }, { wait: true, timeout, signal, reconnect: false });
          if (typeof cmd.file_id !== 'number') throw new ApiError(`get file '${path}' completed without a file_id`);
          return readAll(await self.channel.fileContent(cmd.file_id, signal));
        });
        if (data.length > 0) yield data;
        if (data.length < chunk) return;
      }
    }
    return Readable.from(pieces(), { objectMode: false });
  }

  /**
   * Uploads `data` (a Buffer, a string or a stream) and writes it to `remotePath` on the endpoint
   * (multipart upload of field `file`, then `put file` with its `file_id`). When the session expired,
   * a Buffer or string is uploaded again to a new session; a stream is not (it cannot be re-read).
   */
  async putFile(data: Buffer | string | Readable, remotePath: string, options?: CommandOptions): Promise<void> {
    requireString('putFile', 'remotePath', remotePath);
    if (!(Buffer.isBuffer(data) || typeof data === 'string' || data instanceof Readable)) {
      throw new InvalidObjectError('putFile: data must be a Buffer, a string or a Readable stream');
    }
    const name = remotePath.split(/[\\/]/).pop() || 'file';
    const timeout = checkDuration('timeout', options?.timeout, 300_000);
    const upload = async (): Promise<void> => {
      const { body, contentType } = multipartFile('file', name, data);
      const fileId = await this.channel.upload(body, contentType, this.sig(options));
      // The uploaded file belongs to this session: a new session needs a new upload, not a re-sent command.
      await this.channel.command('put file', { object: remotePath, file_id: fileId }, { wait: true, timeout, signal: this.sig(options), reconnect: false });
    };
    // A Buffer or string can be uploaded again to a re-established session; a stream cannot be read twice.
    await this.channel.withReconnect('put file', this.sig(options), upload, !(data instanceof Readable));
  }

  /** Deletes a file on the endpoint (`delete file`). */
  async deleteFile(path: string, options?: CommandOptions): Promise<void> {
    requireString('deleteFile', 'path', path);
    await this.run('delete file', { object: path }, options);
  }

  /** Lists a directory (`directory list`); the path should end with a separator or a wildcard. */
  async listDirectory(path: string, options?: CommandOptions): Promise<DirectoryEntry[]> {
    requireString('listDirectory', 'path', path);
    const cmd = await this.run('directory list', { object: path }, options);
    return Array.isArray(cmd['files']) ? (cmd['files'] as DirectoryEntry[]) : [];
  }

  /** Creates a directory (`create directory`). */
  async createDirectory(path: string, options?: CommandOptions): Promise<void> {
    requireString('createDirectory', 'path', path);
    await this.run('create directory', { object: path }, options);
  }

  /**
   * Walks a directory tree like Python's `os.walk`: yields `[dir, subdirs, files]`, top-down by
   * default. One `directory list` of `<dir><sep>*` per directory.
   * @example
   * ```ts
   * for await (const [dir, dirs, files] of session.walk('C:\\Temp')) console.log(dir, files.length);
   * ```
   */
  async *walk(top: string, options: WalkOptions = {}): AsyncGenerator<WalkEntry> {
    requireString('walk', 'top', top);
    const topdown = options.topdown ?? true;
    const sep = this.sep;
    const base = top.endsWith(sep) ? top.slice(0, -1) : top;
    let entries: DirectoryEntry[];
    try {
      entries = await this.listDirectory(`${base}${sep}*`, options);
    } catch (e) {
      if (options.onError) {
        options.onError(e);
        return;
      }
      throw e;
    }
    const dirs: string[] = [];
    const files: string[] = [];
    for (const entry of entries) {
      if (entry.filename === '.' || entry.filename === '..') continue;
      if (Array.isArray(entry.attributes) && entry.attributes.includes('DIRECTORY')) dirs.push(entry.filename);
      else files.push(entry.filename);
    }
    if (topdown) yield [base, dirs, files];
    for (const d of dirs) yield* this.walk(`${base}${sep}${d}`, options);
    if (!topdown) yield [base, dirs, files];
  }

  // ---- registry ----------------------------------------------------------------------------

  /** Reads a registry value (`reg query value`): `{ value_data, value_name, value_type }`. */
  async getRegistryValue(path: string, options?: CommandOptions): Promise<RegistryValue> {
    requireString('getRegistryValue', 'path', path);
    const cmd = await this.run('reg query value', { object: path }, options);
    return cmd['value'] as RegistryValue;
  }

  /** Sets a registry value (`reg set value`); the type is inferred as cbapi does when not given. */
  async setRegistryValue(path: string, value: unknown, options: SetRegistryValueOptions = {}): Promise<void> {
    requireString('setRegistryValue', 'path', path);
    if (value === undefined || value === null) throw new InvalidObjectError('setRegistryValue: value must be given');
    let valueType = options.valueType;
    let data: unknown = value;
    if (valueType === undefined) {
      if (typeof value === 'number' && Number.isInteger(value)) valueType = 'REG_DWORD';
      else if (Array.isArray(value)) valueType = 'REG_MULTI_SZ';
      else valueType = 'REG_SZ';
    }
    if (valueType === 'REG_SZ' || valueType === 'REG_EXPAND_SZ') data = String(value);
    await this.run('reg set value', { object: path, overwrite: options.overwrite ?? true, value_type: valueType, value_data: data }, options);
  }

  /** Deletes a registry value (`reg delete value`). */
  async deleteRegistryValue(path: string, options?: CommandOptions): Promise<void> {
    requireString('deleteRegistryValue', 'path', path);
    await this.run('reg delete value', { object: path }, options);
  }

  /** Creates a registry key (`reg create key`). */
  async createRegistryKey(path: string, options?: CommandOptions): Promise<void> {
    requireString('createRegistryKey', 'path', path);
    await this.run('reg create key', { object: path }, options);
  }

  /** Deletes a registry key (`reg delete key`). */
  async deleteRegistryKey(path: string, options?: CommandOptions): Promise<void> {
    requireString('deleteRegistryKey', 'path', path);
    await this.run('reg delete key', { object: path }, options);
  }

  /** Enumerates a key (`reg enum key`): `{ values, sub_keys }`. One command (cbapi polled it twice). */
  async listRegistryKeysAndValues(key: string, options?: CommandOptions): Promise<RegistryKeysAndValues> {
    requireString('listRegistryKeysAndValues', 'key', key);
    const cmd = await this.run('reg enum key', { object: key }, options);
    return {
      values: Array.isArray(cmd['values']) ? (cmd['values'] as RegistryValue[]) : [],
      sub_keys: Array.isArray(cmd['sub_keys']) ? (cmd['sub_keys'] as string[]) : [],
    };
  }

  /** The values of a key (`reg enum key` → `values`), as cbapi's `list_registry_keys` returns. */
  async listRegistryKeys(key: string, options?: CommandOptions): Promise<RegistryValue[]> {
    return (await this.listRegistryKeysAndValues(key, options)).values;
  }

  // ---- processes ---------------------------------------------------------------------------

  /** Lists running processes (`process list`). */
  async listProcesses(options?: CommandOptions): Promise<ProcessEntry[]> {
    const cmd = await this.run('process list', {}, options);
    return Array.isArray(cmd['processes']) ? (cmd['processes'] as ProcessEntry[]) : [];
  }

  /**
   * Terminates a process (`kill`). Returns false when the endpoint did not confirm within the
   * timeout (default 10 s), true otherwise, as cbapi.
   * @throws {@link LiveResponseError} when the endpoint reports an error (e.g. no such pid).
   */
  async killProcess(pid: number, options: CommandOptions = {}): Promise<boolean> {
    if (!Number.isInteger(pid) || pid < 0) throw new InvalidObjectError(`killProcess: pid must be a non-negative integer, got ${String(pid)}`);
    try {
      await this.run('kill', { object: pid }, { ...options, timeout: options.timeout ?? 10_000 });
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'TimeoutError' && !this.sig(options)?.aborted) return false;
      throw e;
    }
  }

  /**
   * Starts a process (`create process`). With `waitForOutput` (default) it waits for completion,
   * fetches the output file and deletes it (without waiting), returning the output; otherwise
   * returns undefined.
   * @example
   * ```ts
   * const out = await session.createProcess('cmd.exe /c "ping.exe 192.168.1.1"', { timeout: 60_000 });
   * ```
   */
  async createProcess(command: string, options: CreateProcessOptions = {}): Promise<Buffer | undefined> {
    requireString('createProcess', 'command', command);
    const waitForOutput = options.waitForOutput ?? true;
    const waitForCompletion = waitForOutput || (options.waitForCompletion ?? true);
    const timeout = checkDuration('timeout', options.timeout, 30_000);
    let outputFile = options.remoteOutputFileName;
    if (waitForOutput && outputFile === undefined) outputFile = this.tempName();
    const fields: Record<string, unknown> = { object: command, wait: waitForCompletion };
    if (outputFile !== undefined) fields['output_file'] = outputFile;
    if (options.workingDirectory !== undefined) fields['working_directory'] = options.workingDirectory;
    await this.channel.command('create process', fields, { wait: waitForCompletion, timeout, signal: this.sig(options) });
    if (!waitForOutput || outputFile === undefined) return undefined;
    const output = await this.getFile(outputFile, { signal: options.signal, timeout });
    await this.run('delete file', { object: outputFile }, { signal: options.signal }, false);
    return output;
  }

  // ---- memory ------------------------------------------------------------------------------

  /**
   * Starts a memory dump (`memdump`, compressed by default) and returns a handle to wait for,
   * fetch and delete it.
   */
  async startMemdump(options: MemdumpOptions = {}): Promise<MemdumpHandle> {
    const remote = options.remoteFilename ?? this.tempName();
    const compress = options.compress ?? true;
    const timeout = checkDuration('timeout', options.timeout, 3_600_000);
    const cmd = await this.run('memdump', { object: remote, compress }, { signal: options.signal }, false);
    const ops = {
      waitForCommand: (id: number, t: number, s: AbortSignal | undefined) => this.channel.waitForCommand(id, t, anySignal(this.defaultSignal, s)),
      getRawFile: (p: string, o: { timeout: number; signal?: AbortSignal }) => this.getRawFile(p, o),
      deleteFile: (p: string, o: { signal?: AbortSignal }) => this.deleteFile(p, o),
    };
    return new MemdumpHandle(ops, cmd, compress ? `${remote}.zip` : remote, timeout, options.onProgress);
  }

  /**
   * Dumps memory to `localPath`: start → wait → download → delete on the endpoint (uncompressed by
   * default, as cbapi). Returns the bytes written; `onProgress` reports each phase.
   */
  async memdump(localPath: string, options: MemdumpOptions = {}): Promise<number> {
    requireString('memdump', 'localPath', localPath);
    const handle = await this.startMemdump({ ...options, compress: options.compress ?? false });
    const bytes = await handle.get(localPath, { signal: options.signal });
    await handle.delete({ signal: options.signal });
    return bytes;
  }

  // ---- lifetime ----------------------------------------------------------------------------

  /** Releases the session (closes it on the server unless a job runner still owns it). Safe to call twice. */
  async close(): Promise<void> {
    await this.closer();
  }

  /** `await using s = await sensor.lrSession()` closes the session at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
