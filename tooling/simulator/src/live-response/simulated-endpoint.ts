import { createCipheriv } from 'node:crypto';
import type { SimSensor, SimWorld } from '../state.js';
import type { Prng } from '../world/prng.js';
import { SensorFileSystem } from './sensor-file-system.js';
import { SensorProcesses } from './sensor-processes.js';
import { SensorRegistry } from './sensor-registry.js';

const DAY = 86_400;

const POOL_BYTES = 1 << 20;
let pool: Buffer | undefined;

/** An AES-128-CTR keystream (native: about 1 GB/s) keyed by `key`. */
function keystream(key: Buffer, length: number): Buffer {
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

/**
 * `length` deterministic pseudo-random bytes: a slice of a fixed 1 MiB keystream at an offset the
 * PRNG picks (larger requests get a keystream of their own, keyed by four PRNG words). Seeding an
 * endpoint (about 250 KB of files) then costs microseconds, not a stall of the server.
 */
export function randomBytes(random: Prng, length: number): Buffer {
  if (length <= POOL_BYTES / 2) {
    pool ??= keystream(Buffer.from('cbapi simulator!'), POOL_BYTES);
    const offset = random.nextUint32() % (POOL_BYTES - length + 1);
    return Buffer.from(pool.subarray(offset, offset + length));
  }
  const key = Buffer.allocUnsafe(16);
  for (let i = 0; i < 16; i += 4) key.writeUInt32LE(random.nextUint32(), i);
  return keystream(key, length);
}

/**
 * Everything Live Response can touch on one sensor: its files, registry (Windows) and processes.
 * Built once per sensor from the seed and kept across sessions, so a file put in one session is
 * there in the next.
 */
export class SimulatedEndpoint {
  readonly fs: SensorFileSystem;
  readonly registry: SensorRegistry | undefined;
  readonly processes: SensorProcesses;
  /** The logged-on user of the endpoint (no domain). */
  readonly user: string;
  /** Where a session starts (`current_working_directory`). */
  readonly workingDirectory: string;
  readonly temporaryDirectory: string;

  constructor(
    readonly sensor: SimSensor,
    world: SimWorld,
    now: () => number,
  ) {
    const random = world.rng.fork(`live-response/${sensor.doc.id}`);
    this.user = sensor.userName;
    const windows = sensor.osKind === 'windows';
    this.fs = new SensorFileSystem(windows ? 'windows' : 'posix', now);
    const base = Math.floor(now() / 1000) - random.int(20, 400) * DAY;
    if (windows) {
      this.workingDirectory = 'C:\\Windows\\CarbonBlack';
      this.temporaryDirectory = 'C:\\Windows\\Temp';
      this.registry = new SensorRegistry();
      seedWindowsFiles(this.fs, this.user, sensor, random, base);
      seedRegistry(this.registry, this.user, sensor);
    } else {
      this.workingDirectory = '/var/lib/cb';
      this.temporaryDirectory = '/tmp';
      this.registry = undefined;
      seedPosixFiles(this.fs, this.user, sensor, random, base);
    }
    this.processes = new SensorProcesses(world, sensor.doc.id, windows);
  }

  /** The sensor id. */
  get id(): number {
    return this.sensor.doc.id;
  }

  /** The computer name. */
  get hostname(): string {
    return this.sensor.doc.computer_name;
  }

  /** Whether paths are Windows paths. */
  get windows(): boolean {
    return this.fs.style === 'windows';
  }
}

function binary(random: Prng, kind: 'pe' | 'elf' | 'macho'): Buffer {
  const body = randomBytes(random, random.int(1024, 12_288));
  const magic = kind === 'pe' ? Buffer.from('MZ\x90\x00', 'latin1') : kind === 'elf' ? Buffer.from([0x7f, 0x45, 0x4c, 0x46]) : Buffer.from([0xcf, 0xfa, 0xed, 0xfe]);
  magic.copy(body, 0);
  return body;
}

function seedWindowsFiles(fs: SensorFileSystem, user: string, sensor: SimSensor, random: Prng, base: number): void {
  fs.addDrive('C');
  for (const drive of sensor.drives) if (/^[A-Za-z]:/.test(drive)) fs.addDrive(drive.charAt(0));
  const t = (): number => base + random.int(0, 15 * DAY);
  const dirs = [
    'C:\\Windows\\System32\\drivers\\etc',
    'C:\\Windows\\System32\\config',
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
    'C:\\Windows\\Temp',
    'C:\\Windows\\CarbonBlack',
    'C:\\Program Files\\Common Files',
    'C:\\Program Files (x86)',
    'C:\\ProgramData\\Microsoft',
    'C:\\Users\\Public\\Documents',
    `C:\\Users\\${user}\\Desktop`,
    `C:\\Users\\${user}\\Documents`,
    `C:\\Users\\${user}\\Downloads`,
    `C:\\Users\\${user}\\AppData\\Local\\Temp`,
    `C:\\Users\\${user}\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup`,
  ];
  for (const dir of dirs) fs.ensureDirectory(dir, base);
  const exes = ['cmd.exe', 'ipconfig.exe', 'whoami.exe', 'net.exe', 'net1.exe', 'hostname.exe', 'tasklist.exe', 'ping.exe', 'notepad.exe', 'svchost.exe', 'lsass.exe', 'services.exe', 'smss.exe', 'csrss.exe', 'wininit.exe', 'winlogon.exe', 'conhost.exe', 'reg.exe', 'netstat.exe', 'systeminfo.exe'];
  for (const exe of exes) fs.writeFile(`C:\\Windows\\System32\\${exe}`, '', binary(random, 'pe'), { time: t() });
  for (const dll of ['kernel32.dll', 'ntdll.dll', 'user32.dll', 'advapi32.dll']) fs.writeFile(`C:\\Windows\\System32\\${dll}`, '', binary(random, 'pe'), { time: t() });
  fs.writeFile('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '', binary(random, 'pe'), { time: t() });
  fs.writeFile('C:\\Windows\\explorer.exe', '', binary(random, 'pe'), { time: t() });
  fs.writeFile('C:\\Windows\\regedit.exe', '', binary(random, 'pe'), { time: t() });
  fs.writeFile('C:\\Windows\\notepad.exe', '', binary(random, 'pe'), { time: t() });
  fs.writeFile('C:\\Windows\\win.ini', '', Buffer.from('; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n[mci extensions]\r\n[files]\r\n[Mail]\r\nMAPI=1\r\n'), { time: base });
  fs.writeFile('C:\\Windows\\system.ini', '', Buffer.from('; for 16-bit app support\r\n[386Enh]\r\nwoafont=dosapp.fon\r\n[drivers]\r\nwave=mmdrv.dll\r\ntimer=timer.drv\r\n'), { time: base });
  fs.writeFile('C:\\Windows\\System32\\drivers\\etc\\hosts', '', Buffer.from('# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n#\r\n127.0.0.1       localhost\r\n::1             localhost\r\n'), { time: base });
  fs.writeFile('C:\\Windows\\System32\\drivers\\ACPI.sys', '', binary(random, 'pe'), { time: base });
  for (const hive of ['SAM', 'SECURITY', 'SOFTWARE', 'SYSTEM']) {
    fs.writeFile(`C:\\Windows\\System32\\config\\${hive}`, '', randomBytes(random, 4096), { time: t(), locked: true, attributes: ['ARCHIVE', 'SYSTEM'] });
  }
  fs.writeFile('C:\\Windows\\CarbonBlack\\cb.exe', '', binary(random, 'pe'), { time: base });
  fs.writeFile('C:\\Windows\\CarbonBlack\\sensorsettings.ini', '', Buffer.from(`[CB]\r\nSensorBackendServer=https://cb-response.example.com:443\r\nSensorId=${sensor.doc.id}\r\nConfigName=Default Group\r\n`), { time: base });
  fs.writeFile('C:\\Windows\\CarbonBlack\\sensor.log', '', Buffer.from(`${new Date(base * 1000).toISOString()} [INFO] Sensor ${sensor.doc.id} started on ${sensor.doc.computer_name}\r\n`), { time: t() });
  fs.writeFile('C:\\pagefile.sys', '', randomBytes(random, 8192), { time: base, locked: true, attributes: ['ARCHIVE', 'HIDDEN', 'SYSTEM'] });
  fs.writeFile('C:\\test.txt', '', Buffer.alloc(0), { time: t() });
  fs.writeFile(`C:\\Users\\${user}\\NTUSER.DAT`, '', randomBytes(random, 4096), { time: t(), locked: true, attributes: ['ARCHIVE', 'HIDDEN', 'SYSTEM'] });
  fs.writeFile(`C:\\Users\\${user}\\Desktop\\notes.txt`, '', Buffer.from(`Notes of ${user}\r\n- call the help desk about the VPN\r\n- quarterly report due Friday\r\n`), { time: t() });
  fs.writeFile(`C:\\Users\\${user}\\Documents\\quarterly-report.docx`, '', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(random, 6000)]), { time: t() });
  fs.writeFile(`C:\\Users\\${user}\\Downloads\\setup.exe`, '', binary(random, 'pe'), { time: t() });
}

