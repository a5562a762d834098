import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CommandResult, MemdumpProgress } from './session-types.js';

/** What a MemdumpHandle needs from its session. @internal */
export interface MemdumpSessionOps {
  waitForCommand(commandId: number, timeout: number, signal: AbortSignal | undefined): Promise<CommandResult>;
  getRawFile(path: string, options: { timeout: number; signal?: AbortSignal }): Promise<Readable>;
  deleteFile(path: string, options: { signal?: AbortSignal }): Promise<void>;
}

/**
 * A memory dump in progress on the endpoint (`session.startMemdump()`): `wait()` for it, `get()` the
 * file (to a local path or as a stream) and `delete()` it from the endpoint.
 * @example
 * ```ts
 * const dump = await session.startMemdump();
 * await dump.get('/tmp/host.dmp.zip');
 * await dump.delete();
 * ```
 * @public
 */
export class MemdumpHandle {
  private done: Promise<CommandResult> | undefined;
  private readonly started = Date.now();

  /** @internal */
  constructor(
    private readonly ops: MemdumpSessionOps,
    /** The `memdump` command as the server accepted it. */
    readonly command: CommandResult,
    /** The remote file name the dump is written to (`.zip` appended when compressed). */
    readonly remoteFilename: string,
    private readonly timeout: number,
    private readonly onProgress: ((p: MemdumpProgress) => void) | undefined,
  ) {}

  /**
   * Waits until the dump is written (long poll; default deadline 1 h).
   * @throws {@link LiveResponseError} when the endpoint reports an error; {@link TimeoutError} at the deadline.
   */
  wait(options: { signal?: AbortSignal } = {}): Promise<CommandResult> {
    if (!this.done) {
      this.onProgress?.({ phase: 'dumping', bytes: 0, elapsedMs: Date.now() - this.started });
      this.done = this.ops.waitForCommand(this.command.id, this.timeout, options.signal);
      this.done.catch(() => undefined);
    }
    return this.done;
  }

  /**
   * Waits for the dump, then downloads it: to `localPath` when given (returns the byte count),
   * otherwise returns the stream.
   */
  async get(localPath: string, options?: { signal?: AbortSignal }): Promise<number>;
  async get(localPath?: undefined, options?: { signal?: AbortSignal }): Promise<Readable>;
  async get(localPath?: string, options: { signal?: AbortSignal } = {}): Promise<number | Readable> {
    await this.wait(options);
    const raw = await this.ops.getRawFile(this.remoteFilename, { timeout: this.timeout, signal: options.signal });
    let bytes = 0;
    const onProgress = this.onProgress;
    const started = this.started;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        onProgress?.({ phase: 'downloading', bytes, elapsedMs: Date.now() - started });
        cb(null, chunk);
      },
      flush(cb) {
        onProgress?.({ phase: 'done', bytes, elapsedMs: Date.now() - started });
        cb();
      },
    });
    if (localPath === undefined) return raw.pipe(counter);
    await pipeline(raw, counter, createWriteStream(localPath), { signal: options.signal });
    return bytes;
  }

  /** Deletes the dump file from the endpoint. */
  async delete(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.ops.deleteFile(this.remoteFilename, options);
  }
}
