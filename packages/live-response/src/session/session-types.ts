/** Result shapes of Live Response commands, as the server sends them (protocol.md §5.4, §9). */

/** A command object (`POST .../command` reply, `GET .../command/<id>`). @public */
export interface CommandResult {
  id: number;
  session_id: number | string;
  sensor_id?: number;
  name: string;
  object?: unknown;
  status: string;
  create_time?: number;
  completion?: number;
  result_code?: number;
  result_type?: string;
  result_desc?: string;
  file_id?: number;
  [field: string]: unknown;
}

/** One entry of `directory list` (times are unix seconds). @public */
export interface DirectoryEntry {
  filename: string;
  /** Windows attribute names without `FILE_ATTRIBUTE_`, e.g. `DIRECTORY`, `ARCHIVE`. */
  attributes: string[];
  size: number;
  create_time?: number;
  last_access_time?: number;
  last_write_time?: number;
  alt_name?: string;
  [field: string]: unknown;
}

/** One entry of `process list`. @public */
export interface ProcessEntry {
  pid: number;
  parent?: number;
  parent_guid?: string;
  proc_guid?: string;
  path?: string;
  command_line?: string;
  create_time?: number;
  sid?: string;
  username?: string;
  [field: string]: unknown;
}

/** A registry value (`reg query value`, `reg enum key`). @public */
export interface RegistryValue {
  value_name: string;
  value_type: string;
  value_data: unknown;
  [field: string]: unknown;
}

/** `reg enum key` result. @public */
export interface RegistryKeysAndValues {
  values: RegistryValue[];
  sub_keys: string[];
}

/** One step of `walk()`: `[directory, subdirectory names, file names]`, as Python's `os.walk`. @public */
export type WalkEntry = [top: string, dirs: string[], files: string[]];

/** Options every session command takes. Durations in ms. @public */
export interface CommandOptions {
  /** How long to wait for the command to finish. @defaultValue 300_000 */
  timeout?: number;
  signal?: AbortSignal;
}

/** `createProcess` options, one to one with cbapi's keyword arguments. @public */
export interface CreateProcessOptions extends CommandOptions {
  /** Wait for the process and return its output (forces `waitForCompletion`). @defaultValue true */
  waitForOutput?: boolean;
  /** Wait until the process exits. @defaultValue true */
  waitForCompletion?: boolean;
  /** Remote file receiving stdout and stderr; a random temp file when waiting for output. */
  remoteOutputFileName?: string;
  /** Working directory of the new process. */
  workingDirectory?: string;
  /** cbapi's `wait_timeout`: how long to wait for completion. @defaultValue 30_000 */
  timeout?: number;
}

/** `getFile` / `getFileStream` options. @public */
export interface GetFileOptions extends CommandOptions {
  /**
   * Fetch the file in pieces of this many bytes (`get file` with `offset`/`get_count`), so a large
   * file is never held whole on the server or in memory. `getFile` sends one `get file` without it.
   */
  chunkSize?: number;
}

/** Progress of a memory dump. @public */
export interface MemdumpProgress {
  phase: 'dumping' | 'downloading' | 'done';
  /** Bytes downloaded so far (downloading phase). */
  bytes: number;
  /** Milliseconds since the dump started. */
  elapsedMs: number;
}

/** `startMemdump` / `memdump` options. @public */
export interface MemdumpOptions extends CommandOptions {
  /** Remote file name of the dump; a random temp file by default. */
  remoteFilename?: string;
  /** Compress the dump (the file fetched becomes `<name>.zip`). @defaultValue true for startMemdump, false for memdump (as cbapi) */
  compress?: boolean;
  /** Called as the dump and the download progress. */
  onProgress?: (progress: MemdumpProgress) => void;
  /** How long to wait for the dump. @defaultValue 3_600_000 */
  timeout?: number;
}

/** `setRegistryValue` options. @public */
export interface SetRegistryValueOptions extends CommandOptions {
  /** Overwrite an existing value. @defaultValue true */
  overwrite?: boolean;
  /** REG_DWORD, REG_QWORD, REG_SZ, REG_MULTI_SZ, ...; inferred when absent (integer → REG_DWORD, array → REG_MULTI_SZ, else REG_SZ). */
  valueType?: string;
}

/** `walk` options. @public */
export interface WalkOptions extends CommandOptions {
  /** Yield a directory before its subdirectories. @defaultValue true */
  topdown?: boolean;
  /** Called with the error of a failing `directory list`; the walk skips that directory. Without it the error is thrown. */
  onError?: (error: unknown) => void;
}
