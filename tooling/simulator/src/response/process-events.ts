import { Prng } from '../world/prng.js';
import type { SimWorld } from '../state.js';
import type { SimProcess } from '../world/types.js';
import { FULL_CATALOG } from '../world/catalog.js';
import { programMd5 } from '../world/generate-processes.js';
import { md5Upper } from '../world/hashes.js';

/** One generated event, before formatting for an API version. */
export type SimEvent =
  | { type: 'modload'; ms: number; md5: string; path: string }
  | { type: 'filemod'; ms: number; action: 1 | 2 | 4 | 8; path: string; md5: string; filetype: number }
  | { type: 'regmod'; ms: number; action: 1 | 2 | 4 | 8; path: string }
  | { type: 'netconn'; ms: number; remoteIp: string; remotePort: number; localIp: string; localPort: number; proto: 6 | 17; domain: string; outbound: boolean }
  | { type: 'childproc'; ms: number; child: SimProcess; end: boolean }
  | { type: 'crossproc'; ms: number; kind: 'RemoteThread' | 'ProcessOpen'; other: SimProcess; subtype: number; accessMask: number; isTarget: boolean };

/** Event counts per type, as process documents carry them. */
export interface EventCounts {
  modload_count: number;
  filemod_count: number;
  regmod_count: number;
  netconn_count: number;
  crossproc_count: number;
  childproc_count: number;
}

const BASE_DLL_NAMES = ['ntdll.dll', 'kernel32.dll', 'kernelbase.dll'];
const ALL_DLLS = FULL_CATALOG.filter((e) => e.path.endsWith('.dll'));
const BASE_DLLS = ALL_DLLS.filter((d) => BASE_DLL_NAMES.some((b) => d.path.endsWith(`\\${b}`)));
const OTHER_DLLS = ALL_DLLS.filter((d) => !BASE_DLLS.includes(d));
const NET_PROGRAMS = new Set(['chrome.exe', 'outlook.exe', 'iexplore.exe', 'svchost.exe', 'cb.exe', 'ping.exe', 'net.exe', 'net1.exe', 'powershell.exe', 'invoice_0218.exe', 'svcupd.exe', 'lsass.exe', 'curl', 'sshd', 'httpd', 'safari', 'cbdaemon', 'wuauclt.exe']);
const DOMAINS = ['www.google.com', 'clients4.google.com', 'outlook.office365.com', 'login.microsoftonline.com', 'windowsupdate.microsoft.com', 'dc01.acme.local', 'api.alliance.carbonblack.com', 'update.evil-cdn.net', 'www.example.com', 'ctldl.windowsupdate.com'];
const REG_KEYS = [
  '\\registry\\machine\\software\\microsoft\\windows\\currentversion\\run\\updater',
  '\\registry\\user\\s-1-5-21-1004336348-1177238915-682003330-1105\\software\\microsoft\\windows\\currentversion\\explorer\\userassist',
  '\\registry\\machine\\system\\currentcontrolset\\services\\tcpip\\parameters\\interfaces',
  '\\registry\\machine\\software\\microsoft\\windows\\currentversion\\uninstall\\{90160000-0011-0000-0000-0000000ff1ce}',
  '\\registry\\machine\\system\\currentcontrolset\\control\\deviceclasses\\{53f56307-b6bf-11d0-94f2-00a0c91efb8b}\\##?#usbstor',
  '\\registry\\user\\.default\\software\\microsoft\\windows\\currentversion\\internet settings\\connections',
];

function windowsFilePath(rng: Prng, user: string): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `c:\\users\\${user}\\appdata\\local\\temp\\~df${rng.hex(4)}.tmp`;
    case 1:
      return `c:\\users\\${user}\\appdata\\local\\google\\chrome\\user data\\default\\cache\\f_${rng.hex(6)}`;
    case 2:
      return `c:\\windows\\temp\\${rng.hex(8)}.log`;
    case 3:
      return `c:\\windows\\system32\\${rng.pick(['drivers\\etc\\hosts', 'tasks\\updater', 'svcupd.dll'])}`;
    default:
      return `c:\\users\\${user}\\documents\\report_${rng.int(1, 99)}.docx`;
  }
}

