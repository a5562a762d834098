import { CommandFailure } from './command-failure.js';
import type { SimulatedEndpoint } from './simulated-endpoint.js';

/** What running a command line on a simulated endpoint gives. */
export interface ProcessRun {
  /** The resolved image path. */
  imagePath: string;
  /** stdout + stderr. */
  output: string;
  returnCode: number;
  /** The program keeps running (a GUI program or service) unless the caller waits for it. */
  longRunning: boolean;
}

const WINDOWS_PATH = ['C:\\Windows\\System32', 'C:\\Windows', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0'];
const POSIX_PATH = ['/bin', '/usr/bin', '/sbin', '/usr/sbin'];
const CONSOLE_PROGRAMS = new Set(['cmd', 'ipconfig', 'whoami', 'hostname', 'net', 'net1', 'tasklist', 'ping', 'netstat', 'systeminfo', 'reg', 'powershell', 'sh', 'bash', 'echo', 'uname', 'id', 'ls', 'cat', 'ps', 'ifconfig', 'uptime', 'env', 'mkdir', 'rm', 'kill']);

/** Splits a command line into arguments, honouring double quotes. */
export function splitCommandLine(commandLine: string): string[] {
  const args: string[] = [];
  let current = '';
  let quoted = false;
  let any = false;
  for (const ch of commandLine) {
    if (ch === '"') {
      quoted = !quoted;
      any = true;
    } else if (/\s/.test(ch) && !quoted) {
      if (any) args.push(current);
      current = '';
      any = false;
    } else {
      current += ch;
      any = true;
    }
  }
  if (any) args.push(current);
  return args;
}

/**
 * Runs `commandLine` on the endpoint the way `create process` would: resolves the program
 * (ERROR_FILE_NOT_FOUND when it does not exist) and produces plausible output for the common
 * console programs (`ipconfig`, `whoami`, `net start`, `cmd /c echo`, `tasklist`, `uname -a`, ...).
 */
export function runProcess(endpoint: SimulatedEndpoint, commandLine: string, workingDirectory: string): ProcessRun {
  if (typeof commandLine !== 'string' || commandLine.trim() === '') throw new CommandFailure('INVALID_PARAMETER', 'create process needs a command line in object');
  const args = splitCommandLine(commandLine.trim());
  const program = args[0] ?? '';
  const imagePath = resolveProgram(endpoint, program, workingDirectory);
  if (!imagePath) throw new CommandFailure('FILE_NOT_FOUND', `${program}: the system cannot find the file specified`);
  const base = baseName(imagePath);
  const run = endpoint.windows ? windowsProgram(endpoint, base, args.slice(1), commandLine, workingDirectory) : posixProgram(endpoint, base, args.slice(1), workingDirectory);
  return { imagePath, output: run.output, returnCode: run.returnCode, longRunning: !CONSOLE_PROGRAMS.has(base) };
}

function baseName(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.toLowerCase().replace(/\.(exe|com|bat|cmd)$/, '');
}

function resolveProgram(endpoint: SimulatedEndpoint, program: string, cwd: string): string | undefined {
  const fs = endpoint.fs;
  const candidates: string[] = [];
  const hasDir = /[\\/]/.test(program);
  const names = endpoint.windows && !/\.[a-z0-9]{1,4}$/i.test(program) ? [`${program}.exe`, `${program}.com`, `${program}.bat`] : [program];
  for (const name of names) {
    if (hasDir) candidates.push(name);
    else {
      if (endpoint.windows) candidates.push(fs.join(cwd, name));
      for (const dir of endpoint.windows ? WINDOWS_PATH : POSIX_PATH) candidates.push(fs.join(dir, name));
    }
  }
  for (const candidate of candidates) {
    try {
      const node = fs.stat(candidate, cwd);
      if (node?.kind === 'file') return fs.absolute(candidate, cwd);
    } catch {
      continue;
    }
  }
  return undefined;
}

interface Result {
  output: string;
  returnCode: number;
}

function crlf(lines: string[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}

function address(endpoint: SimulatedEndpoint): string {
  return endpoint.sensor.ipAddress;
}

function windowsProgram(endpoint: SimulatedEndpoint, base: string, args: string[], commandLine: string, cwd: string): Result {
  const host = endpoint.hostname;
  switch (base) {
    case 'cmd': {
      const flag = args.findIndex((a) => /^\/[ck]$/i.test(a));
      if (flag < 0) return { output: crlf(['Microsoft Windows [Version 10.0.19045.4291]', '(c) Microsoft Corporation. All rights reserved.', '']), returnCode: 0 };
      const rest = commandLine.slice(commandLine.search(/\/[ck]\s/i) + 3).trim().replace(/^"(.*)"$/, '$1');
      return cmdBuiltin(endpoint, rest, cwd);
    }
    case 'ipconfig': {
      const ip = address(endpoint);
      return {
        output: crlf(['', 'Windows IP Configuration', '', '', 'Ethernet adapter Ethernet0:', '', '   Connection-specific DNS Suffix  . : corp.example.com', `   IPv4 Address. . . . . . . . . . . : ${ip}`, '   Subnet Mask . . . . . . . . . . . : 255.255.255.0', `   Default Gateway . . . . . . . . . : ${ip.replace(/\.\d+$/, '.1')}`]),
        returnCode: 0,
      };
    }
    case 'whoami':
      return { output: crlf(['nt authority\\system']), returnCode: 0 };
    case 'hostname':
      return { output: crlf([host]), returnCode: 0 };
    case 'net':
    case 'net1':
      if ((args[0] ?? '').toLowerCase() === 'start') {
        return {
          output: crlf(['These Windows services are started:', '', '   Carbon Black Sensor', '   DCOM Server Process Launcher', '   DHCP Client', '   DNS Client', '   Remote Procedure Call (RPC)', '   Windows Defender Antivirus Service', '   Windows Event Log', '   Windows Management Instrumentation', '', 'The command completed successfully.', '']),
          returnCode: 0,
        };
      }
      return { output: crlf(['The syntax of this command is:', '', 'NET', '    [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |', '      HELPMSG | LOCALGROUP | PAUSE | SESSION | SHARE | START |', '      STATISTICS | STOP | TIME | USE | USER | VIEW ]', '']), returnCode: 1 };
    case 'tasklist': {
      const lines = ['', 'Image Name                     PID Session Name        Session#    Mem Usage', '========================= ======== ================ =========== ============'];
      for (const p of endpoint.processes.list()) {
        const image = p.pid === 4 ? 'System' : (p.path.split('\\').pop() ?? p.path);
        lines.push(`${image.padEnd(25).slice(0, 25)} ${String(p.pid).padStart(8)} ${(p.username.startsWith('NT AUTHORITY') ? 'Services' : 'Console').padEnd(16)} ${(p.username.startsWith('NT AUTHORITY') ? '0' : '1').padStart(11)} ${`${(p.pid * 37) % 90_000 + 1000} K`.padStart(12)}`);
      }
      return { output: crlf(lines), returnCode: 0 };
    }
    case 'ping': {
      const target = args.filter((a) => !a.startsWith('-') && !a.startsWith('/')).pop() ?? '';
      if (!target) return { output: crlf(['', 'Usage: ping [-t] [-a] [-n count] [-l size] target_name']), returnCode: 1 };
      const lines = ['', `Pinging ${target} with 32 bytes of data:`];
      for (let i = 0; i < 4; i++) lines.push(`Reply from ${target}: bytes=32 time<1ms TTL=64`);
      lines.push('', `Ping statistics for ${target}:`, '    Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),');
      return { output: crlf(lines), returnCode: 0 };
    }
    case 'netstat':
      return { output: crlf(['', 'Active Connections', '', '  Proto  Local Address          Foreign Address        State', `  TCP    ${address(endpoint)}:49712     203.0.113.10:443       ESTABLISHED`, `  TCP    ${address(endpoint)}:49713     203.0.113.10:443       ESTABLISHED`]), returnCode: 0 };
    case 'systeminfo':
      return { output: crlf(['', `Host Name:                 ${host}`, 'OS Name:                   Microsoft Windows 10 Pro', 'OS Version:                10.0.19045 N/A Build 19045', 'System Type:               x64-based PC']), returnCode: 0 };
    case 'powershell': {
      const idx = args.findIndex((a) => /^-(c|command)$/i.test(a));
      const script = idx >= 0 ? args.slice(idx + 1).join(' ') : '';
      const echo = /^(write-output|write-host|echo)\s+(.*)$/i.exec(script.trim());
      if (echo) return { output: crlf([(echo[2] ?? '').replace(/^['"](.*)['"]$/, '$1')]), returnCode: 0 };
      return { output: '', returnCode: 0 };
    }
    default:
      return { output: '', returnCode: 0 };
  }
}

function cmdBuiltin(endpoint: SimulatedEndpoint, line: string, cwd: string): Result {
  const [verb = '', ...rest] = splitCommandLine(line);
  const arg = line.slice(line.toLowerCase().indexOf(verb.toLowerCase()) + verb.length).trim();
  switch (verb.toLowerCase()) {
    case 'echo':
      return { output: crlf([arg === '' ? 'ECHO is on.' : arg]), returnCode: 0 };
    case 'ver':
      return { output: crlf(['', 'Microsoft Windows [Version 10.0.19045.4291]']), returnCode: 0 };
    case 'cd':
      return { output: crlf([cwd]), returnCode: 0 };
    case 'exit': {
      const code = Number.parseInt(rest.find((a) => /^-?\d+$/.test(a)) ?? '0', 10);
      return { output: '', returnCode: code };
    }
    case 'type': {
      try {
        return { output: endpoint.fs.readFile(arg.replace(/^"(.*)"$/, '$1'), cwd).toString('latin1'), returnCode: 0 };
      } catch {
        return { output: crlf(['The system cannot find the file specified.']), returnCode: 1 };
      }
    }
    case 'dir': {
      const target = arg === '' ? `${cwd}\\` : arg.replace(/^"(.*)"$/, '$1');
      try {
        const entries = endpoint.fs.list(/[*?]$/.test(target) || target.endsWith('\\') ? target : `${target}\\`, cwd);
        const lines = [` Directory of ${endpoint.fs.absolute(target, cwd)}`, ''];
        for (const e of entries) {
          const date = new Date(e.last_write_time * 1000).toISOString().slice(0, 16).replace('T', '  ');
          lines.push(`${date}    ${e.attributes.includes('DIRECTORY') ? '<DIR>         ' : String(e.size).padStart(14)} ${e.filename}`);
        }
        return { output: crlf(lines), returnCode: 0 };
      } catch {
        return { output: crlf(['File Not Found']), returnCode: 1 };
      }
    }
    default: {
      try {
        const inner = runProcess(endpoint, line, cwd);
        return { output: inner.output, returnCode: inner.returnCode };
      } catch {
        return { output: crlf([`'${verb}' is not recognized as an internal or external command,`, 'operable program or batch file.']), returnCode: 1 };
      }
    }
  }
}

function posixProgram(endpoint: SimulatedEndpoint, base: string, args: string[], cwd: string): Result {
  const host = endpoint.hostname.toLowerCase();
  const mac = endpoint.sensor.osKind === 'osx';
  switch (base) {
    case 'sh':
    case 'bash': {
      const idx = args.indexOf('-c');
      const script = idx >= 0 ? (args[idx + 1] ?? '') : '';
      if (!script) return { output: '', returnCode: 0 };
      try {
        const inner = runProcess(endpoint, script, cwd);
        return { output: inner.output, returnCode: inner.returnCode };
      } catch {
        return { output: `${base}: ${splitCommandLine(script)[0] ?? ''}: command not found\n`, returnCode: 127 };
      }
    }
    case 'echo':
      return { output: `${args.join(' ')}\n`, returnCode: 0 };
    case 'uname':
      if (args.includes('-a')) return { output: mac ? `Darwin ${host} 23.4.0 Darwin Kernel Version 23.4.0 x86_64\n` : `Linux ${host} 5.15.0-105-generic #115-Ubuntu SMP x86_64 x86_64 x86_64 GNU/Linux\n`, returnCode: 0 };
      return { output: mac ? 'Darwin\n' : 'Linux\n', returnCode: 0 };
    case 'hostname':
      return { output: `${host}\n`, returnCode: 0 };
    case 'whoami':
      return { output: 'root\n', returnCode: 0 };
    case 'id':
      return { output: mac ? 'uid=0(root) gid=0(wheel) groups=0(wheel)\n' : 'uid=0(root) gid=0(root) groups=0(root)\n', returnCode: 0 };
    case 'uptime':
      return { output: ' 10:02:11 up 12 days,  3:41,  1 user,  load average: 0.08, 0.05, 0.01\n', returnCode: 0 };
    case 'ifconfig':
      return { output: `eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet ${address(endpoint)}  netmask 255.255.255.0\n`, returnCode: 0 };
    case 'ps': {
      const lines = ['  PID  PPID USER     COMMAND'];
      for (const p of endpoint.processes.list()) lines.push(`${String(p.pid).padStart(5)} ${String(p.parent).padStart(5)} ${p.username.padEnd(8)} ${p.command_line}`);
      return { output: `${lines.join('\n')}\n`, returnCode: 0 };
    }
    case 'cat': {
      let out = '';
      for (const file of args) {
        try {
          out += endpoint.fs.readFile(file, cwd).toString('utf8');
        } catch {
          return { output: `${out}cat: ${file}: No such file or directory\n`, returnCode: 1 };
        }
      }
      return { output: out, returnCode: 0 };
    }
    case 'ls': {
      const target = args.find((a) => !a.startsWith('-')) ?? cwd;
      try {
        const names = endpoint.fs.list(`${target.replace(/\/+$/, '')}/`, cwd).map((e) => e.filename).filter((n) => n !== '.' && n !== '..');
        return { output: names.length ? `${names.join('\n')}\n` : '', returnCode: 0 };
      } catch {
        return { output: `ls: cannot access '${target}': No such file or directory\n`, returnCode: 2 };
      }
    }
    default:
      return { output: '', returnCode: 0 };
  }
}
