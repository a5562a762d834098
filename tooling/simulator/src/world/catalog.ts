import type { OsKind } from './types.js';

/** A program or library the simulated estate runs (one Cb Response binary per entry). */
export interface CatalogEntry {
  path: string;
  os: OsKind;
  company: string;
  product: string;
  description: string;
  version: string;
  /** Signing publisher; empty = unsigned. */
  publisher: string;
  size: number;
  executable: boolean;
  /** The real MD5 when the simulator reproduces a known file (the recordings' appid.sys). */
  md5?: string;
}

const MS = 'Microsoft Corporation';
const WINPROD = 'Microsoft® Windows® Operating System';
const w = (path: string, description: string, version = '6.1.7601.23418', size = 50_688, company = MS, product = WINPROD, publisher = company): CatalogEntry => ({
  path,
  os: 'windows',
  company,
  product,
  description,
  version,
  publisher,
  size,
  executable: !path.endsWith('.dll') && !path.endsWith('.sys'),
});
const u = (os: OsKind, path: string, description: string, company = '', publisher = '', size = 120_000): CatalogEntry => ({
  path,
  os,
  company,
  product: description,
  description,
  version: '',
  publisher,
  size,
  executable: true,
});

const SYS32 = 'c:\\windows\\system32\\';

/** Windows programs and libraries (paths as Cb Response reports them: lower case). */
export const WINDOWS_CATALOG: readonly CatalogEntry[] = [
  w(`${SYS32}ntoskrnl.exe`, 'NT Kernel & System', '6.1.7601.23915', 5_547_752),
  w(`${SYS32}smss.exe`, 'Windows Session Manager', '6.1.7601.23418', 112_640),
  w(`${SYS32}csrss.exe`, 'Client Server Runtime Process', '6.1.7600.16385', 7_680),
  w(`${SYS32}wininit.exe`, 'Windows Start-Up Application', '6.1.7601.17514', 129_024),
  w(`${SYS32}winlogon.exe`, 'Windows Logon Application', '6.1.7601.23418', 390_656),
  w(`${SYS32}services.exe`, 'Services and Controller app', '6.1.7601.23915', 329_216),
  w(`${SYS32}lsass.exe`, 'Local Security Authority Process', '6.1.7601.23915', 31_232),
  w(`${SYS32}lsm.exe`, 'Local Session Manager Service', '6.1.7601.17514', 181_248),
  w(`${SYS32}svchost.exe`, 'Host Process for Windows Services', '6.1.7600.16385', 27_136),
  w(`${SYS32}spoolsv.exe`, 'Spooler SubSystem App', '6.1.7601.23418', 559_104),
  w(`${SYS32}searchindexer.exe`, 'Microsoft Windows Search Indexer', '7.0.7601.23418', 594_944),
  w(`${SYS32}userinit.exe`, 'Userinit Logon Application', '6.1.7601.17514', 26_624),
  w('c:\\windows\\explorer.exe', 'Windows Explorer', '6.1.7601.23537', 2_871_808),
  w(`${SYS32}taskhost.exe`, 'Host Process for Windows Tasks', '6.1.7601.23418', 68_608),
  w(`${SYS32}taskeng.exe`, 'Task Scheduler Engine', '6.1.7601.23418', 464_384),
  w(`${SYS32}dwm.exe`, 'Desktop Window Manager', '6.1.7600.16385', 120_320),
  w(`${SYS32}wbem\\wmiprvse.exe`, 'WMI Provider Host', '6.1.7601.17514', 377_856),
  w(`${SYS32}cmd.exe`, 'Windows Command Processor', '6.1.7601.17514', 345_088),
  w(`${SYS32}conhost.exe`, 'Console Window Host', '6.1.7601.23418', 338_432),
  w(`${SYS32}windowspowershell\\v1.0\\powershell.exe`, 'Windows PowerShell', '6.1.7600.16385', 473_600),
  w(`${SYS32}net.exe`, 'Net Command', '6.1.7600.16385', 46_080),
  w(`${SYS32}net1.exe`, 'Net Command', '6.1.7601.17514', 141_312),
  w(`${SYS32}ipconfig.exe`, 'IP Configuration Utility', '6.1.7601.17514', 59_392),
  w(`${SYS32}whoami.exe`, 'whoami - displays logged on user information', '6.1.7600.16385', 50_176),
  w(`${SYS32}ping.exe`, 'TCP/IP Ping Command', '6.1.7600.16385', 16_896),
  w(`${SYS32}tasklist.exe`, 'Lists the current running tasks.', '6.1.7600.16385', 80_384),
  w(`${SYS32}reg.exe`, 'Registry Console Tool', '6.1.7601.17514', 77_312),
  w(`${SYS32}sc.exe`, 'A tool to aid in developing services for WindowsNT', '6.1.7600.16385', 41_472),
  w(`${SYS32}schtasks.exe`, 'Manages scheduled tasks', '6.1.7601.17514', 179_712),
  w(`${SYS32}rundll32.exe`, 'Windows host process (Rundll32)', '6.1.7600.16385', 45_568),
  w(`${SYS32}notepad.exe`, 'Notepad', '6.1.7600.16385', 193_536),
  w(`${SYS32}taskmgr.exe`, 'Windows Task Manager', '6.1.7601.17514', 257_024),
  w(`${SYS32}wuauclt.exe`, 'Windows Update', '7.6.7601.23453', 53_248),
  w(`${SYS32}consent.exe`, 'Consent UI for administrative applications', '6.1.7601.17514', 105_984),
  w(`${SYS32}vssvc.exe`, 'Microsoft® Volume Shadow Copy Service', '6.1.7601.23418', 1_601_024),
  w(`${SYS32}msiexec.exe`, 'Windows® installer', '5.0.7601.23418', 73_216),
  w(`${SYS32}wscript.exe`, 'Microsoft ® Windows Based Script Host', '5.8.7601.17514', 168_960),
  w('c:\\program files (x86)\\google\\chrome\\application\\chrome.exe', 'Google Chrome', '64.0.3282.140', 1_487_160, 'Google Inc.', 'Google Chrome', 'Google Inc'),
  w('c:\\program files (x86)\\microsoft office\\root\\office16\\outlook.exe', 'Microsoft Outlook', '16.0.9001.2138', 24_590_608, MS, 'Microsoft Office', MS),
  w('c:\\program files (x86)\\microsoft office\\root\\office16\\winword.exe', 'Microsoft Word', '16.0.9001.2138', 1_934_104, MS, 'Microsoft Office', MS),
  w('c:\\program files (x86)\\microsoft office\\root\\office16\\excel.exe', 'Microsoft Excel', '16.0.9001.2138', 41_364_248, MS, 'Microsoft Office', MS),
  w('c:\\program files\\internet explorer\\iexplore.exe', 'Internet Explorer', '11.0.9600.18921', 815_304, MS, 'Internet Explorer', MS),
  w('c:\\windows\\carbonblack\\cb.exe', 'Carbon Black Sensor', '6.0.2.70329', 2_215_448, 'Carbon Black, Inc.', 'Carbon Black Sensor', 'Carbon Black, Inc.'),
  w('c:\\program files\\microsoft sql server\\mssql13.mssqlserver\\mssql\\binn\\sqlservr.exe', 'SQL Server Windows NT - 64 Bit', '2015.131.4001.0', 405_184, MS, 'Microsoft SQL Server', MS),
  w(`${SYS32}inetsrv\\w3wp.exe`, 'IIS Worker Process', '8.5.9600.16384', 23_552, MS, 'Internet Information Services', MS),
  w('c:\\users\\public\\downloads\\invoice_0218.exe', 'Invoice viewer', '1.0.0.1', 312_832, '', '', ''),
  w('c:\\windows\\temp\\svcupd.exe', '', '', 94_208, '', '', ''),
  w(`${SYS32}ntdll.dll`, 'NT Layer DLL', '6.1.7601.23915', 1_292_192),
  w(`${SYS32}kernel32.dll`, 'Windows NT BASE API Client DLL', '6.1.7601.23915', 1_163_264),
  w(`${SYS32}kernelbase.dll`, 'Windows NT BASE API Client DLL', '6.1.7601.23915', 419_840),
  w(`${SYS32}user32.dll`, 'Multi-User Windows USER API Client DLL', '6.1.7601.23594', 1_008_640),
  w(`${SYS32}advapi32.dll`, 'Advanced Windows 32 Base API', '6.1.7601.23915', 880_640),
  w(`${SYS32}ws2_32.dll`, 'Windows Socket 2.0 32-Bit DLL', '6.1.7601.23451', 296_448),
  w(`${SYS32}crypt32.dll`, 'Crypto API32', '6.1.7601.23769', 1_490_432),
  w(`${SYS32}wininet.dll`, 'Internet Extensions for Win32', '11.0.9600.18921', 2_476_032),
  w(`${SYS32}shell32.dll`, 'Windows Shell Common Dll', '6.1.7601.23537', 14_172_672),
  w(`${SYS32}ole32.dll`, 'Microsoft OLE for Windows', '6.1.7601.23889', 2_085_888),
  { ...w(`${SYS32}drivers\\appid.sys`, 'AppID Driver', '6.1.7601.23418', 50_688), md5: 'C7F5CAE0B450BE875EEE0E6DDFA771FE' },
];

