import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { unzipSync } from 'fflate';
import { startLrTestServer, type LrTestServer } from './__fixtures__/lr-test-server.js';
import { HRESULT } from './hresult.js';

const BASE = '/api/v1/cblr';
let srv: LrTestServer;
let win: number;
let linux: number;
let winSensor: number;

async function openSession(sensorId: number): Promise<number> {
  const created = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: sensorId } });
  const id = created.json.id as number;
  const active = await srv.request('GET', `${BASE}/session/${id}?wait=true`);
  expect(active.json.status).toBe('active');
  return id;
}

/** Posts a command and long-polls it to the end. */
async function run(session: number, body: Record<string, unknown>): Promise<Record<string, any>> {
  const posted = await srv.request('POST', `${BASE}/session/${session}/command`, { json: { ...body, session_id: session } });
  expect(posted.status).toBe(200);
  expect(posted.json.status).toBe('pending');
  const done = await srv.request('GET', `${BASE}/session/${session}/command/${posted.json.id as number}?wait=true`);
  expect(done.status).toBe(200);
  return done.json as Record<string, any>;
}

async function upload(session: number, name: string, data: Buffer): Promise<Record<string, any>> {
  const form = new FormData();
  form.append('file', new Blob([data]), name);
  const reply = await fetch(`${srv.url}${BASE}/session/${session}/file`, { method: 'POST', body: form });
  expect(reply.status).toBe(200);
  return (await reply.json()) as Record<string, any>;
}

beforeAll(async () => {
  srv = await startLrTestServer({ sessionStartMs: 5, commandMs: 2, memdumpMs: 30, memdumpBytes: 65_536, maxSessions: 10 });
  winSensor = srv.world.sensors.find((s) => s.osKind === 'windows' && s.doc.status === 'Online')?.doc.id ?? 0;
  win = await openSession(winSensor);
  linux = await openSession(srv.world.sensors.find((s) => s.osKind === 'linux' && s.doc.status === 'Online')?.doc.id ?? 0);
});

afterAll(async () => {
  await srv.close();
});