function unixFilePath(rng: Prng, user: string): string {
  switch (rng.int(0, 2)) {
    case 0:
      return `/tmp/.x${rng.hex(4)}`;
    case 1:
      return `/var/log/${rng.pick(['messages', 'secure', 'httpd/access_log'])}`;
    default:
      return `/home/${user}/.bash_history`;
  }
}

/** Signed int32 of a dotted IPv4 address (the 5.x wire form). */
export function ipToInt32(ip: string): number {
  let n = 0;
  let part = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      n = (n << 8) | part;
      part = 0;
    } else part = part * 10 + (c - 48);
  }
  return ((n << 8) | part) | 0;
}

/**
 * Generates (lazily, once per process revision) the events of simulated processes:
 * module loads, file and registry modifications, network connections, child processes and
 * cross-process events, consistent with the process tree.
 * @internal
 */
export class ProcessEvents {
  private readonly cache = new Map<string, { revision: string; events: SimEvent[] }>();

  constructor(private readonly world: SimWorld) {}

  /** All events of a process, by time. */
  all(process: SimProcess): SimEvent[] {
    const hit = this.cache.get(process.guid);
    const revision = ProcessEvents.revision(process, this.world);
    if (hit && hit.revision === revision) return hit.events;
    const events = this.generate(process);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(process.guid, { revision, events });
    return events;
  }

  /**
   * What a process's events depend on that can change (Live Response starts and ends processes):
   * its end, its children and which of them ended.
   */
  static revision(p: SimProcess, world: SimWorld): string {
    let ended = 0;
    for (const guid of p.childGuids) if (world.process(guid)?.endMs !== null) ended++;
    return `${p.endMs ?? ''}/${p.lastUpdateMs}/${p.childGuids.length}/${ended}`;
  }

  /** Events of one segment (index into `process.segments`, 0-based); segment window = (previous, this]. */
  ofSegment(process: SimProcess, index: number): SimEvent[] {
    const events = this.all(process);
    if (process.segments.length <= 1) return events;
    const hi = process.segments[index] ?? Number.POSITIVE_INFINITY;
    const lo = index === 0 ? Number.NEGATIVE_INFINITY : (process.segments[index - 1] ?? Number.NEGATIVE_INFINITY);
    const last = index === process.segments.length - 1;
    return events.filter((e) => e.ms > lo && (e.ms <= hi || last));
  }

  /** Counts per type of a list of events. */
  static counts(events: readonly SimEvent[]): EventCounts {
    const c: EventCounts = { modload_count: 0, filemod_count: 0, regmod_count: 0, netconn_count: 0, crossproc_count: 0, childproc_count: 0 };
    for (const e of events) {
      switch (e.type) {
        case 'modload':
          c.modload_count++;
          break;
        case 'filemod':
          c.filemod_count++;
          break;
        case 'regmod':
          c.regmod_count++;
          break;
        case 'netconn':
          c.netconn_count++;
          break;
        case 'crossproc':
          c.crossproc_count++;
          break;
        default:
          c.childproc_count++;
      }
    }
    return c;
  }