/** macOS programs. */
export const OSX_CATALOG: readonly CatalogEntry[] = [
  u('osx', '/sbin/launchd', 'launchd', 'Apple Inc.', 'Software Signing', 378_656),
  u('osx', '/system/library/coreservices/loginwindow.app/contents/macos/loginwindow', 'loginwindow', 'Apple Inc.', 'Software Signing'),
  u('osx', '/system/library/coreservices/finder.app/contents/macos/finder', 'Finder', 'Apple Inc.', 'Software Signing'),
  u('osx', '/system/library/coreservices/dock.app/contents/macos/dock', 'Dock', 'Apple Inc.', 'Software Signing'),
  u('osx', '/applications/safari.app/contents/macos/safari', 'Safari', 'Apple Inc.', 'Software Signing'),
  u('osx', '/applications/utilities/terminal.app/contents/macos/terminal', 'Terminal', 'Apple Inc.', 'Software Signing'),
  u('osx', '/usr/bin/login', 'login', 'Apple Inc.', 'Software Signing'),
  u('osx', '/bin/bash', 'bash', 'Apple Inc.', 'Software Signing'),
  u('osx', '/bin/ls', 'ls', 'Apple Inc.', 'Software Signing'),
  u('osx', '/bin/ps', 'ps', 'Apple Inc.', 'Software Signing'),
  u('osx', '/usr/bin/curl', 'curl', 'Apple Inc.', 'Software Signing'),
  u('osx', '/usr/sbin/cbdaemon', 'Carbon Black sensor daemon', 'Carbon Black, Inc.', 'Developer ID Application: Carbon Black, Inc.'),
];