describe('file commands', () => {
  it('get file: completes with a file_id whose content is the file, with partial reads', async () => {
    const done = await run(win, { name: 'get file', object: 'C:\\Windows\\win.ini' });
    expect(done).toMatchObject({ status: 'complete', result_code: 0, result_type: 'WinHresult', result_desc: '', name: 'get file' });
    expect(typeof done['completion']).toBe('number');
    const whole = await srv.request('GET', `${BASE}/session/${win}/file/${done['file_id'] as number}/content`);
    expect(whole.headers.get('content-type')).toBe('application/octet-stream');
    expect(whole.text).toContain('[fonts]');
    const part = await run(win, { name: 'get file', object: 'C:\\Windows\\win.ini', offset: 2, get_count: 10 });
    const partial = await srv.request('GET', `${BASE}/session/${win}/file/${part['file_id'] as number}/content`);
    expect(partial.bytes).toEqual(whole.bytes.subarray(2, 12));
    const file = await srv.request('GET', `${BASE}/session/${win}/file/${part['file_id'] as number}`);
    expect(file.json).toEqual({ id: part['file_id'], file_name: 'C:\\Windows\\win.ini', size: 10, size_uploaded: 10, status: 0, delete: false });
  });

  it('get file: Win32 errors for missing files, missing paths, directories, locked files and bad offsets', async () => {
    expect((await run(win, { name: 'get file', object: 'C:\\Windows\\nope.txt' }))['result_code']).toBe(HRESULT.FILE_NOT_FOUND);
    expect((await run(win, { name: 'get file', object: 'C:\\Nowhere\\nope.txt' }))['result_code']).toBe(HRESULT.PATH_NOT_FOUND);
    expect((await run(win, { name: 'get file', object: 'C:\\Windows\\System32' }))['result_code']).toBe(HRESULT.ACCESS_DENIED);
    const locked = await run(win, { name: 'get file', object: 'c:\\windows\\system32\\config\\SAM' });
    expect(locked).toMatchObject({ status: 'error', result_type: 'WinHresult', result_code: 2147942405 });
    expect((await run(win, { name: 'get file', object: 'C:\\Windows\\win.ini', offset: -1 }))['result_code']).toBe(HRESULT.INVALID_PARAMETER);
    const missing = await run(win, { name: 'get file', object: 'C:\\Windows\\nope.txt' });
    const content = await srv.request('GET', `${BASE}/session/${win}/file/${missing['file_id'] as number}/content`);
    expect(content.status).toBe(404);
  });

  it('put file from an upload, then get file returns the same bytes (round trip); an existing target is refused', async () => {
    const data = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    const uploaded = await upload(win, 'tool.bin', data);
    expect(uploaded).toMatchObject({ file_name: 'tool.bin', size: 3000, size_uploaded: 3000, status: 0, delete: false });
    const put = await run(win, { name: 'put file', object: 'C:\\Windows\\Temp\\tool.bin', file_id: uploaded['id'] });
    expect(put['status']).toBe('complete');
    const got = await run(win, { name: 'get file', object: 'c:\\windows\\temp\\TOOL.BIN' });
    const content = await srv.request('GET', `${BASE}/session/${win}/file/${got['file_id'] as number}/content`);
    expect(content.bytes).toEqual(data);
    expect((await run(win, { name: 'put file', object: 'C:\\Windows\\Temp\\tool.bin', file_id: uploaded['id'] }))['result_code']).toBe(HRESULT.FILE_EXISTS);
    expect((await run(win, { name: 'put file', object: 'C:\\Missing\\tool.bin', file_id: uploaded['id'] }))['result_code']).toBe(HRESULT.PATH_NOT_FOUND);
    expect((await run(win, { name: 'put file', object: 'C:\\Windows\\Temp\\x.bin', file_id: 9999 }))['result_code']).toBe(HRESULT.INVALID_PARAMETER);
  });

  it('lists, shows and deletes session files', async () => {
    const uploaded = await upload(win, 'listed.txt', Buffer.from('hello'));
    const list = await srv.request('GET', `${BASE}/session/${win}/file`);
    expect(list.json.map((f: { id: number }) => f.id)).toContain(uploaded['id']);
    const removed = await srv.request('DELETE', `${BASE}/session/${win}/file/${uploaded['id'] as number}`);
    expect(removed.json.delete).toBe(true);
    expect((await srv.request('GET', `${BASE}/session/${win}/file/${uploaded['id'] as number}`)).status).toBe(404);
    const other = await upload(win, 'other.txt', Buffer.from('x'));
    const putDelete = await srv.request('PUT', `${BASE}/session/${win}/file/${other['id'] as number}`, { json: { delete: true } });
    expect(putDelete.status).toBe(200);
    expect((await srv.request('GET', `${BASE}/session/${win}/file/${other['id'] as number}/content`)).status).toBe(404);
  });

  it('refuses an upload that is not multipart or has no "file" field', async () => {
    const notMultipart = await srv.request('POST', `${BASE}/session/${win}/file`, { json: { file: 'x' } });
    expect(notMultipart.status).toBe(400);
    const form = new FormData();
    form.append('other', new Blob([Buffer.from('x')]), 'x.txt');
    const reply = await fetch(`${srv.url}${BASE}/session/${win}/file`, { method: 'POST', body: form });
    expect(reply.status).toBe(400);
    expect(await reply.text()).toContain('"file"');
  });

  it('delete file removes a file; directories and locked files are refused', async () => {
    await upload(win, 'victim.txt', Buffer.from('bye'));
    const files = (await srv.request('GET', `${BASE}/session/${win}/file`)).json as { id: number; file_name: string }[];
    const victim = files.find((f) => f.file_name === 'victim.txt');
    await run(win, { name: 'put file', object: 'C:\\Users\\Public\\victim.txt', file_id: victim?.id });
    expect((await run(win, { name: 'delete file', object: 'C:\\Users\\Public\\victim.txt' }))['status']).toBe('complete');
    expect((await run(win, { name: 'delete file', object: 'C:\\Users\\Public\\victim.txt' }))['result_code']).toBe(HRESULT.FILE_NOT_FOUND);
    expect((await run(win, { name: 'delete file', object: 'C:\\Windows\\Temp' }))['result_code']).toBe(HRESULT.ACCESS_DENIED);
    expect((await run(win, { name: 'delete file', object: 'C:\\pagefile.sys' }))['result_code']).toBe(HRESULT.ACCESS_DENIED);
  });

  it('directory list: trailing separator, wildcards, attributes and 8.3 names', async () => {
    const listing = await run(win, { name: 'directory list', object: 'C:\\Windows\\' });
    const files = listing['files'] as Record<string, unknown>[];
    expect(files.slice(0, 2).map((f) => f['filename'])).toEqual(['.', '..']);
    const system32 = files.find((f) => f['filename'] === 'System32');
    expect(system32).toMatchObject({ attributes: ['DIRECTORY'], size: 0, alt_name: '' });
    const winIni = files.find((f) => f['filename'] === 'win.ini');
    expect(Object.keys(winIni ?? {}).sort()).toEqual(['alt_name', 'attributes', 'create_time', 'filename', 'last_access_time', 'last_write_time', 'size']);
    expect(winIni).toMatchObject({ attributes: ['ARCHIVE'], size: expect.any(Number) });
    const wildcard = await run(win, { name: 'directory list', object: 'C:\\Windows\\*' });
    expect((wildcard['files'] as unknown[]).length).toBe(files.length);
    const exes = await run(win, { name: 'directory list', object: 'C:\\Windows\\System32\\*.exe' });
    const names = (exes['files'] as { filename: string }[]).map((f) => f.filename);
    expect(names).toContain('cmd.exe');
    expect(names.every((n) => n.endsWith('.exe'))).toBe(true);
    const programFiles = await run(win, { name: 'directory list', object: 'C:\\' });
    expect((programFiles['files'] as { filename: string; alt_name: string }[]).find((f) => f.filename === 'Program Files')?.alt_name).toBe('PROGRA~1');
    expect((await run(win, { name: 'directory list', object: 'C:\\Nope\\' }))['result_code']).toBe(HRESULT.PATH_NOT_FOUND);
    expect((await run(win, { name: 'directory list', object: 'C:\\Windows\\*.nothing' }))['result_code']).toBe(HRESULT.FILE_NOT_FOUND);
  });

  it('create directory: creates, refuses an existing one and a missing parent', async () => {
    expect((await run(win, { name: 'create directory', object: 'C:\\Windows\\Temp\\collect' }))['status']).toBe('complete');
    const listing = await run(win, { name: 'directory list', object: 'C:\\Windows\\Temp\\' });
    expect((listing['files'] as { filename: string }[]).map((f) => f.filename)).toContain('collect');
    expect((await run(win, { name: 'create directory', object: 'C:\\Windows\\Temp\\collect' }))['result_code']).toBe(HRESULT.ALREADY_EXISTS);
    expect((await run(win, { name: 'create directory', object: 'C:\\No\\Such\\dir' }))['result_code']).toBe(HRESULT.PATH_NOT_FOUND);
  });

  it('works with POSIX paths on a Linux sensor', async () => {
    const listing = await run(linux, { name: 'directory list', object: '/etc/' });
    expect((listing['files'] as { filename: string; alt_name: string }[]).find((f) => f.filename === 'passwd')?.alt_name).toBe('');
    const passwd = await run(linux, { name: 'get file', object: '/etc/passwd' });
    const content = await srv.request('GET', `${BASE}/session/${linux}/file/${passwd['file_id'] as number}/content`);
    expect(content.text).toMatch(/^root:x:0:0/);
    expect((await run(linux, { name: 'get file', object: '/ETC/passwd' }))['result_code']).toBe(HRESULT.PATH_NOT_FOUND);
    expect((await run(linux, { name: 'get file', object: '/etc/shadow' }))['result_code']).toBe(HRESULT.ACCESS_DENIED);
    const unsupported = await srv.request('POST', `${BASE}/session/${linux}/command`, { json: { name: 'reg enum key', object: 'HKLM\\SOFTWARE' } });
    expect(unsupported.status).toBe(400);
    expect(unsupported.text).toBe('Command reg enum key not supported by this sensor');
  });
});