function seedPosixFiles(fs: SensorFileSystem, user: string, sensor: SimSensor, random: Prng, base: number): void {
  const mac = sensor.osKind === 'osx';
  const home = mac ? `/Users/${user}` : `/home/${user}`;
  const kind = mac ? 'macho' : 'elf';
  const t = (): number => base + random.int(0, 15 * DAY);
  const dirs = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/etc', '/tmp', '/var/log', '/var/lib/cb', `${home}/Documents`, `${home}/Downloads`];
  if (!mac) dirs.push('/opt/carbonblack/response/bin', '/root');
  else dirs.push('/Applications/CarbonBlack', '/Library/LaunchDaemons');
  for (const dir of dirs) fs.ensureDirectory(dir, base);
  for (const bin of ['sh', 'bash', 'ls', 'ps', 'cat', 'echo', 'uname', 'hostname', 'kill', 'mkdir', 'rm']) fs.writeFile(`/bin/${bin}`, '', binary(random, kind), { time: t() });
  for (const bin of ['id', 'whoami', 'env', 'python3', 'curl', 'uptime']) fs.writeFile(`/usr/bin/${bin}`, '', binary(random, kind), { time: t() });
  fs.writeFile('/sbin/ifconfig', '', binary(random, kind), { time: t() });
  fs.writeFile('/etc/hostname', '', Buffer.from(`${sensor.doc.computer_name.toLowerCase()}\n`), { time: base });
  fs.writeFile('/etc/hosts', '', Buffer.from(`127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n${sensor.ipAddress}\t${sensor.doc.computer_name.toLowerCase()}\n`), { time: base });
  fs.writeFile('/etc/passwd', '', Buffer.from(`root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n${user}:x:1000:1000:${user}:${home}:/bin/bash\n`), { time: base });
  fs.writeFile('/etc/shadow', '', Buffer.from('root:*:19000:0:99999:7:::\n'), { time: base, locked: true });
  fs.writeFile('/etc/os-release', '', Buffer.from(mac ? 'NAME="macOS"\nVERSION="14.4"\n' : 'NAME="Ubuntu"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nID=ubuntu\n'), { time: base });
  fs.writeFile('/var/log/syslog', '', Buffer.from(`${new Date(base * 1000).toISOString()} ${sensor.doc.computer_name} cbdaemon[812]: sensor ${sensor.doc.id} checked in\n`), { time: t() });
  fs.writeFile('/var/lib/cb/sensorsettings.ini', '', Buffer.from(`[CB]\nSensorBackendServer=https://cb-response.example.com:443\nSensorId=${sensor.doc.id}\n`), { time: base });
  fs.writeFile(`${home}/.bashrc`, '', Buffer.from('export PATH="$HOME/bin:$PATH"\nalias ll="ls -l"\n'), { time: t() });
  fs.writeFile(`${home}/Documents/notes.txt`, '', Buffer.from(`Notes of ${user}\n- rotate the API keys\n`), { time: t() });
  if (!mac) fs.writeFile('/opt/carbonblack/response/bin/cbdaemon', '', binary(random, kind), { time: base });
}

