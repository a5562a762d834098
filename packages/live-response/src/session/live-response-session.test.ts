import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ApiError, LiveResponseError, TimeoutError, createTransport, type Credentials } from '@cbapi/core';
import { createLiveResponse } from '../live-response-api.js';

const URL_ = 'https://cb.example.test';
const TOKEN = 'fake-token-0123456789abcdef';
const credentials: Credentials = { url: URL_, token: TOKEN, sslVerify: true, sslVerifyHostname: true, sslForceTls12: false, ignoreSystemProxy: true, source: 'test' };
const fixture = (name: string): { path: string; request_body: unknown; body: unknown } =>
  JSON.parse(readFileSync(new URL(`../__fixtures__/${name}.json`, import.meta.url), 'utf8')) as { path: string; request_body: unknown; body: unknown };
const session1 = fixture('04_GET_api_v1_cblr_session_1').body as Record<string, unknown>;
const BASE = '/api/v1/cblr';

function lr(options = {}) {
  const transport = createTransport(credentials, { maxRetries: 0 });
  return createLiveResponse({ transport, credentials, adapter: 'response', options: { keepaliveIntervalMs: 0, ...options } });
}
const scope = () => nock(URL_, { reqheaders: { 'x-auth-token': TOKEN } });
/** The recorded session 1 is already active on the server: acquisition reuses it. */
const reuseSession1 = () => scope().get(`${BASE}/session`).query({ active_only: 'true' }).reply(200, fixture('03_GET_api_v1_cblr_session').body as object);
const closeSession = (id: number | string) => scope().put(`${BASE}/session/${id}`, (b: Record<string, unknown>) => b['status'] === 'close' && b['id'] === id).reply(200, {});

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});
// Dispose this file's interceptor so a test file run next in the same jest worker installs its own.

describe('LiveResponseSession against recorded Cb Response 6.2 exchanges', () => {
  it('reuses the server session, gets a file as recorded (command, long poll, content) and closes', async () => {
    const api = lr();
    const post = fixture('09_POST_api_v1_cblr_session_1_command_get_file');
    const poll = fixture('10_GET_api_v1_cblr_session_1_command_3');
    reuseSession1();
    scope().post(post.path, post.request_body as nock.DataMatcherMap).reply(200, post.body as object);
    scope().get(poll.path).query({ wait: 'true' }).reply(200, poll.body as object);
    scope().get(`${BASE}/session/1/file/2/content`).reply(200, Buffer.from('hello'), { 'content-type': 'application/octet-stream' });
    closeSession(1);
    const s = await api.lrSession(1);
    expect(s.sessionId).toBe(1);
    expect(s.info.hostname).toBe('WIN7-HYPERV-2');
    expect((await s.getFile('C:\\test.txt')).toString()).toBe('hello');
    await s.close();
    expect(api.stats).toMatchObject({ sessionsReused: 1, sessionsCreated: 0, openSessions: 0 });
    await api.close();
  });

  it('lists processes with the recorded body and result', async () => {
    const api = lr();
    const post = fixture('12_POST_api_v1_cblr_session_1_command_process_list');
    const poll = fixture('13_GET_api_v1_cblr_session_1_command_4');
    reuseSession1();
    scope().post(post.path, post.request_body as nock.DataMatcherMap).reply(200, post.body as object);
    scope().get(poll.path).query({ wait: 'true' }).reply(200, poll.body as object);
    closeSession(1);
    const procs = await api.withLrSession(1, (s) => s.listProcesses());
    expect(procs.length).toBeGreaterThan(2);
    expect(procs[1]).toMatchObject({ pid: 340, path: 'c:\\windows\\system32\\smss.exe', username: 'NT AUTHORITY\\SYSTEM' });
    await api.close();
  });
});