describe('registry commands', () => {
  const run_ = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';

  it('reg enum key lists values and sub-keys', async () => {
    const done = await run(win, { name: 'reg enum key', object: 'HKLM\\SYSTEM\\CurrentControlSet\\services\\ACPI' });
    expect(done['sub_keys']).toEqual(['Parameters', 'Enum']);
    expect(done['values']).toContainEqual({ value_data: 0, value_name: 'Start', value_type: 'REG_DWORD' });
    expect(done['values']).toContainEqual({ value_data: 'system32\\drivers\\ACPI.sys', value_name: 'ImagePath', value_type: 'REG_EXPAND_SZ' });
    const run1 = await run(win, { name: 'reg enum key', object: `HKEY_LOCAL_MACHINE\\${run_.slice(5)}` });
    expect((run1['values'] as { value_name: string }[]).map((v) => v.value_name)).toContain('SecurityHealth');
    expect((await run(win, { name: 'reg enum key', object: 'HKLM\\SOFTWARE\\Nope' }))['result_code']).toBe(HRESULT.FILE_NOT_FOUND);
    expect((await run(win, { name: 'reg enum key', object: 'HKXX\\SOFTWARE' }))['result_code']).toBe(HRESULT.INVALID_PARAMETER);
  });

  it('reg set value / reg query value for every common type, overwrite rules, reg delete value', async () => {
    const cases: [string, unknown, unknown][] = [
      ['REG_SZ', 'evil.exe', 'evil.exe'],
      ['REG_EXPAND_SZ', '%TEMP%\\x.exe', '%TEMP%\\x.exe'],
      ['REG_DWORD', 42, 42],
      ['REG_QWORD', 8_589_934_592, 8_589_934_592],
      ['REG_MULTI_SZ', ['a', 'b'], ['a', 'b']],
      ['REG_BINARY', 'DEADBEEF', 'deadbeef'],
    ];
    for (const [type, data, stored] of cases) {
      const set = await run(win, { name: 'reg set value', object: `${run_}\\Test${type}`, value_type: type, value_data: data, overwrite: true });
      expect(set['status']).toBe('complete');
      const query = await run(win, { name: 'reg query value', object: `${run_}\\Test${type}` });
      expect(query['value']).toEqual({ value_data: stored, value_name: `Test${type}`, value_type: type });
    }
    expect((await run(win, { name: 'reg set value', object: `${run_}\\TestREG_SZ`, value_type: 'REG_SZ', value_data: 'x', overwrite: false }))['result_code']).toBe(HRESULT.ALREADY_EXISTS);
    const overwritten = await run(win, { name: 'reg set value', object: `${run_}\\TestREG_SZ`, value_type: 'REG_SZ', value_data: 'y', overwrite: true });
    expect(overwritten['status']).toBe('complete');
    expect((await run(win, { name: 'reg query value', object: `${run_}\\testreg_sz` }))['value']['value_data']).toBe('y');
    const inferred = await run(win, { name: 'reg set value', object: `${run_}\\Inferred`, value_data: 7, overwrite: true });
    expect(inferred['status']).toBe('complete');
    expect((await run(win, { name: 'reg query value', object: `${run_}\\Inferred` }))['value']['value_type']).toBe('REG_DWORD');
    expect((await run(win, { name: 'reg set value', object: `${run_}\\Bad`, value_type: 'REG_DWORD', value_data: 'abc' }))['result_code']).toBe(HRESULT.INVALID_PARAMETER);
    expect((await run(win, { name: 'reg set value', object: `${run_}\\Bad`, value_type: 'REG_WHAT', value_data: 'x' }))['result_code']).toBe(HRESULT.INVALID_PARAMETER);
    expect((await run(win, { name: 'reg set value', object: 'HKLM\\SOFTWARE\\Missing\\Value', value_data: 'x' }))['result_code']).toBe(HRESULT.FILE_NOT_FOUND);
    expect((await run(win, { name: 'reg delete value', object: `${run_}\\Inferred` }))['status']).toBe('complete');
    expect((await run(win, { name: 'reg query value', object: `${run_}\\Inferred` }))['result_code']).toBe(HRESULT.FILE_NOT_FOUND);
    expect((await run(win, { name: 'reg delete value', object: `${run_}\\Inferred` }))['result_code']).toBe(HRESULT.FILE_NOT_FOUND);
  });

  it('reg create key / reg delete key, refusing keys with sub-keys', async () => {
    expect((await run(win, { name: 'reg create key', object: 'HKCU\\Software\\Acme\\Agent' }))['status']).toBe('complete');
    expect((await run(win, { name: 'reg enum key', object: 'HKCU\\Software\\Acme' }))['sub_keys']).toEqual(['Agent']);
    expect((await run(win, { name: 'reg delete key', object: 'HKCU\\Software\\Acme' }))['result_code']).toBe(HRESULT.ACCESS_DENIED);
    expect((await run(win, { name: 'reg delete key', object: 'HKCU\\Software\\Acme\\Agent' }))['status']).toBe('complete');
    expect((await run(win, { name: 'reg delete key', object: 'HKCU\\Software\\Acme\\Agent' }))['result_code']).toBe(HRESULT.FILE_NOT_FOUND);
    expect((await run(win, { name: 'reg delete key', object: 'HKLM\\SOFTWARE' }))['result_code']).toBe(HRESULT.ACCESS_DENIED);
  });
});