function seedRegistry(registry: SensorRegistry, user: string, sensor: SimSensor): void {
  const run = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';
  registry.seed(run, 'SecurityHealth', 'REG_EXPAND_SZ', '%windir%\\system32\\SecurityHealthSystray.exe');
  registry.seed(run, 'VMware User Process', 'REG_SZ', '"C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe" -n vmusr');
  registry.createKey('HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce');
  const nt = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
  registry.seed(nt, 'ProductName', 'REG_SZ', 'Windows 10 Pro');
  registry.seed(nt, 'CurrentBuild', 'REG_SZ', '19045');
  registry.seed(nt, 'InstallDate', 'REG_DWORD', 1_600_000_000);
  registry.seed(nt, 'RegisteredOwner', 'REG_SZ', user);
  const acpi = 'HKLM\\SYSTEM\\CurrentControlSet\\services\\ACPI';
  registry.seed(acpi, 'Start', 'REG_DWORD', 0);
  registry.seed(acpi, 'Type', 'REG_DWORD', 1);
  registry.seed(acpi, 'ErrorControl', 'REG_DWORD', 3);
  registry.seed(acpi, 'ImagePath', 'REG_EXPAND_SZ', 'system32\\drivers\\ACPI.sys');
  registry.seed(acpi, 'DisplayName', 'REG_SZ', 'Microsoft ACPI Driver');
  registry.seed(acpi, 'Group', 'REG_SZ', 'Boot Bus Extender');
  registry.seed(acpi, 'DriverPackageId', 'REG_SZ', 'acpi.inf_x86_neutral_ddd3c514822f1b21');
  registry.seed(acpi, 'Tag', 'REG_DWORD', 1);
  registry.createKey(`${acpi}\\Parameters`);
  registry.createKey(`${acpi}\\Enum`);
  const cb = 'HKLM\\SYSTEM\\CurrentControlSet\\services\\CarbonBlack';
  registry.seed(cb, 'Start', 'REG_DWORD', 2);
  registry.seed(cb, 'ImagePath', 'REG_EXPAND_SZ', 'C:\\Windows\\CarbonBlack\\cb.exe');
  registry.seed(cb, 'DependOnService', 'REG_MULTI_SZ', ['carbonblackk']);
  registry.seed('HKLM\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName', 'ComputerName', 'REG_SZ', sensor.doc.computer_name);
  registry.seed('HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'OneDrive', 'REG_SZ', `"C:\\Users\\${user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background`);
  registry.seed('HKCU\\Environment', 'TEMP', 'REG_EXPAND_SZ', '%USERPROFILE%\\AppData\\Local\\Temp');
}
