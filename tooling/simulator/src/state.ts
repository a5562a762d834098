import { Prng } from './world/prng.js';
import { SimClock } from './world/sim-clock.js';
import { generateSensors } from './world/generate-sensors.js';
import { generateProcesses } from './world/generate-processes.js';
import { guidOf } from './world/guid.js';
import type { SensorDoc, SimProcess, SimSensor } from './world/types.js';

export type { OsKind, SensorDoc, SimProcess, SimSensor } from './world/types.js';

/** What the simulated world is built from. All fields have defaults (see {@link SimWorld}). */
export interface WorldOptions {
  /** Same seed, same data, same ids. @defaultValue 1 */
  seed?: number | string;
  /** Number of sensors. @defaultValue 10 */
  sensors?: number;
  /** How many of them are Offline (the last ones by id; they never answer Live Response). @defaultValue 0 */
  offlineSensors?: number;
  /** Processes generated per sensor (running ones plus finished short-lived ones). @defaultValue 40 */
  processesPerSensor?: number;
  /** The simulated "now" at start, epoch ms. @defaultValue 2018-02-06T18:44:47Z (the recordings' date) */
  startTimeMs?: number;
  /** Server version string; `5.x` switches to the 5.x wire formats. @defaultValue '6.2.0.171114.1158' */
  serverVersion?: string;
}

/** Default server version: the one the recordings came from. */
export const DEFAULT_SERVER_VERSION = '6.2.0.171114.1158';
/** Default simulated start time: when the recordings were made. */
export const DEFAULT_START_TIME_MS = Date.UTC(2018, 1, 6, 18, 44, 47);

/**
 * The shared simulated estate: sensors, their processes, a seeded PRNG and a clock. The Cb Response
 * routes and the Live Response part both read and change this one object, so a process started by
 * Live Response shows up in `process list` and a sensor that goes Offline stops answering everywhere.
 *
 * @example
 * ```ts
 * const world = new SimWorld({ seed: 1, sensors: 5, offlineSensors: 1 });
 * world.sensor(1)?.doc.computer_name; // e.g. 'WIN7-ACCT-0001'
 * world.runningProcesses(1).map((p) => p.pid);
 * ```
 * @public
 */
export class SimWorld {
  /** The root PRNG; components should `fork('<name>')` their own stream to stay independent. */
  readonly rng: Prng;
  readonly clock: SimClock;
  readonly seed: number | string;
  readonly serverVersion: string;
  /** Major version number of {@link serverVersion} (5, 6, 7 ...). */
  readonly majorVersion: number;
  /** All sensors, ordered by id (ids start at 1). */
  readonly sensors: SimSensor[];
  /** Incremented whenever processes are added or ended (caches of derived documents key on it). */
  version = 0;
  private readonly sensorById = new Map<number, SimSensor>();
  private readonly processByGuid = new Map<string, SimProcess>();

  constructor(options: WorldOptions = {}) {
    this.seed = options.seed ?? 1;
    this.rng = new Prng(this.seed);
    this.clock = new SimClock(options.startTimeMs ?? DEFAULT_START_TIME_MS);
    this.serverVersion = options.serverVersion ?? DEFAULT_SERVER_VERSION;
    this.majorVersion = Number.parseInt(this.serverVersion, 10) || 6;
    const count = options.sensors ?? 10;
    const offline = Math.min(options.offlineSensors ?? 0, count);
    this.sensors = generateSensors(this.rng.fork('sensors'), count, offline, this.clock.startMs);
    for (const sensor of this.sensors) {
      this.sensorById.set(sensor.doc.id, sensor);
      sensor.processes = generateProcesses(
        this.rng.fork(`processes/${sensor.doc.id}`),
        sensor,
        options.processesPerSensor ?? 40,
        this.clock.startMs,
      );
      for (const p of sensor.processes) this.processByGuid.set(p.guid, p);
    }
  }

  /** The sensor with this id, or undefined. */
  sensor(id: number): SimSensor | undefined {
    return this.sensorById.get(id);
  }

  /** Every process ever seen on a sensor (running and finished), by start time. */
  processesOf(sensorId: number): SimProcess[] {
    return this.sensorById.get(sensorId)?.processes ?? [];
  }

  /** The processes running on a sensor now (what Live Response `process list` shows). */
  runningProcesses(sensorId: number): SimProcess[] {
    return this.processesOf(sensorId).filter((p) => p.endMs === null);
  }

  /** A process by its 36-character GUID (a 45/49-character id with segment suffix also works). */
  process(guid: string): SimProcess | undefined {
    return this.processByGuid.get(guid.toLowerCase().slice(0, 36));
  }

  /** All processes of all sensors. */
  allProcesses(): IterableIterator<SimProcess> {
    return this.processByGuid.values();
  }

  /**
   * Starts a new process on a sensor (Live Response `create process`), child of `parentPid` (default:
   * the sensor's explorer/launchd/init), and returns it. Throws RangeError for an unknown sensor.
   */
  spawnProcess(sensorId: number, init: { path: string; cmdline?: string; username?: string; parentPid?: number }): SimProcess {
    const sensor = this.sensorById.get(sensorId);
    if (!sensor) throw new RangeError(`no sensor with id ${sensorId}`);
    const running = sensor.processes.filter((p) => p.endMs === null);
    const parent =
      (init.parentPid !== undefined ? running.find((p) => p.pid === init.parentPid) : undefined) ??
      running.find((p) => /^(explorer\.exe|launchd|systemd|init)$/.test(p.name)) ??
      running[0];
    const used = new Set(running.map((p) => p.pid));
    let pid = 1000 + (sensor.processes.length * 4) % 60000;
    while (used.has(pid)) pid += 4;
    const now = this.clock.now();
    const name = init.path.split(/[\\/]/).pop() ?? init.path;
    const process: SimProcess = {
      guid: guidOf(sensorId, pid, now),
      sensorId,
      pid,
      parentPid: parent?.pid ?? 0,
      parentGuid: parent?.guid ?? guidOf(sensorId, 0, 0),
      name: name.toLowerCase(),
      path: init.path,
      cmdline: init.cmdline ?? init.path,
      username: init.username ?? parent?.username ?? 'SYSTEM',
      sid: parent?.sid ?? 's-1-5-18',
      md5: this.rng.hex(32).toUpperCase(),
      startMs: now,
      endMs: null,
      lastUpdateMs: now,
      segments: [now],
      childGuids: [],
      eventSeed: `${String(this.seed)}/spawn/${sensorId}/${pid}/${now}`,
      suppressed: false,
    };
    parent?.childGuids.push(process.guid);
    sensor.processes.push(process);
    this.processByGuid.set(process.guid, process);
    this.version++;
    return process;
  }

  /** Ends a running process (Live Response `kill`); false when no such running pid. */
  terminateProcess(sensorId: number, pid: number): boolean {
    const process = this.processesOf(sensorId).find((p) => p.pid === pid && p.endMs === null);
    if (!process) return false;
    process.endMs = this.clock.now();
    process.lastUpdateMs = process.endMs;
    this.version++;
    return true;
  }

  /** Replaces the whole sensor document fields given (used by sensor PUT); `doc.id` never changes. */
  updateSensorDoc(sensorId: number, changes: Partial<SensorDoc>): void {
    const sensor = this.sensorById.get(sensorId);
    if (!sensor) throw new RangeError(`no sensor with id ${sensorId}`);
    Object.assign(sensor.doc, changes, { id: sensor.doc.id });
  }
}
