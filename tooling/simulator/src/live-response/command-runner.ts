import { zipSync } from 'fflate';
import { CommandFailure } from './command-failure.js';
import { runProcess } from './process-output.js';
import { REGISTRY_VALUE_TYPES, type RegistryValueType, type SensorRegistry } from './sensor-registry.js';
import { randomBytes, type SimulatedEndpoint } from './simulated-endpoint.js';
import type { Prng } from '../world/prng.js';

/** Every Live Response command a Windows sensor supports, in the order a 6.2 server listed them. */
export const WINDOWS_COMMANDS = [
  'delete file',
  'put file',
  'reg delete key',
  'directory list',
  'reg create key',
  'get file',
  'reg enum key',
  'reg query value',
  'kill',
  'create process',
  'process list',
  'reg delete value',
  'reg set value',
  'create directory',
  'memdump',
] as const;

/** The commands of Linux and macOS sensors (no registry). */
export const POSIX_COMMANDS = WINDOWS_COMMANDS.filter((name) => !name.startsWith('reg '));

/** What a command needs besides the endpoint. */
export interface CommandContext {
  readonly endpoint: SimulatedEndpoint;
  /** The session's working directory (relative paths resolve against it). */
  readonly cwd: string;
  /** Current time, epoch ms. */
  readonly now: () => number;
  /** Size of a memory image. */
  readonly memdumpBytes: number;
  /** Randomness for generated content (memory images). */
  readonly random: Prng;
  /** The content of the session file `id` (an upload), or undefined. */
  uploaded(id: number): Buffer | undefined;
}

/** The request fields of a command, as posted. */
export type CommandRequest = Readonly<Record<string, unknown>>;

/**
 * Runs one command on the endpoint. Returns the fields the completed command object gains
 * (`files`, `processes`, `values`/`sub_keys`, `value`, `pid`/`return_code`) and, for `get file`,
 * the bytes for the command's `file_id`. Throws {@link CommandFailure} for an `error` outcome.
 */
export function runCommand(context: CommandContext, request: CommandRequest): { fields: Record<string, unknown>; fileData?: Buffer } {
  const { endpoint, cwd } = context;
  const fs = endpoint.fs;
  const name = request['name'];
  const object = request['object'];
  switch (name) {
    case 'get file': {
      const offset = optionalInt(request['offset'], 'offset') ?? 0;
      const count = optionalInt(request['get_count'], 'get_count');
      return { fields: {}, fileData: fs.readFile(text(object, 'object'), cwd, offset, count) };
    }
    case 'put file': {
      const fileId = optionalInt(request['file_id'], 'file_id');
      if (fileId === undefined) throw new CommandFailure('INVALID_PARAMETER', 'put file needs file_id (the id of an uploaded file)');
      const data = context.uploaded(fileId);
      if (!data) throw new CommandFailure('INVALID_PARAMETER', `No uploaded file with id ${fileId} in this session`);
      fs.writeFile(text(object, 'object'), cwd, data, { overwrite: false });
      return { fields: {} };
    }
    case 'delete file':
      fs.deleteFile(text(object, 'object'), cwd);
      return { fields: {} };
    case 'directory list':
      return { fields: { files: fs.list(text(object, 'object'), cwd) } };
    case 'create directory':
      fs.createDirectory(text(object, 'object'), cwd);
      return { fields: {} };
    case 'process list':
      return { fields: { processes: endpoint.processes.list() } };
    case 'kill': {
      const pid = typeof object === 'number' ? object : typeof object === 'string' && /^\d+$/.test(object.trim()) ? Number(object) : NaN;
      if (!Number.isInteger(pid)) throw new CommandFailure('INVALID_PARAMETER', `kill needs a pid in object, got ${JSON.stringify(object)}`);
      endpoint.processes.kill(pid);
      return { fields: {} };
    }
    case 'create process':
      return { fields: createProcess(context, request) };
    case 'memdump':
      return { fields: memdump(context, request) };
    case 'reg enum key':
      return { fields: registry(endpoint).enumKey(text(object, 'object')) };
    case 'reg query value':
      return { fields: { value: registry(endpoint).queryValue(text(object, 'object')) } };
    case 'reg set value': {
      const data = request['value_data'];
      if (data === undefined || data === null) throw new CommandFailure('INVALID_PARAMETER', 'reg set value needs value_data');
      if (typeof data !== 'string' && typeof data !== 'number' && !(Array.isArray(data) && data.every((d) => typeof d === 'string'))) {
        throw new CommandFailure('INVALID_PARAMETER', 'value_data must be a string, a number or a list of strings');
      }
      const type = valueType(request['value_type'], data);
      registry(endpoint).setValue(text(object, 'object'), type, data, request['overwrite'] === true || request['overwrite'] === 'true');
      return { fields: {} };
    }
    case 'reg create key':
      registry(endpoint).createKey(text(object, 'object'));
      return { fields: {} };
    case 'reg delete key':
      registry(endpoint).deleteKey(text(object, 'object'));
      return { fields: {} };
    case 'reg delete value':
      registry(endpoint).deleteValue(text(object, 'object'));
      return { fields: {} };
    default:
      throw new CommandFailure('INVALID_PARAMETER', `Unknown command ${String(name)}`);
  }
}