/** Linux programs. */
export const LINUX_CATALOG: readonly CatalogEntry[] = [
  u('linux', '/usr/lib/systemd/systemd', 'systemd'),
  u('linux', '/usr/sbin/sshd', 'sshd'),
  u('linux', '/usr/sbin/crond', 'crond'),
  u('linux', '/usr/sbin/rsyslogd', 'rsyslogd'),
  u('linux', '/usr/sbin/httpd', 'httpd'),
  u('linux', '/usr/bin/bash', 'bash'),
  u('linux', '/usr/bin/ls', 'ls'),
  u('linux', '/usr/bin/ps', 'ps'),
  u('linux', '/usr/bin/curl', 'curl'),
  u('linux', '/usr/bin/python2.7', 'python'),
  u('linux', '/usr/sbin/cbdaemon', 'Carbon Black sensor daemon', 'Carbon Black, Inc.'),
];

/** Every entry, all OSes. */
export const FULL_CATALOG: readonly CatalogEntry[] = [...WINDOWS_CATALOG, ...OSX_CATALOG, ...LINUX_CATALOG];

/** The catalog entry whose path ends with `\\name` or `/name` for an OS. */
export function findProgram(os: OsKind, name: string): CatalogEntry {
  const list = os === 'windows' ? WINDOWS_CATALOG : os === 'osx' ? OSX_CATALOG : LINUX_CATALOG;
  const entry = list.find((e) => e.path.endsWith(`\\${name}`) || e.path.endsWith(`/${name}`));
  if (!entry) throw new RangeError(`no catalog program ${name} for ${os}`);
  return entry;
}

/** File name of a catalog path. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