  private generate(p: SimProcess): SimEvent[] {
    const rng = new Prng(`events/${p.eventSeed}`);
    const sensor = this.world.sensor(p.sensorId);
    const windows = sensor?.osKind === 'windows';
    const end = p.endMs ?? p.lastUpdateMs;
    const span = Math.max(1, end - p.startMs);
    const at = (early = false): number => p.startMs + 1 + Math.floor((early ? rng.next() * 0.05 : rng.next()) * span);
    const events: SimEvent[] = [];
    // module loads, early in the life of the process
    if (windows) {
      for (const dll of BASE_DLLS) events.push({ type: 'modload', ms: at(true), md5: programMd5(dll), path: dll.path });
      for (const dll of OTHER_DLLS) if (rng.chance(0.35)) events.push({ type: 'modload', ms: at(true), md5: programMd5(dll), path: dll.path });
    } else {
      events.push({ type: 'modload', ms: at(true), md5: md5Upper(`so|${sensor?.osKind ?? ''}|libc`), path: sensor?.osKind === 'osx' ? '/usr/lib/libsystem_c.dylib' : '/usr/lib64/libc-2.17.so' });
    }
    // file modifications
    const user = sensor?.userName ?? 'user';
    const fileCount = rng.int(0, p.name === 'svcupd.exe' || p.name === 'invoice_0218.exe' || p.name === 'winword.exe' ? 8 : 4);
    for (let i = 0; i < fileCount; i++) {
      const path = windows ? windowsFilePath(rng, user) : unixFilePath(rng, user);
      const action = rng.weighted<1 | 2 | 4 | 8>([[1, 3], [2, 2], [4, 1], [8, 3]]);
      const pe = /\.(exe|dll)$/.test(path);
      events.push({ type: 'filemod', ms: at(), action, path, md5: action === 8 && pe ? md5Upper(`file|${path}`) : '', filetype: pe ? 1 : path.endsWith('.docx') ? 0x11 : 0 });
    }
    // registry (Windows only)
    if (windows) {
      const regCount = rng.int(0, p.name === 'reg.exe' || p.name === 'svcupd.exe' ? 5 : 2);
      for (let i = 0; i < regCount; i++) events.push({ type: 'regmod', ms: at(), action: rng.weighted<1 | 2 | 4 | 8>([[1, 1], [2, 4], [4, 1], [8, 1]]), path: rng.pick(REG_KEYS) });
    }
    // network
    if (NET_PROGRAMS.has(p.name)) {
      const n = rng.int(1, p.name === 'chrome.exe' || p.name === 'svchost.exe' ? 8 : 3);
      for (let i = 0; i < n; i++) {
        const outbound = rng.chance(0.85);
        const domain = p.name === 'svcupd.exe' || p.name === 'invoice_0218.exe' ? 'update.evil-cdn.net' : rng.pick(DOMAINS);
        events.push({
          type: 'netconn',
          ms: at(),
          remoteIp: domain.endsWith('.local') ? '10.10.0.2' : `${rng.int(13, 216)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
          remotePort: outbound ? rng.pick([443, 443, 80, 445, 53, 22]) : rng.int(49_152, 65_535),
          localIp: sensor?.ipAddress ?? '10.0.0.1',
          localPort: outbound ? rng.int(49_152, 65_535) : rng.pick([445, 3389, 80]),
          proto: rng.chance(0.9) ? 6 : 17,
          domain,
          outbound,
        });
      }
    }
    // children (from the tree)
    for (const guid of p.childGuids) {
      const child = this.world.process(guid);
      if (!child) continue;
      events.push({ type: 'childproc', ms: child.startMs, child, end: false });
      if (child.endMs !== null) events.push({ type: 'childproc', ms: child.endMs, child, end: true });
    }
    // cross-process: parents open their children; lsass/csrss open many
    if (windows && (p.name === 'csrss.exe' || p.name === 'lsass.exe' || p.name === 'svcupd.exe' || p.name === 'services.exe')) {
      const others = this.world.processesOf(p.sensorId).filter((o) => o.guid !== p.guid && o.startMs > p.startMs);
      const n = Math.min(others.length, rng.int(1, 4));
      for (let i = 0; i < n; i++) {
        const other = rng.pick(others);
        const remote = p.name === 'svcupd.exe' && rng.chance(0.5);
        events.push({ type: 'crossproc', ms: Math.max(other.startMs + 1, at()), kind: remote ? 'RemoteThread' : 'ProcessOpen', other, subtype: remote ? 0 : rng.pick([1, 2]), accessMask: remote ? 0x1fffff : rng.pick([0x1410, 0x1000, 0x1fffff, 0x40]), isTarget: false });
      }
    }
    events.sort((a, b) => a.ms - b.ms);
    return events;
  }
}