describe('process commands', () => {
  it('process list shows the world\'s running processes in the recorded shape', async () => {
    const done = await run(win, { name: 'process list' });
    const processes = done['processes'] as Record<string, unknown>[];
    const expected = srv.world.runningProcesses(winSensor).map((p) => p.pid).sort((a, b) => a - b);
    expect(processes.map((p) => p['pid'])).toEqual(expected);
    for (const p of processes) {
      expect(Object.keys(p).sort()).toEqual(['command_line', 'create_time', 'parent', 'parent_guid', 'path', 'pid', 'proc_guid', 'sid', 'username']);
    }
    const guid = srv.world.runningProcesses(winSensor)[0]?.guid;
    expect(processes.map((p) => p['proc_guid'])).toContain(guid);
  });

  it('kill ends a process in the world; an unknown pid is ERROR_INVALID_PARAMETER, the kernel ERROR_ACCESS_DENIED', async () => {
    const victim = srv.world.runningProcesses(winSensor).find((p) => p.pid > 4 && p.name !== 'system');
    expect(victim).toBeDefined();
    expect((await run(win, { name: 'kill', object: victim?.pid }))['status']).toBe('complete');
    expect(srv.world.runningProcesses(winSensor).some((p) => p.pid === victim?.pid)).toBe(false);
    const again = await run(win, { name: 'kill', object: victim?.pid });
    expect(again).toMatchObject({ status: 'error', result_code: 2147942487, result_type: 'WinHresult', object: victim?.pid });
    expect((await run(win, { name: 'kill', object: 'abc' }))['result_code']).toBe(HRESULT.INVALID_PARAMETER);
    if (srv.world.runningProcesses(winSensor).some((p) => p.pid === 4)) {
      expect((await run(win, { name: 'kill', object: 4 }))['result_code']).toBe(HRESULT.ACCESS_DENIED);
    }
  });

  it('create process with wait and output_file writes plausible output and returns pid and return_code', async () => {
    const outputs: [string, RegExp, number][] = [
      ['cmd.exe /c echo hello world', /^hello world\r\n$/, 0],
      ['ipconfig', /IPv4 Address[. ]+: 10\./, 0],
      ['whoami', /^nt authority\\system/, 0],
      ['net start', /These Windows services are started/, 0],
      ['cmd /c exit 3', /^$/, 3],
      ['cmd.exe /c nosuchtool', /is not recognized as an internal or external command/, 1],
      ['C:\\Windows\\System32\\hostname.exe', new RegExp(`^${srv.world.sensor(winSensor)?.doc.computer_name ?? ''}`), 0],
    ];
    let n = 0;
    for (const [commandLine, pattern, code] of outputs) {
      const outputFile = `C:\\Windows\\Temp\\cblr.out${n++}.tmp`;
      const done = await run(win, { name: 'create process', object: commandLine, wait: true, output_file: outputFile });
      expect(done).toMatchObject({ status: 'complete', return_code: code, pid: expect.any(Number) });
      const got = await run(win, { name: 'get file', object: outputFile });
      const content = await srv.request('GET', `${BASE}/session/${win}/file/${got['file_id'] as number}/content`);
      expect(content.text).toMatch(pattern);
    }
  });

  it('create process: working_directory, a missing program, and a process left running without wait', async () => {
    const dir = await run(win, { name: 'create process', object: 'cmd.exe /c cd', wait: true, working_directory: 'C:\\Users', output_file: 'C:\\Windows\\Temp\\cd.txt' });
    expect(dir['return_code']).toBe(0);
    const got = await run(win, { name: 'get file', object: 'C:\\Windows\\Temp\\cd.txt' });
    expect((await srv.request('GET', `${BASE}/session/${win}/file/${got['file_id'] as number}/content`)).text).toBe('C:\\Users\r\n');
    expect((await run(win, { name: 'create process', object: 'C:\\nope.exe', wait: true }))['result_code']).toBe(HRESULT.FILE_NOT_FOUND);
    expect((await run(win, { name: 'create process', object: 'cmd.exe', working_directory: 'C:\\Nope' }))['result_code']).toBe(HRESULT.PATH_NOT_FOUND);
    const started = await run(win, { name: 'create process', object: 'notepad.exe C:\\test.txt', wait: false });
    expect(started['status']).toBe('complete');
    expect(started['return_code']).toBeUndefined();
    const list = await run(win, { name: 'process list' });
    const entry = (list['processes'] as { pid: number; command_line: string }[]).find((p) => p.pid === started['pid']);
    expect(entry?.command_line).toBe('notepad.exe C:\\test.txt');
    expect((await run(win, { name: 'kill', object: started['pid'] }))['status']).toBe('complete');
  });

  it('create process on Linux runs shell commands', async () => {
    const done = await run(linux, { name: 'create process', object: '/bin/sh -c "uname -a"', wait: true, output_file: '/tmp/uname.txt' });
    expect(done['return_code']).toBe(0);
    const got = await run(linux, { name: 'get file', object: '/tmp/uname.txt' });
    expect((await srv.request('GET', `${BASE}/session/${linux}/file/${got['file_id'] as number}/content`)).text).toMatch(/^Linux /);
  });

  it('memdump writes a memory image, or a ZIP of it with compress', async () => {
    const plain = await run(win, { name: 'memdump', object: 'C:\\Windows\\Temp\\mem.dmp' });
    expect(plain['status']).toBe('complete');
    const listing = await run(win, { name: 'directory list', object: 'C:\\Windows\\Temp\\mem.dmp' });
    expect((listing['files'] as { size: number }[])[0]?.size).toBe(65_536);
    const zipped = await run(win, { name: 'memdump', object: 'C:\\Windows\\Temp\\mem2.dmp', compress: true });
    expect(zipped['status']).toBe('complete');
    const got = await run(win, { name: 'get file', object: 'C:\\Windows\\Temp\\mem2.dmp.zip' });
    const zip = await srv.request('GET', `${BASE}/session/${win}/file/${got['file_id'] as number}/content`);
    const entries = unzipSync(new Uint8Array(zip.bytes));
    expect(Buffer.from(entries['mem2.dmp'] ?? new Uint8Array()).subarray(0, 8).toString('latin1')).toBe('PAGEDU64');
  });
});

