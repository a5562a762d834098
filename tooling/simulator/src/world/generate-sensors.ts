import type { Prng } from './prng.js';
import type { OsKind, SensorDoc, SimSensor } from './types.js';
import { cbDateTime } from './time-format.js';

interface OsProfile {
  kind: OsKind;
  osType: number;
  environmentId: number;
  display: string;
  prefix: string;
  groupId: number;
}

const WINDOWS_DESKTOPS: OsProfile[] = [
  { kind: 'windows', osType: 1, environmentId: 1, display: 'Windows 7 Professional Service Pack 1, 64-bit', prefix: 'WIN7', groupId: 1 },
  { kind: 'windows', osType: 1, environmentId: 2, display: 'Windows 7 Enterprise Service Pack 1, 64-bit', prefix: 'WIN7', groupId: 3 },
  { kind: 'windows', osType: 1, environmentId: 3, display: 'Windows 10 Enterprise, 64-bit', prefix: 'DESKTOP', groupId: 3 },
  { kind: 'windows', osType: 1, environmentId: 4, display: 'Windows 10 Pro, 64-bit', prefix: 'LAPTOP', groupId: 1 },
];
const WINDOWS_SERVERS: OsProfile[] = [
  { kind: 'windows', osType: 1, environmentId: 5, display: 'Windows Server 2012 R2 Server Standard, 64-bit', prefix: 'SRV', groupId: 2 },
  { kind: 'windows', osType: 1, environmentId: 6, display: 'Windows Server 2016 Server Datacenter, 64-bit', prefix: 'SRV', groupId: 2 },
];
const MACS: OsProfile[] = [
  { kind: 'osx', osType: 2, environmentId: 7, display: 'Mac OSX 10.13.2', prefix: 'MBP', groupId: 4 },
  { kind: 'osx', osType: 2, environmentId: 8, display: 'Mac OSX 10.12.6', prefix: 'IMAC', groupId: 4 },
];
const LINUXES: OsProfile[] = [
  { kind: 'linux', osType: 3, environmentId: 9, display: 'CentOS Linux 7.4.1708', prefix: 'lnx-web', groupId: 2 },
  { kind: 'linux', osType: 3, environmentId: 10, display: 'Ubuntu 16.04.3 LTS', prefix: 'lnx-build', groupId: 2 },
];

const DEPARTMENTS = ['ACCT', 'HR', 'ENG', 'SALES', 'MKT', 'LEGAL', 'IT', 'OPS'];
const SERVER_ROLES = ['DC', 'FS', 'SQL', 'WEB', 'EXCH', 'APP', 'BKP'];
const FIRST = ['james', 'mary', 'john', 'patricia', 'robert', 'jennifer', 'michael', 'linda', 'william', 'elizabeth', 'david', 'susan', 'richard', 'jessica', 'joseph', 'sarah', 'thomas', 'karen', 'chris', 'nancy'];
const LAST = ['smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez', 'hernandez', 'lopez', 'wilson', 'anderson', 'taylor', 'moore', 'jackson', 'martin', 'lee', 'thompson'];
const HEALTH: [number, string][] = [
  [100, 'Healthy'],
  [95, 'Elevated memory usage'],
  [90, 'Elevated handle count'],
  [85, 'High event queue'],
];

/** The OS of the n-th sensor (1-based): mostly Windows, every 12th a Mac, every 17th Linux, some servers. */
function profileFor(rng: Prng, n: number): OsProfile {
  if (n % 17 === 0) return rng.pick(LINUXES);
  if (n % 12 === 0) return rng.pick(MACS);
  if (n % 7 === 0) return rng.pick(WINDOWS_SERVERS);
  return rng.pick(WINDOWS_DESKTOPS);
}

/**
 * Generates `count` sensors (ids 1..count); the last `offline` of them are Offline. Sensor 1 is always a
 * Windows 7 workstation, as in the recordings.
 */