describe('LiveResponseSession commands on the wire', () => {
  const command = (name: string, check: (b: Record<string, unknown>) => boolean, result: Record<string, unknown>, id = 7) => {
    scope().post(`${BASE}/session/1/command`, (b: Record<string, unknown>) => b['name'] === name && b['session_id'] === 1 && check(b)).reply(200, { id, session_id: 1, name, status: 'pending' });
    scope().get(`${BASE}/session/1/command/${id}`).query({ wait: 'true' }).reply(200, { id, session_id: 1, name, status: 'complete', result_code: 0, result_type: 'WinHresult', ...result });
  };

  it('maps every option of createProcess one to one and fetches then deletes the output file', async () => {
    const api = lr();
    reuseSession1();
    command('create process', (b) => b['object'] === 'ipconfig' && b['wait'] === true && b['output_file'] === 'c:\\out.txt' && b['working_directory'] === 'c:\\', { pid: 9, return_code: 0 }, 7);
    command('get file', (b) => b['object'] === 'c:\\out.txt', { file_id: 3 }, 8);
    scope().get(`${BASE}/session/1/file/3/content`).reply(200, 'Windows IP Configuration');
    scope().post(`${BASE}/session/1/command`, (b: Record<string, unknown>) => b['name'] === 'delete file' && b['object'] === 'c:\\out.txt').reply(200, { id: 9, session_id: 1, name: 'delete file', status: 'pending' });
    closeSession(1);
    const out = await api.withLrSession(1, (s) => s.createProcess('ipconfig', { remoteOutputFileName: 'c:\\out.txt', workingDirectory: 'c:\\', timeout: 5_000 }));
    expect(out?.toString()).toBe('Windows IP Configuration');
    await api.close();
  });

  it('createProcess without waiting sends wait=false, no output file, and returns undefined', async () => {
    const api = lr();
    reuseSession1();
    scope().post(`${BASE}/session/1/command`, (b: Record<string, unknown>) => b['name'] === 'create process' && b['wait'] === false && !('output_file' in b)).reply(200, { id: 7, session_id: 1, name: 'create process', status: 'pending' });
    closeSession(1);
    await expect(api.withLrSession(1, (s) => s.createProcess('notepad.exe', { waitForOutput: false, waitForCompletion: false }))).resolves.toBeUndefined();
    await api.close();
  });

  it('registry commands: typed values and cbapi type inference', async () => {
    const api = lr();
    reuseSession1();
    command('reg query value', (b) => b['object'] === 'HKLM\\A\\Start', { value: { value_data: 0, value_name: 'Start', value_type: 'REG_DWORD' } }, 1);
    command('reg set value', (b) => b['value_type'] === 'REG_DWORD' && b['value_data'] === 1 && b['overwrite'] === true, {}, 2);
    command('reg set value', (b) => b['value_type'] === 'REG_MULTI_SZ' && Array.isArray(b['value_data']) && b['overwrite'] === false, {}, 3);
    command('reg set value', (b) => b['value_type'] === 'REG_SZ' && b['value_data'] === '1.5', {}, 4);
    command('reg enum key', (b) => b['object'] === 'HKLM\\A', { values: [{ value_data: 1, value_name: 'Type', value_type: 'REG_DWORD' }], sub_keys: ['Enum'] }, 5);
    command('reg enum key', () => true, { values: [{ value_data: 2, value_name: 'X', value_type: 'REG_DWORD' }], sub_keys: [] }, 6);
    command('reg create key', (b) => b['object'] === 'HKLM\\B', {}, 10);
    command('reg delete key', (b) => b['object'] === 'HKLM\\B', {}, 11);
    command('reg delete value', (b) => b['object'] === 'HKLM\\A\\X', {}, 12);
    closeSession(1);
    await api.withLrSession(1, async (s) => {
      expect(await s.getRegistryValue('HKLM\\A\\Start')).toEqual({ value_data: 0, value_name: 'Start', value_type: 'REG_DWORD' });
      await s.setRegistryValue('HKLM\\A\\T', 1);
      await s.setRegistryValue('HKLM\\A\\M', ['a', 'b'], { overwrite: false });
      await s.setRegistryValue('HKLM\\A\\S', 1.5);
      expect(await s.listRegistryKeysAndValues('HKLM\\A')).toEqual({ values: [{ value_data: 1, value_name: 'Type', value_type: 'REG_DWORD' }], sub_keys: ['Enum'] });
      expect(await s.listRegistryKeys('HKLM\\A')).toEqual([{ value_data: 2, value_name: 'X', value_type: 'REG_DWORD' }]);
      await s.createRegistryKey('HKLM\\B');
      await s.deleteRegistryKey('HKLM\\B');
      await s.deleteRegistryValue('HKLM\\A\\X');
    });
    await api.close();
  });

  it('files: directory list, create directory, delete, upload from a stream, chunked download, walk', async () => {
    const api = lr();
    reuseSession1();
    const dir = (names: [string, boolean][]) => ({ files: names.map(([filename, isDir]) => ({ filename, attributes: isDir ? ['DIRECTORY'] : ['ARCHIVE'], size: 1 })) });
    command('directory list', (b) => b['object'] === 'C:\\T\\*', dir([['.', true], ['..', true], ['a.txt', false], ['sub', true]]), 1);
    command('directory list', (b) => b['object'] === 'C:\\T\\sub\\*', dir([['b.txt', false]]), 2);
    command('create directory', (b) => b['object'] === 'C:\\N', {}, 3);
    command('delete file', (b) => b['object'] === 'C:\\N\\x', {}, 4);
    let uploaded = '';
    scope().post(`${BASE}/session/1/file`, (body: string) => {
      uploaded = body;
      return true;
    }).matchHeader('content-type', /^multipart\/form-data; boundary=/).reply(200, { id: 5 });
    command('put file', (b) => b['object'] === 'C:\\N\\up.bin' && b['file_id'] === 5, {}, 5);
    command('get file', (b) => b['offset'] === 0 && b['get_count'] === 4, { file_id: 6 }, 6);
    scope().get(`${BASE}/session/1/file/6/content`).reply(200, 'abcd');
    command('get file', (b) => b['offset'] === 4 && b['get_count'] === 4, { file_id: 7 }, 7);
    scope().get(`${BASE}/session/1/file/7/content`).reply(200, 'ef');
    closeSession(1);
    await api.withLrSession(1, async (s) => {
      const walked = [];
      for await (const entry of s.walk('C:\\T')) walked.push(entry);
      expect(walked).toEqual([['C:\\T', ['sub'], ['a.txt']], ['C:\\T\\sub', [], ['b.txt']]]);
      await s.createDirectory('C:\\N');
      await s.deleteFile('C:\\N\\x');
      await s.putFile(Readable.from([Buffer.from('streamed '), Buffer.from('bytes')]), 'C:\\N\\up.bin');
      expect((await s.getFile('C:\\big.bin', { chunkSize: 4 })).toString()).toBe('abcdef');
    });
    expect(uploaded).toContain('name="file"; filename="up.bin"');
    expect(uploaded).toContain('streamed bytes');
    await api.close();
  });

  it('memdump: start, wait, download with progress, delete', async () => {
    const api = lr();
    reuseSession1();
    scope().post(`${BASE}/session/1/command`, (b: Record<string, unknown>) => b['name'] === 'memdump' && b['object'] === 'c:\\m.dmp' && b['compress'] === true).reply(200, { id: 1, session_id: 1, name: 'memdump', status: 'pending' });
    scope().get(`${BASE}/session/1/command/1`).query({ wait: 'true' }).reply(200, { id: 1, session_id: 1, name: 'memdump', status: 'complete' });
    command('get file', (b) => b['object'] === 'c:\\m.dmp.zip', { file_id: 2 }, 2);
    scope().get(`${BASE}/session/1/file/2/content`).reply(200, Buffer.alloc(1000, 1));
    command('delete file', (b) => b['object'] === 'c:\\m.dmp.zip', {}, 3);
    closeSession(1);
    const phases: string[] = [];
    await api.withLrSession(1, async (s) => {
      const dump = await s.startMemdump({ remoteFilename: 'c:\\m.dmp', onProgress: (p) => phases.push(p.phase) });
      const stream = await dump.get();
      let n = 0;
      for await (const c of stream) n += (c as Buffer).length;
      expect(n).toBe(1000);
      await dump.delete();
    });
    expect(phases[0]).toBe('dumping');
    expect(phases).toContain('downloading');
    expect(phases[phases.length - 1]).toBe('done');
    await api.close();
  });

  it('an endpoint error becomes LiveResponseError with its code and description; kill reports true', async () => {
    const api = lr();
    reuseSession1();
    scope().post(`${BASE}/session/1/command`).reply(200, { id: 22, session_id: 1, name: 'kill', status: 'pending' });
    scope().get(`${BASE}/session/1/command/22`).query({ wait: 'true' }).reply(200, {
      status: 'error', username: 'admin', sensor_id: 9, name: 'kill', completion: 1464319733.19, object: 1660, session_id: 1,
      result_type: 'WinHresult', create_time: 1464319733.17, result_desc: 'bad pid', id: 22, result_code: 2147942487,
    });
    command('kill', (b) => b['object'] === 1661, {}, 23);
    closeSession(1);
    await api.withLrSession(1, async (s) => {
      const err = await s.killProcess(1660).catch((e: unknown) => e);
      expect((err as Error).name).toBe('LiveResponseError');
      expect(err).toBeInstanceOf(LiveResponseError);
      expect(err).toMatchObject({ win32Error: 0x80070057, decodedWin32Error: 'ERROR_INVALID_PARAMETER', description: 'bad pid', sessionId: 1, commandId: 22 });
      expect(await s.killProcess(1661)).toBe(true);
    });
    await api.close();
  });

  it('refuses a command the sensor does not support, and bad input, without a request', async () => {
    const api = lr();
    scope().get(`${BASE}/session`).query({ active_only: 'true' }).reply(200, [{ ...session1, supported_commands: ['process list'] }]);
    closeSession(1);
    await api.withLrSession(1, async (s) => {
      await expect(s.getRegistryValue('HKLM\\X')).rejects.toThrow('Command reg query value not supported by this sensor');
      await expect(s.getFile('')).rejects.toThrow('getRawFile: path must be a non-empty string');
      await expect(s.killProcess(-1)).rejects.toThrow(ApiError);
    });
    await api.close();
  });
});

