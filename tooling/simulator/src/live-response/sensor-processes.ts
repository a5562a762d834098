import type { SimWorld } from '../state.js';
import { CommandFailure } from './command-failure.js';

/** A `process list` entry, as the server sends it (recording 13). */
export interface ProcessEntry {
  username: string;
  parent: number;
  parent_guid: string;
  pid: number;
  command_line: string;
  create_time: number;
  sid: string;
  path: string;
  proc_guid: string;
}

/**
 * The running processes of one sensor, read from and written to the shared world: `process list`
 * shows the world's running processes, `kill` ends one there and `create process` starts one
 * there, so the Cb Response process routes see the same thing.
 */
export class SensorProcesses {
  constructor(
    private readonly world: SimWorld,
    private readonly sensorId: number,
    private readonly windows: boolean,
  ) {}

  /** Every running process, by pid. */
  list(): ProcessEntry[] {
    return this.world
      .runningProcesses(this.sensorId)
      .map((p) => ({
        username: p.username,
        parent: p.parentPid,
        parent_guid: p.parentGuid,
        pid: p.pid,
        command_line: p.cmdline,
        create_time: Math.floor(p.startMs / 1000),
        sid: p.sid,
        path: p.path,
        proc_guid: p.guid,
      }))
      .sort((a, b) => a.pid - b.pid);
  }

  /** `kill`: unknown pid → ERROR_INVALID_PARAMETER (what a sensor answered); the kernel and init → ERROR_ACCESS_DENIED. */
  kill(pid: number): void {
    const running = this.world.runningProcesses(this.sensorId).find((p) => p.pid === pid);
    if (!running) throw new CommandFailure('INVALID_PARAMETER', `No process with pid ${String(pid)}`);
    if ((this.windows && pid <= 4) || (!this.windows && pid <= 1) || running.name === 'system') {
      throw new CommandFailure('ACCESS_DENIED', `Process ${pid} cannot be terminated`);
    }
    this.world.terminateProcess(this.sensorId, pid);
  }

  /** Starts a process that keeps running (it shows in the world until killed); returns its pid. */
  spawn(path: string, commandLine: string, username: string, parentPid?: number): number {
    return this.world.spawnProcess(this.sensorId, { path, cmdline: commandLine, username, ...(parentPid !== undefined ? { parentPid } : {}) }).pid;
  }

  /** A pid no running process has (for a process that exits at once). */
  transientPid(): number {
    const used = new Set(this.world.processesOf(this.sensorId).map((p) => p.pid));
    let pid = 4000 + ((this.world.version * 4) % 40_000);
    while (used.has(pid)) pid += 4;
    return pid;
  }
}