function createProcess(context: CommandContext, request: CommandRequest): Record<string, unknown> {
  const { endpoint } = context;
  const commandLine = text(request['object'], 'object');
  const workingDirectory = request['working_directory'];
  let cwd = context.cwd;
  if (workingDirectory !== undefined && workingDirectory !== null && workingDirectory !== '') {
    const dir = endpoint.fs.stat(text(workingDirectory, 'working_directory'), context.cwd);
    if (!dir || dir.kind !== 'dir') throw new CommandFailure('PATH_NOT_FOUND', `Working directory ${String(workingDirectory)} not found`);
    cwd = endpoint.fs.absolute(String(workingDirectory), context.cwd);
  }
  const wait = request['wait'] === true || request['wait'] === 'true';
  const run = runProcess(endpoint, commandLine, cwd);
  const outputFile = request['output_file'];
  if (outputFile !== undefined && outputFile !== null && outputFile !== '') {
    endpoint.fs.writeFile(text(outputFile, 'output_file'), cwd, Buffer.from(run.output, 'utf8'), { overwrite: true });
  }
  const user = endpoint.windows ? 'NT AUTHORITY\\SYSTEM' : 'root';
  const pid = !wait && run.longRunning ? endpoint.processes.spawn(endpoint.windows ? run.imagePath.toLowerCase() : run.imagePath, commandLine, user) : endpoint.processes.transientPid();
  return wait ? { pid, return_code: run.returnCode } : { pid };
}

function memdump(context: CommandContext, request: CommandRequest): Record<string, unknown> {
  const target = text(request['object'], 'object');
  const compress = request['compress'] === true || request['compress'] === 'true';
  const image = randomBytes(context.random, context.memdumpBytes);
  (context.endpoint.windows ? Buffer.from('PAGEDU64', 'latin1') : Buffer.from('ELF\x7f', 'latin1')).copy(image, 0);
  const fs = context.endpoint.fs;
  if (compress) {
    const zipped = zipSync({ [target.split(/[\\/]/).pop() ?? 'memory.dmp']: image }, { level: 1 });
    fs.writeFile(`${target}.zip`, context.cwd, Buffer.from(zipped), { overwrite: true });
  } else {
    fs.writeFile(target, context.cwd, image, { overwrite: true });
  }
  return {};
}

function registry(endpoint: SimulatedEndpoint): SensorRegistry {
  if (!endpoint.registry) throw new CommandFailure('INVALID_PARAMETER', 'This sensor has no registry');
  return endpoint.registry;
}

function valueType(raw: unknown, data: unknown): RegistryValueType {
  if (raw === undefined || raw === null || raw === '') {
    if (typeof data === 'number') return 'REG_DWORD';
    if (Array.isArray(data)) return 'REG_MULTI_SZ';
    return 'REG_SZ';
  }
  const type = String(raw).toUpperCase();
  const known = REGISTRY_VALUE_TYPES.find((t) => t === type);
  if (!known) throw new CommandFailure('INVALID_PARAMETER', `Unknown value_type ${String(raw)}`);
  return known;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new CommandFailure('INVALID_PARAMETER', `${field} must be a non-empty string`);
  return value;
}

function optionalInt(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0) throw new CommandFailure('INVALID_PARAMETER', `${field} must be a non-negative integer`);
  return n;
}