describe('session establishment and reconnect', () => {
  it('creates a session when none is reusable, long-polls until active', async () => {
    const api = lr();
    scope().get(`${BASE}/session`).query({ active_only: 'true' }).reply(200, [{ ...session1, id: 4, sensor_id: 2 }]);
    scope().post(`${BASE}/session`, { sensor_id: 1 }).reply(200, { id: 5, sensor_id: 1, status: 'pending' });
    scope().get(`${BASE}/session/5`).query({ wait: 'true' }).delay(30).reply(200, { id: 5, sensor_id: 1, status: 'pending' });
    scope().get(`${BASE}/session/5`).query({ wait: 'true' }).reply(200, { ...session1, id: 5, status: 'active' });
    closeSession(5);
    const s = await api.lrSession(1);
    expect(s.sessionId).toBe(5);
    await s[Symbol.asyncDispose]();
    expect(api.stats).toMatchObject({ sessionsCreated: 1, openSessions: 0, maxConcurrentSessions: 1 });
    await api.close();
  });

  it('a session that never becomes active times out and is closed', async () => {
    const api = lr({ sessionStartTimeout: 150 });
    scope().get(`${BASE}/session`).query({ active_only: 'true' }).reply(200, []);
    scope().post(`${BASE}/session`).reply(200, { id: 6, sensor_id: 3, status: 'pending' });
    scope().get(`${BASE}/session/6`).query({ wait: 'true' }).times(100).optionally().delay(20).reply(200, { id: 6, sensor_id: 3, status: 'pending' });
    scope().get(`${BASE}/session/6`).reply(200, { id: 6, sensor_id: 3, status: 'pending' });
    const closed = scope().put(`${BASE}/session/6`, (b: Record<string, unknown>) => b['status'] === 'close').reply(200, {});
    const err = await api.lrSession(3).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(err)).toBe(true);
    expect((err as Error).message).toBe('Could not establish session with sensor 3');
    expect(closed.isDone()).toBe(true);
    expect(api.stats.openSessions).toBe(0);
    nock.cleanAll();
    await api.close();
  });

  it('re-establishes an expired session (404 "Session ...") and re-sends the command', async () => {
    const api = lr();
    reuseSession1();
    scope().post(`${BASE}/session/1/command`).reply(404, 'Session 1 not found');
    scope().get(`${BASE}/session`).query({ active_only: 'true' }).reply(200, []);
    scope().post(`${BASE}/session`, { sensor_id: 1 }).reply(200, { id: 2, sensor_id: 1, status: 'pending' });
    scope().get(`${BASE}/session/2`).query({ wait: 'true' }).reply(200, { ...session1, id: 2, status: 'active' });
    scope().post(`${BASE}/session/2/command`, (b: Record<string, unknown>) => b['session_id'] === 2).reply(200, { id: 1, session_id: 2, name: 'process list', status: 'pending' });
    scope().get(`${BASE}/session/2/command/1`).query({ wait: 'true' }).reply(200, { id: 1, session_id: 2, name: 'process list', status: 'complete', processes: [{ pid: 4 }] });
    closeSession(2);
    await api.withLrSession(1, async (s) => {
      expect(await s.listProcesses()).toEqual([{ pid: 4 }]);
      expect(s.sessionId).toBe(2);
    });
    expect(api.stats).toMatchObject({ reconnects: 1, openSessions: 0 });
    await api.close();
  });

  it('parallel commands that find their session gone share one re-established session', async () => {
    const api = lr();
    reuseSession1();
    scope().post(`${BASE}/session/1/command`).times(2).reply(404, 'Session 1 not found');
    scope().get(`${BASE}/session`).query({ active_only: 'true' }).reply(200, []);
    const created = scope().post(`${BASE}/session`, { sensor_id: 1 }).delay(30).reply(200, { ...session1, id: 2, status: 'active' });
    scope().post(`${BASE}/session/2/command`).times(2).reply(200, { id: 1, session_id: 2, name: 'process list', status: 'pending' });
    scope().get(`${BASE}/session/2/command/1`).query({ wait: 'true' }).times(2).reply(200, { id: 1, session_id: 2, name: 'process list', status: 'complete', processes: [{ pid: 8 }] });
    closeSession(2);
    await api.withLrSession(1, async (s) => {
      const [a, b] = await Promise.all([s.listProcesses(), s.listProcesses()]);
      expect(a).toEqual([{ pid: 8 }]);
      expect(b).toEqual([{ pid: 8 }]);
    });
    expect(created.isDone()).toBe(true);
    expect(api.stats).toMatchObject({ sessionsCreated: 1, reconnects: 1, openSessions: 0 });
    await api.close();
  });

  it('closing a session while it is being re-established closes the new one too', async () => {
    const api = lr();
    reuseSession1();
    scope().post(`${BASE}/session/1/command`).reply(404, 'Session 1 not found');
    const relisting = scope().get(`${BASE}/session`).query({ active_only: 'true' }).delay(200).reply(200, []);
    // Re-establishment has begun once the listing is asked for (no fixed sleep: timing varies under load).
    const reestablishing = new Promise<void>((resolve) => relisting.once('request', () => resolve()));
    scope().post(`${BASE}/session`, { sensor_id: 1 }).reply(200, { ...session1, id: 2, status: 'active' });
    scope().put(`${BASE}/session/1`).reply(404, 'Session 1 not found'); // close() reaches the old, dropped session
    const closedNew = closeSession(2);
    const s = await api.lrSession(1);
    const pending = s.listProcesses().catch((e: unknown) => e);
    await reestablishing;
    await s.close();
    expect(String(await pending)).toContain('was closed while it was being re-established');
    expect(closedNew.isDone()).toBe(true);
    expect(api.stats.openSessions).toBe(0);
    await api.close();
  });

  it('a session lost between "get file" and its download: both are redone on the new session', async () => {
    const api = lr();
    reuseSession1();
    scope().post(`${BASE}/session/1/command`, (b: Record<string, unknown>) => b['name'] === 'get file').reply(200, { id: 1, session_id: 1, name: 'get file', status: 'pending', file_id: 4 });
    scope().get(`${BASE}/session/1/command/1`).query({ wait: 'true' }).reply(200, { id: 1, session_id: 1, name: 'get file', status: 'complete', file_id: 4 });
    scope().get(`${BASE}/session/1/file/4/content`).reply(404, 'Session 1 not found');
    scope().get(`${BASE}/session`).query({ active_only: 'true' }).reply(200, []);
    scope().post(`${BASE}/session`, { sensor_id: 1 }).reply(200, { ...session1, id: 2, status: 'active' });
    scope().post(`${BASE}/session/2/command`, (b: Record<string, unknown>) => b['name'] === 'get file' && b['session_id'] === 2).reply(200, { id: 1, session_id: 2, name: 'get file', status: 'pending', file_id: 1 });
    scope().get(`${BASE}/session/2/command/1`).query({ wait: 'true' }).reply(200, { id: 1, session_id: 2, name: 'get file', status: 'complete', file_id: 1 });
    scope().get(`${BASE}/session/2/file/1/content`).reply(200, 'data');
    closeSession(2);
    expect((await api.withLrSession(1, (s) => s.getFile('C:\\x.txt'))).toString()).toBe('data');
    await api.close();
  });

  it('a 404 JSON {"status":"NOT_FOUND"} also means "re-establish"; any other 404 is an error', async () => {
    const api = lr();
    reuseSession1();
    scope().post(`${BASE}/session/1/command`).reply(404, { status: 'NOT_FOUND' });
    // The fresh listing still shows the dropped session 1: it is not taken again, a new one is created.
    scope().get(`${BASE}/session`).query({ active_only: 'true' }).reply(200, [{ ...session1, id: 1 }]);
    scope().post(`${BASE}/session`, { sensor_id: 1 }).reply(200, { id: 3, sensor_id: 1, status: 'active' });
    scope().post(`${BASE}/session/3/command`).reply(404, 'no such route');
    closeSession(3);
    await api.withLrSession(1, async (s) => {
      await expect(s.listProcesses()).rejects.toMatchObject({ name: 'ObjectNotFoundError' });
    });
    await api.close();
  });

  it('listSessions and closeSession clean up sessions left behind', async () => {
    const api = lr();
    scope().get(`${BASE}/session`).reply(200, fixture('03_GET_api_v1_cblr_session').body as object);
    scope().get(`${BASE}/session/1`).reply(200, session1);
    closeSession(1);
    const list = await api.listSessions();
    expect(list.map((s) => [s.id, s.status])).toEqual([[1, 'active']]);
    await api.closeSession(1);
    await api.close();
  });
});