export function generateSensors(rng: Prng, count: number, offline: number, nowMs: number): SimSensor[] {
  const sensors: SimSensor[] = [];
  const domain = 'ACME';
  const sidBase = `S-1-5-21-${rng.int(100_000_000, 999_999_999)}-${rng.int(1_000_000_000, 3_999_999_999)}-${rng.int(1_000_000_000, 1_999_999_999)}`;
  const usedNames = new Set<string>();
  for (let id = 1; id <= count; id++) {
    const os = id === 1 ? (WINDOWS_DESKTOPS[0] as OsProfile) : profileFor(rng, id);
    const isServer = os.groupId === 2;
    let name: string;
    do {
      if (os.kind === 'linux') name = `${os.prefix}-${String(rng.int(1, 99)).padStart(2, '0')}`;
      else if (isServer) name = `${os.prefix}-${rng.pick(SERVER_ROLES)}${String(rng.int(1, 20)).padStart(2, '0')}`;
      else if (os.kind === 'osx') name = `${os.prefix}-${rng.pick(FIRST).toUpperCase()}`;
      else name = `${os.prefix}-${rng.pick(DEPARTMENTS)}-${String(rng.int(1, 9999)).padStart(4, '0')}`;
    } while (usedNames.has(name));
    usedNames.add(name);
    const userName = isServer ? rng.pick(['svc_backup', 'svc_sql', 'administrator']) : `${rng.pick(FIRST)}.${rng.pick(LAST)}`;
    const subnet = isServer ? 10 : os.kind === 'osx' ? 30 : 20;
    const ipAddress = `10.${subnet}.${Math.floor(id / 250)}.${(id % 250) + 2}`;
    const macAddress = `00155d${rng.hex(6)}`;
    const isOffline = id > count - offline;
    const registeredMs = nowMs - rng.int(30, 400) * 86_400_000;
    const bootMs = nowMs - rng.int(2 * 3_600_000, 25 * 86_400_000);
    const lastCheckin = isOffline ? nowMs - rng.int(2, 30) * 86_400_000 : nowMs - rng.int(1_000, 30_000);
    const [healthStatus, healthMessage] = isOffline ? [100, 'Healthy'] : rng.pick(HEALTH);
    const memory = rng.pick([4, 8, 8, 16, 32]) * 1_073_741_824;
    const total = rng.pick([128, 256, 256, 512]) * 1_000_000_000 + rng.int(0, 999_999_999);
    const doc: SensorDoc = {
      systemvolume_total_size: String(total),
      emet_telemetry_path: '',
      os_environment_display_string: os.display,
      emet_version: '',
      emet_dump_flags: '',
      clock_delta: String(rng.int(0, 400)),
      supports_cblr: true,
      sensor_uptime: String(Math.floor((nowMs - bootMs) / 1000) + 120),
      last_update: cbDateTime(lastCheckin + 6_000),
      physical_memory_size: String(memory),
      build_id: os.kind === 'windows' ? 11 : 12,
      uptime: String(Math.floor((nowMs - bootMs) / 1000)),
      is_isolating: false,
      event_log_flush_time: null,
      computer_dns_name: os.kind === 'windows' ? `${name}.acme.local` : name,
      emet_report_setting: os.kind === 'windows' ? ' (Locally configured)' : '',
      id,
      emet_process_count: 0,
      emet_is_gpo: false,
      power_state: 0,
      network_isolation_enabled: false,
      uninstalled: null,
      systemvolume_free_size: String(Math.floor(total * (0.1 + rng.next() * 0.6))),
      status: isOffline ? 'Offline' : 'Online',
      num_eventlog_bytes: String(isOffline ? 0 : rng.int(0, 400) * 100),
      sensor_health_message: healthMessage,
      build_version_string: os.kind === 'windows' ? '006.000.002.70329' : '006.000.002.70411',
      computer_sid: os.kind === 'windows' ? `${sidBase}-${1000 + id}` : '',
      next_checkin_time: cbDateTime(lastCheckin + 30_000),
      node_id: 0,
      cookie: rng.int(100_000_000, 2_147_483_647),
      emet_exploit_action: os.kind === 'windows' ? ' (Locally configured)' : '',
      computer_name: name,
      license_expiration: '1990-01-01 00:00:00-06:00',
      supports_isolation: true,
      parity_host_id: '0',
      supports_2nd_gen_modloads: false,
      network_adapters: `${ipAddress},${macAddress}|`,
      sensor_health_status: healthStatus,
      registration_time: cbDateTime(registeredMs),
      restart_queued: false,
      notes: null,
      num_storefiles_bytes: String(rng.chance(0.2) ? rng.int(1, 90) * 1024 : 0),
      os_environment_id: os.environmentId,
      shard_id: 0,
      boot_id: String(rng.int(1, 120)),
      last_checkin_time: cbDateTime(lastCheckin),
      os_type: os.osType,
      group_id: os.groupId,
      display: true,
      uninstall: false,
    };
    sensors.push({
      doc,
      osKind: os.kind,
      ipAddress,
      macAddress,
      domain,
      userName,
      drives: os.kind === 'windows' ? ['A:\\', 'C:\\', 'D:\\'] : ['/'],
      bootMs,
      processes: [],
    });
  }
  return sensors;
}