describe('command protocol', () => {
  it('refuses unknown command names and bodies without a name with 400', async () => {
    const unknown = await srv.request('POST', `${BASE}/session/${win}/command`, { json: { name: 'format disk', object: 'C:\\' } });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toBe('Command format disk not supported by this sensor');
    expect((await srv.request('POST', `${BASE}/session/${win}/command`, { json: { object: 'x' } })).status).toBe(400);
    expect((await srv.request('GET', `${BASE}/session/${win}/command/9999`)).status).toBe(404);
  });

  it('lists commands with status and count filters', async () => {
    const all = await srv.request('GET', `${BASE}/session/${win}/command`);
    expect(all.json.length).toBeGreaterThan(5);
    const complete = await srv.request('GET', `${BASE}/session/${win}/command?status=complete`);
    expect(complete.json.every((c: { status: string }) => c.status === 'complete')).toBe(true);
    const errors = await srv.request('GET', `${BASE}/session/${win}/command?status=error&count=2`);
    expect(errors.json).toHaveLength(2);
    expect(errors.json.every((c: { status: string }) => c.status === 'error')).toBe(true);
    expect((await srv.request('GET', `${BASE}/session/${win}/command?status=bogus`)).status).toBe(400);
  });

  it('cancels a command that has not run; a running or finished command cannot be cancelled', async () => {
    const slow = await startLrTestServer({ sessionStartMs: 5, commandMs: 60_000, longPollMs: 60_000 });
    try {
      const sensor = slow.world.sensors.find((s) => s.osKind === 'windows' && s.doc.status === 'Online')?.doc.id;
      const created = await slow.request('POST', `${BASE}/session`, { json: { sensor_id: sensor } });
      const sid = created.json.id as number;
      await slow.request('GET', `${BASE}/session/${sid}?wait=true`);
      const first = await slow.request('POST', `${BASE}/session/${sid}/command`, { json: { name: 'process list' } });
      const second = await slow.request('POST', `${BASE}/session/${sid}/command`, { json: { name: 'process list' } });
      const cancelled = await slow.request('PUT', `${BASE}/session/${sid}/command/${second.json.id as number}`, { json: { ...second.json, status: 'cancel' } });
      expect(cancelled.status).toBe(200);
      expect(cancelled.json.status).toBe('cancel');
      expect((await slow.request('GET', `${BASE}/session/${sid}/command/${second.json.id as number}`)).json.status).toBe('cancel');
      const running = await slow.request('PUT', `${BASE}/session/${sid}/command/${first.json.id as number}`, { json: { status: 'cancel' } });
      expect(running.status).toBe(409);
      expect(running.text).toContain('in progress');
      const listed = await slow.request('GET', `${BASE}/session/${sid}/command?status=canceled`);
      expect(listed.json.map((c: { id: number }) => c.id)).toEqual([second.json.id]);
    } finally {
      await slow.close();
    }
    const done = await run(win, { name: 'process list' });
    const late = await srv.request('PUT', `${BASE}/session/${win}/command/${done['id'] as number}`, { json: { status: 'cancel' } });
    expect(late.status).toBe(409);
    expect(srv.lr.stats.commandsByName['process list']).toBeGreaterThan(0);
  });

  it('command wait=true returns when the client goes away', async () => {
    const held = await startLrTestServer({ sessionStartMs: 5, commandMs: 60_000, longPollMs: 60_000 });
    try {
      const sensor = held.world.sensors.find((s) => s.osKind === 'windows' && s.doc.status === 'Online')?.doc.id;
      const created = await held.request('POST', `${BASE}/session`, { json: { sensor_id: sensor } });
      await held.request('GET', `${BASE}/session/${created.json.id as number}?wait=true`);
      const posted = await held.request('POST', `${BASE}/session/${created.json.id as number}/command`, { json: { name: 'process list' } });
      const controller = new AbortController();
      const poll = held.request('GET', `${BASE}/session/${created.json.id as number}/command/${posted.json.id as number}?wait=true`, { signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      await expect(poll).rejects.toThrow();
      const now = await held.request('GET', `${BASE}/session/${created.json.id as number}/command/${posted.json.id as number}`);
      expect(now.json.status).toBe('pending');
    } finally {
      await held.close();
    }
  });

  it('command wait=true is capped by longPollMs and answers the pending command', async () => {
    const held = await startLrTestServer({ sessionStartMs: 5, commandMs: 60_000, longPollMs: 30 });
    try {
      const sensor = held.world.sensors.find((s) => s.osKind === 'windows' && s.doc.status === 'Online')?.doc.id;
      const created = await held.request('POST', `${BASE}/session`, { json: { sensor_id: sensor } });
      await held.request('GET', `${BASE}/session/${created.json.id as number}?wait=true`);
      const posted = await held.request('POST', `${BASE}/session/${created.json.id as number}/command`, { json: { name: 'process list' } });
      const polled = await held.request('GET', `${BASE}/session/${created.json.id as number}/command/${posted.json.id as number}?wait=true`);
      expect(polled.json.status).toBe('pending');
    } finally {
      await held.close();
    }
  });

  it('closing a session cancels its queued commands', async () => {
    const sensor = srv.world.sensors.filter((s) => s.osKind === 'windows' && s.doc.status === 'Online')[3]?.doc.id ?? 0;
    const session = await openSession(sensor);
    const posted = await srv.request('POST', `${BASE}/session/${session}/command`, { json: { name: 'memdump', object: 'C:\\Windows\\Temp\\m.dmp' } });
    await srv.request('PUT', `${BASE}/session/${session}`, { json: { status: 'close' } });
    const after = await srv.request('GET', `${BASE}/session/${session}/command/${posted.json.id as number}`);
    expect(after.json.status).toBe('cancel');
  });

  it('archive is a ZIP of the session, its command log and its files', async () => {
    const archive = await srv.request('GET', `${BASE}/session/${win}/archive`);
    expect(archive.status).toBe(200);
    expect(archive.headers.get('content-type')).toBe('application/zip');
    const entries = unzipSync(new Uint8Array(archive.bytes));
    const commands = JSON.parse(Buffer.from(entries['commands.json'] ?? new Uint8Array()).toString('utf8')) as { session_id: number }[];
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.every((c) => c.session_id === win)).toBe(true);
    expect(JSON.parse(Buffer.from(entries['session.json'] ?? new Uint8Array()).toString('utf8')).id).toBe(win);
    expect(Object.keys(entries).some((name) => name.startsWith('files/') && name.endsWith('win.ini'))).toBe(true);
  });
});