describe('Cb Defense adapter', () => {
  const DBASE = '/integrationServices/v3/cblr';
  it('creates on its own route, understands upper-case statuses, closes with PUT session {session_id, status: CLOSE}', async () => {
    const transport = createTransport(credentials, { maxRetries: 0, product: 'defense' });
    const api = createLiveResponse({ transport, credentials, adapter: 'defense', options: { keepaliveIntervalMs: 0 } });
    scope().post(`${DBASE}/session/42`, { sensor_id: 42 }).reply(200, { id: 'abc', sensor_id: 42, status: 'PENDING' });
    scope().get(`${DBASE}/session/abc`).query({ wait: 'true' }).reply(200, { id: 'abc', sensor_id: 42, status: 'ACTIVE', current_working_directory: 'C:\\' });
    scope().post(`${DBASE}/session/abc/command`, { name: 'process list', session_id: 'abc' }).reply(200, { id: 1, session_id: 'abc', name: 'process list', status: 'PENDING' });
    scope().get(`${DBASE}/session/abc/command/1`).query({ wait: 'true' }).reply(200, { id: 1, session_id: 'abc', name: 'process list', status: 'COMPLETE', processes: [] });
    scope().put(`${DBASE}/session`, { session_id: 'abc', status: 'CLOSE' }).reply(200, {});
    expect(await api.withLrSession(42, (s) => s.listProcesses())).toEqual([]);
    await expect(api.listSessions()).rejects.toThrow('Cb Defense has no Live Response session listing');
    await api.close();
  });
});
