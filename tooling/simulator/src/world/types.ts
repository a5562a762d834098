/** Operating system family of a simulated endpoint. */
export type OsKind = 'windows' | 'osx' | 'linux';

/**
 * A Cb Response sensor document exactly as `GET /api/v1/sensor/<id>` sends it (6.2): note the many
 * numbers sent as strings and the `YYYY-MM-DD HH:MM:SS.ffffff±HH:MM` dates.
 */
export interface SensorDoc {
  id: number;
  computer_name: string;
  computer_dns_name: string;
  computer_sid: string;
  /** 1 Windows, 2 macOS, 3 Linux. */
  os_type: number;
  os_environment_id: number;
  os_environment_display_string: string;
  group_id: number;
  /** 'Online' | 'Offline' */
  status: string;
  supports_cblr: boolean;
  supports_isolation: boolean;
  supports_2nd_gen_modloads: boolean;
  is_isolating: boolean;
  network_isolation_enabled: boolean;
  restart_queued: boolean;
  uninstall: boolean;
  uninstalled: boolean | null;
  display: boolean;
  event_log_flush_time: string | null;
  last_update: string;
  last_checkin_time: string;
  next_checkin_time: string;
  registration_time: string;
  license_expiration: string;
  clock_delta: string;
  sensor_uptime: string;
  uptime: string;
  physical_memory_size: string;
  build_id: number;
  build_version_string: string;
  boot_id: string;
  cookie: number;
  node_id: number;
  shard_id: number;
  power_state: number;
  sensor_health_status: number;
  sensor_health_message: string;
  notes: string | null;
  parity_host_id: string;
  /** `ip,macnocolons|` per adapter. */
  network_adapters: string;
  num_eventlog_bytes: string;
  num_storefiles_bytes: string;
  systemvolume_free_size: string;
  systemvolume_total_size: string;
  emet_version: string;
  emet_dump_flags: string;
  emet_telemetry_path: string;
  emet_report_setting: string;
  emet_exploit_action: string;
  emet_process_count: number;
  emet_is_gpo: boolean;
  [extra: string]: unknown;
}

/** A simulated endpoint: its wire document plus what the simulator needs to act for it. */
export interface SimSensor {
  /** The wire document (mutable: sensor PUT and isolation change it). */
  doc: SensorDoc;
  osKind: OsKind;
  ipAddress: string;
  /** Lower-case hex without separators, as in `network_adapters`. */
  macAddress: string;
  /** AD domain / workgroup (`ACME`), used in user names. */
  domain: string;
  /** Logged-on user name without domain (`jsmith`; servers: `svc_backup`). */
  userName: string;
  /** Drive roots (`C:\\`) on Windows, `/` elsewhere. */
  drives: string[];
  /** When the host booted, epoch ms. */
  bootMs: number;
  /** Every process of the host (running and finished), by start time. */
  processes: SimProcess[];
}

/** One process of a simulated endpoint. */
export interface SimProcess {
  /** 36-character process GUID (sensor id, pid, FILETIME of start; protocol.md §2.5). */
  guid: string;
  sensorId: number;
  pid: number;
  parentPid: number;
  /** GUID of the parent (an all-zero GUID except the sensor part for roots). */
  parentGuid: string;
  /** Lower-case file name (`cmd.exe`). */
  name: string;
  /** Full path as the sensor reports it (`c:\\windows\\system32\\cmd.exe`). */
  path: string;
  cmdline: string;
  /** `DOMAIN\\user` on Windows, `user` elsewhere. */
  username: string;
  sid: string;
  /** Upper-case MD5 of the image. */
  md5: string;
  startMs: number;
  /** null while running. */
  endMs: number | null;
  lastUpdateMs: number;
  /** Segment ids (6.x: epoch ms of each segment, 5.x: 1, 2, ...); several for long-lived busy processes. */
  segments: number[];
  childGuids: string[];
  /** Seed for the lazily generated events of this process. */
  eventSeed: string;
  /** A suppressed process (never fetched by clients). */
  suppressed: boolean;
}
