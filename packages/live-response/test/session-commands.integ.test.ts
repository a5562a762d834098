import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LiveResponseError, TimeoutError, type LiveResponseSession } from '../src/index.js';
import { startSimHarness, type SimHarness } from './helpers/sim-harness.js';

let h: SimHarness;
let s: LiveResponseSession;
let dir: string;
beforeAll(async () => {
  h = await startSimHarness({ sensors: 4, offlineSensors: 1, liveResponse: { sessionStartMs: 20, commandMs: 5, memdumpBytes: 200_000 } });
  s = await h.lr.lrSession(1);
  dir = mkdtempSync(join(tmpdir(), 'cbapi-lr-'));
});
afterAll(async () => {
  await s?.close();
  expect(h.sim.liveResponse.stats.openSessions).toBe(0);
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('every session command against the simulator (Cb Response, sensor 1, Windows)', () => {
  it('session document: supported commands, drives, working directory', () => {
    expect(s.info.status).toBe('active');
    expect(s.info.supported_commands).toEqual(expect.arrayContaining(['get file', 'put file', 'memdump', 'process list']));
    expect(s.info.current_working_directory).toBe('C:\\Windows\\CarbonBlack');
  });

  it('getFile, getRawFile and a chunked getFileStream return the same bytes', async () => {
    const path = 'C:\\Windows\\System32\\drivers\\etc\\hosts';
    const whole = await s.getFile(path);
    expect(whole.toString()).toContain('127.0.0.1       localhost');
    const raw: Buffer[] = [];
    for await (const c of await s.getRawFile(path)) raw.push(c as Buffer);
    expect(Buffer.concat(raw)).toEqual(whole);
    expect(await s.getFile(path, { chunkSize: 37 })).toEqual(whole);
  });

  it('putFile from a Buffer, a string and a stream; listDirectory; deleteFile; createDirectory; walk', async () => {
    await s.createDirectory('C:\\Windows\\Temp\\cbapi');
    await s.createDirectory('C:\\Windows\\Temp\\cbapi\\sub');
    await s.putFile(Buffer.from([0, 1, 2, 255]), 'C:\\Windows\\Temp\\cbapi\\a.bin');
    await s.putFile('text upload', 'C:\\Windows\\Temp\\cbapi\\b.txt');
    await s.putFile(Readable.from([Buffer.alloc(70_000, 65), Buffer.from('end')]), 'C:\\Windows\\Temp\\cbapi\\sub\\c.log');
    expect(await s.getFile('C:\\Windows\\Temp\\cbapi\\a.bin')).toEqual(Buffer.from([0, 1, 2, 255]));
    expect((await s.getFile('C:\\Windows\\Temp\\cbapi\\b.txt')).toString()).toBe('text upload');
    expect((await s.getFile('C:\\Windows\\Temp\\cbapi\\sub\\c.log', { chunkSize: 16_384 })).length).toBe(70_003);
    const listing = await s.listDirectory('C:\\Windows\\Temp\\cbapi\\');
    const names = listing.map((e) => e.filename);
    expect(names).toEqual(expect.arrayContaining(['a.bin', 'b.txt', 'sub']));
    expect(listing.find((e) => e.filename === 'sub')?.attributes).toContain('DIRECTORY');
    expect(listing.find((e) => e.filename === 'b.txt')?.size).toBe(11);
    const walked = [];
    for await (const entry of s.walk('C:\\Windows\\Temp\\cbapi')) walked.push(entry);
    expect(walked[0]?.[0]).toBe('C:\\Windows\\Temp\\cbapi');
    expect(walked[0]?.[1]).toEqual(['sub']);
    expect(walked[0]?.[2].sort()).toEqual(['a.bin', 'b.txt']);
    expect(walked[1]).toEqual(['C:\\Windows\\Temp\\cbapi\\sub', [], ['c.log']]);
    const bottomUp = [];
    for await (const [top] of s.walk('C:\\Windows\\Temp\\cbapi', { topdown: false })) bottomUp.push(top);
    expect(bottomUp).toEqual(['C:\\Windows\\Temp\\cbapi\\sub', 'C:\\Windows\\Temp\\cbapi']);
    await s.deleteFile('C:\\Windows\\Temp\\cbapi\\a.bin');
    await expect(s.getFile('C:\\Windows\\Temp\\cbapi\\a.bin')).rejects.toMatchObject({ name: 'LiveResponseError', decodedWin32Error: 'ERROR_FILE_NOT_FOUND' });
  });

  it('a missing file: LiveResponseError with the endpoint code, description and ids', async () => {
    const err = await s.getFile('C:\\does\\not\\exist.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LiveResponseError);
    const lre = err as LiveResponseError;
    expect(lre.win32Error).toBeDefined();
    expect(lre.sessionId).toBe(s.sessionId);
    expect(typeof lre.commandId).toBe('number');
  });

  it('registry: create key, set values of each inferred type, query, enumerate, delete', async () => {
    const key = 'HKLM\\SOFTWARE\\CbApiTest';
    await s.createRegistryKey(key);
    await s.setRegistryValue(`${key}\\Count`, 7);
    await s.setRegistryValue(`${key}\\Name`, 'hello');
    await s.setRegistryValue(`${key}\\List`, ['a', 'b']);
    expect(await s.getRegistryValue(`${key}\\Count`)).toMatchObject({ value_name: 'Count', value_type: 'REG_DWORD', value_data: 7 });
    expect(await s.getRegistryValue(`${key}\\Name`)).toMatchObject({ value_type: 'REG_SZ', value_data: 'hello' });
    const both = await s.listRegistryKeysAndValues(key);
    expect(both.values.map((v) => v.value_name).sort()).toEqual(['Count', 'List', 'Name']);
    expect((await s.listRegistryKeys(key)).length).toBe(3);
    await s.deleteRegistryValue(`${key}\\Count`);
    await expect(s.getRegistryValue(`${key}\\Count`)).rejects.toBeInstanceOf(LiveResponseError);
    await s.deleteRegistryValue(`${key}\\Name`);
    await s.deleteRegistryValue(`${key}\\List`);
    await s.deleteRegistryKey(key);
  });

  it('processes: list, create (with output, without waiting), kill', async () => {
    const procs = await s.listProcesses();
    expect(procs.length).toBeGreaterThan(3);
    expect(procs[0]).toEqual(expect.objectContaining({ pid: expect.any(Number), path: expect.any(String) }));
    const out = await s.createProcess('cmd.exe /c echo hello', { workingDirectory: 'C:\\Windows\\Temp' });
    expect(Buffer.isBuffer(out)).toBe(true);
    await expect(s.createProcess('notepad.exe', { waitForOutput: false, waitForCompletion: false })).resolves.toBeUndefined();
    const victim = (await s.listProcesses()).find((p) => typeof p.path === 'string' && p.path.toLowerCase().endsWith('notepad.exe'));
    if (victim === undefined) throw new Error('notepad.exe did not start on the simulated endpoint');
    expect(await s.killProcess(victim.pid)).toBe(true);
  });

  it('memdump to a file with progress, and startMemdump → wait → get (stream) → delete', async () => {
    const phases = new Set<string>();
    const file = join(dir, 'mem.dmp');
    const bytes = await s.memdump(file, { onProgress: (p) => phases.add(p.phase) });
    expect(bytes).toBeGreaterThan(0);
    expect(readFileSync(file).length).toBe(bytes);
    expect([...phases]).toEqual(['dumping', 'downloading', 'done']);
    const dump = await s.startMemdump({ remoteFilename: 'C:\\Windows\\Temp\\m2.dmp' });
    expect(dump.remoteFilename).toBe('C:\\Windows\\Temp\\m2.dmp.zip');
    await dump.wait();
    let n = 0;
    for await (const c of await dump.get()) n += (c as Buffer).length;
    expect(n).toBeGreaterThan(0);
    await dump.delete();
    await expect(s.getFile('C:\\Windows\\Temp\\m2.dmp.zip')).rejects.toBeInstanceOf(LiveResponseError);
  });

  it('an offline sensor: lrSession times out with TimeoutError and leaves no session open', async () => {
    const before = h.sim.liveResponse.stats.openSessions;
    const err = await h.lr.lrSession(4, { timeout: 150 }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(err)).toBe(true);
    expect(h.sim.liveResponse.stats.openSessions).toBe(before);
  });

  it('an aborted command rejects with the abort reason', async () => {
    const ac = new AbortController();
    const p = s.listProcesses({ signal: ac.signal });
    ac.abort(new Error('user gave up'));
    await expect(p).rejects.toThrow('user gave up');
  });
});
