import { describe, expect, it } from '@jest/globals';
import { ApiError, InvalidObjectError } from '@cbapi/core';
import { fakeResponseApi, notFound, type Call } from '../__fixtures__/response-fake-api.js';
import type { MalformedEvent } from '../events/process-event.js';
import { Process } from './process.js';

// A chain on sensor 3 (5.x, seed 4.5.4): net.exe ← cmd.exe ← explorer.exe ← userinit.exe (top: parent -1 pid)
const NET = '00000003-0000-0e48-01d2-2efd3af5a000';
const CMD = '00000003-0000-036c-01d2-2efd3af51186';
const EXPLORER = '00000003-0000-0c34-01d2-2ec94f09cae6';
const USERINIT = '00000003-0000-0618-01d2-2ec94edef208';
const TOP = '00000003-0000-0000-01d2-2ec93f6051ee';

const docs: Record<string, Record<string, unknown>> = {
  [CMD]: { id: CMD, segment_id: 1, process_name: 'cmd.exe', cmdline: '"C:\\Windows\\system32\\cmd.exe"', username: 'WIN\\bit9rad', parent_unique_id: `${EXPLORER}-00000001`, process_pid: 876, start: '2016-10-25T20:20:29.79Z', sensor_id: 3, process_md5: 'bf93a2f9901e9b3dfca8a7982f4a9868' },
  [EXPLORER]: { id: EXPLORER, segment_id: 1, process_name: 'explorer.exe', cmdline: 'C:\\Windows\\Explorer.EXE', parent_unique_id: `${USERINIT}-00000001`, process_pid: 3124, start: '2016-10-25T14:08:49.651Z' },
  [USERINIT]: { id: USERINIT, segment_id: 1, process_name: 'userinit.exe', cmdline: 'C:\\Windows\\system32\\userinit.exe', parent_unique_id: `${TOP}-00000001`, process_pid: 1560, start: '2016-10-25T14:08:49.37Z' },
  [TOP]: { id: TOP, segment_id: 1, process_name: 'ntoskrnl.exe', process_pid: -1, start: -1, parent_unique_id: null },
};

const searchDoc = { id: NET, unique_id: `${NET}-00000001`, segment_id: 1, process_name: 'net.exe', cmdline: 'net use y: \\\\test\\blah', username: 'WIN\\bit9rad', parent_unique_id: `${CMD}-00000001`, process_pid: 3656, sensor_id: 3, start: '2016-11-11T20:59:31.631Z', process_md5: '79b6d4c5283fc806387c55b8d7c8b762', last_update: '2016-11-11T20:59:32Z', terminated: true };

function eventServer(version: number, extra: (c: Call) => unknown = () => undefined) {
  return (c: Call): unknown => {
    const m = /^\/api\/v(\d)\/process\/([0-9a-f-]{36})\/(\d+)\/event$/.exec(c.path);
    if (m && Number(m[1]) === version) {
      const d = docs[m[2] ?? ''];
      if (!d) throw notFound(c.path);
      return { process: { ...d, filemod_complete: [], childproc_complete: [] } };
    }
    if (c.path === '/api/v1/process') return { results: [searchDoc, { ...searchDoc, id: null, unique_id: `${NET.slice(0, -4)}b000-00000001`, cmdline: 'net use z: \\\\test\\blah' }], total_results: 2 };
    return extra(c);
  };
}

describe('Process search and walkParents (5.x, seed 4.5.4)', () => {
  it('walks each parent once, reading the v3 event route of segment 1, and stops at pid -1', async () => {
    const { cb, calls } = await fakeResponseApi(eventServer(3), { version: '5.2.0.161004.1206' });
    const lines: string[] = [];
    for await (const proc of cb.select(Process).where('process_name:net.exe').and('cmdline:\\\\test\\blah')) {
      lines.push(`${proc.start.toISOString()} ${proc.cmdline}`);
      await proc.walkParents((p, depth) => {
        lines.push(`${' '.repeat(depth + 1)}${p.cmdline}`);
      });
    }
    expect(lines).toEqual([
      '2016-11-11T20:59:31.631Z net use y: \\\\test\\blah', ' "C:\\Windows\\system32\\cmd.exe"', '  C:\\Windows\\Explorer.EXE', '   C:\\Windows\\system32\\userinit.exe',
      '2016-11-11T20:59:31.631Z net use z: \\\\test\\blah', ' "C:\\Windows\\system32\\cmd.exe"', '  C:\\Windows\\Explorer.EXE', '   C:\\Windows\\system32\\userinit.exe',
    ]);
    expect(calls().map((c) => c.path)).toEqual([
      '/api/v1/process', `/api/v3/process/${CMD}/1/event`, `/api/v3/process/${EXPLORER}/1/event`, `/api/v3/process/${USERINIT}/1/event`, `/api/v3/process/${TOP}/1/event`,
    ]);
    expect(calls()[0]?.params).toEqual({ 'cb.urlver': '1', facet: 'false', q: 'process_name:net.exe cmdline:\\\\test\\blah', rows: '100', start: '0', sort: 'last_update desc' });
  });
  it('honours maxDepth and coalesces concurrent walkers', async () => {
    const { cb, calls } = await fakeResponseApi(eventServer(4));
    const procs = await cb.select(Process).toArray();
    const depths: number[] = [];
    await Promise.all(procs.map((p) => p.walkParents((_q, d) => { depths.push(d); }, { maxDepth: 1 })));
    expect(depths.sort()).toEqual([0, 0, 1, 1]);
    const eventCalls = calls().filter((c) => c.path.endsWith('/event')).map((c) => c.path);
    expect(eventCalls).toEqual([`/api/v4/process/${CMD}/0/event`, `/api/v4/process/${EXPLORER}/0/event`]);
  });
  it('stops at a cycle', async () => {
    const A = '00000003-0000-0001-01d2-2ec93f6051ee';
    const B = '00000003-0000-0002-01d2-2ec93f6051ee';
    const cyc: Record<string, unknown> = { [A]: { id: A, parent_unique_id: B, process_pid: 1 }, [B]: { id: B, parent_unique_id: A, process_pid: 2 } };
    const { cb } = await fakeResponseApi((c) => {
      const g = c.path.split('/')[4] ?? '';
      return { process: cyc[g] };
    });
    const start = await cb.select(Process, A);
    const seen: string[] = [];
    await start.walkParents((p) => { seen.push(p.guid); });
    expect(seen).toEqual([B]);
  });
});

describe('Process fields and events (6.x)', () => {
  const G = '00000001-0000-0554-01d1-3bc4553b8c9f';
  const event = {
    process: {
      id: G, segment_id: 0, process_pid: -1, start: -1, sensor_id: null, comms_ip: -1062731420, interface_ip: 167772161, terminated: true,
      last_update: '2016-01-01T00:00:05Z', parent_unique_id: null,
      modload_complete: ['2016-01-01 00:00:01.000|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|c:\\windows\\notepad.exe', '2016-01-01 00:00:02.000|bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb|c:\\windows\\a.dll'],
      filemod_complete: ['2|2016-01-01 00:00:03.000|c:\\temp\\out.txt||', '8|2016-01-01 00:00:04|C:\\TEMP\\OUT.TXT||', '4|2016-01-01 00:00:04|c:\\temp\\out.txt||', 'broken'],
      netconn_complete: [{ timestamp: '2016-01-01 00:00:00.500', direction: 'true', remote_ip: '10.1.1.1', remote_port: 443, proto: 6, domain: 'x' }],
      childproc_complete: [
        { processId: '00000001-0000-0600-01d1-3bc4553b8c9f', type: 'start', start: '2016-01-01T00:00:02Z', md5: 'cc', path: 'c:\\a.exe', pid: 1536 },
        { processId: '00000001-0000-0600-01d1-3bc4553b8c9f', type: 'end', end: '2016-01-01T00:00:03Z', start: '2016-01-01T00:00:02Z' },
        { processId: '00000001-0000-0700-01d1-3bc4553b8c9f', type: 'start', start: '2016-01-01T00:00:02Z', is_suppressed: true, commandLine: 'hidden.exe', userName: 'SYSTEM', pid: 1792 },
      ],
      crossproc_complete: ['RemoteThread|2016-01-01 00:00:00.100|00000001-0000-0800-01d1-3bc4553b8c9f|dd|c:\\t.exe|0|2097151|false'],
      binaries: { BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB: { digsig_result: 'Unsigned' }, AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA: { digsig_result: 'Signed' } },
    },
  };

  it('reconstructs pid, start and sensor from the GUID, fills md5/path from the first modload, and reads events once', async () => {
    const { cb, calls } = await fakeResponseApi((c) => {
      if (c.path === `/api/v4/process/${G}/0/event`) return event;
      if (c.path === '/api/v4/process/00000001-0000-0600-01d1-3bc4553b8c9f/0/event') return { process: { id: '00000001-0000-0600-01d1-3bc4553b8c9f', process_pid: 1536 } };
      return undefined;
    });
    const p = await cb.select(Process, G);
    expect(p.process_pid).toBe(1364);
    expect(p.sensor_id).toBe(1);
    expect(p.start.toISOString()).toBe('2015-12-21T07:51:00.004Z');
    expect(p.comms_ip).toBe('192.168.1.100');
    expect(p.interface_ip).toBe('10.0.0.1');
    expect(p.process_md5).toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(p.path).toBe('c:\\windows\\notepad.exe');
    expect(p.end?.toISOString()).toBe('2016-01-01T00:00:05.000Z');
    expect(p.webuiLink).toBe(`https://cb.example.com/#analyze/${G}/0`);
    expect(p.get('binaries')).toBeDefined();
    expect(p.get('filemod_complete')).toBeUndefined();
    const bad: MalformedEvent[] = [];
    const filemods = [];
    for await (const f of p.filemods({ onMalformed: (m) => bad.push(m) })) filemods.push(f);
    expect(filemods.map((f) => f.type)).toEqual(['FirstWrote', 'LastWrote', 'Deleted']);
    expect(bad).toHaveLength(1);
    expect(p.malformedEvents).toHaveLength(1);
    const all = await p.allEvents();
    expect(all.map((e) => e.kind)).toEqual(['crossproc', 'netconn', 'modload', 'modload', 'childproc', 'childproc', 'filemod', 'childproc', 'filemod', 'filemod']);
    expect((await p.findFileWrites('out.txt')).map((f) => f.type)).toEqual(['FirstWrote', 'LastWrote']);
    expect((await p.unsignedModloads()).map((m) => m.md5)).toEqual(['BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB']);
    const kids = await p.children();
    expect(kids.map((k) => [k.guid, k.process_pid])).toEqual([['00000001-0000-0600-01d1-3bc4553b8c9f', 1536], ['00000001-0000-0700-01d1-3bc4553b8c9f', 1792]]);
    expect(kids[1]?.cmdline).toBe('hidden.exe');
    const walked: Array<[string, number]> = [];
    await p.walkChildren((k, d) => { walked.push([k.guid, d]); });
    expect(walked).toEqual([['00000001-0000-0600-01d1-3bc4553b8c9f', 0], ['00000001-0000-0700-01d1-3bc4553b8c9f', 0]]);
    expect(calls().map((c) => c.path)).toEqual([`/api/v4/process/${G}/0/event`, '/api/v4/process/00000001-0000-0600-01d1-3bc4553b8c9f/0/event']);
  });

  it('lists segments (6.x route; 5.x search) and reads each on 5.x for allEvents', async () => {
    const six = await fakeResponseApi((c) => {
      if (c.path === `/api/v1/process/${G}/segment`) return { process: { segments: [{ unique_id: `${G}-00000000000a` }, { unique_id: `${G}-000000000001` }] } };
      if (c.path === `/api/v4/process/${G}/0/event`) return { process: { id: G, segment_id: 0, process_pid: 5 } };
      return undefined;
    });
    const p6 = await six.cb.select(Process, G);
    expect(await p6.segments()).toEqual([1, 10]);
    expect(six.calls().map((c) => c.path)).toEqual([`/api/v4/process/${G}/0/event`, `/api/v1/process/${G}/segment`]);
    const five = await fakeResponseApi((c) => {
      if (c.path === '/api/v1/process') return { results: [{ id: G, segment_id: 2 }, { id: G, segment_id: 1 }], total_results: 2 };
      const m = /\/api\/v3\/process\/[^/]+\/(\d)\/event/.exec(c.path);
      if (m) return { process: { id: G, segment_id: Number(m[1]), process_pid: 5, regmod_complete: [`1|2016-01-0${m[1]} 00:00:00|k${m[1]}`] } };
      return undefined;
    }, { version: '5.2.0' });
    const p5 = await five.cb.select(Process, `${G}-00000001`);
    expect(await p5.segments()).toEqual([1, 2]);
    expect((await p5.allEvents()).map((e) => (e.kind === 'regmod' ? e.path : ''))).toEqual(['k1', 'k2']);
    expect(five.calls().map((c) => c.path)).toEqual([`/api/v3/process/${G}/1/event`, '/api/v1/process', '/api/v1/process', `/api/v3/process/${G}/2/event`]);
    expect(five.calls()[1]?.params).toEqual({ 'cb.urlver': '1', facet: 'false', q: `process_id:${G}`, start: '0', rows: '100' });
  });

  it('rejects bad ids before any request', async () => {
    const { cb, calls } = await fakeResponseApi(() => undefined);
    await expect(cb.select(Process, 'nope')).rejects.toThrow(InvalidObjectError);
    await expect(cb.select(Process, [G, -1])).rejects.toThrow(ApiError);
    expect(calls()).toEqual([]);
    const five = await fakeResponseApi(() => undefined, { version: '5.2.0' });
    await expect(five.cb.select(Process, `${G}-015c36b2f0e5`)).rejects.toThrow(/only Cb Response 6\.0\+/);
    expect(five.calls()).toEqual([]);
  });
});

describe('parents the server does not have', () => {
  it('asks once for a missing parent and never for a pid-0/time-0 GUID', async () => {
    const A = '00000003-0000-0001-01d2-2ec93f6051ee';
    const B = '00000003-0000-0002-01d2-2ec93f6051ee';
    const GONE = '00000003-0000-0009-01d2-2ec93f6051ee';
    const docs2: Record<string, unknown> = {
      [A]: { id: A, parent_unique_id: GONE, process_pid: 1 },
      [B]: { id: B, parent_unique_id: '00000003-0000-0000-0000-000000000000-000000000001', process_pid: 2 },
    };
    const { cb, calls } = await fakeResponseApi((c) => {
      const g = c.path.split('/')[4] ?? '';
      if (!docs2[g]) throw notFound(c.path);
      return { process: docs2[g] };
    });
    const a = await cb.select(Process, A);
    const b = await cb.select(Process, B);
    expect(await a.parent()).toBeUndefined();
    expect(await a.parent()).toBeUndefined();
    expect(await b.parent()).toBeUndefined();
    expect(calls().map((c) => c.path)).toEqual([`/api/v4/process/${A}/0/event`, `/api/v4/process/${B}/0/event`, `/api/v4/process/${GONE}/0/event`]);
  });
});

describe('summary and the parent fallback (§8.1 (5))', () => {
  it('reads the summary when the loaded document has no parent reference', async () => {
    const G = '00000001-0000-0554-01d1-3bc4553b8c9f';
    const P = '00000001-0000-0100-01d1-3bc4553b8c9f';
    const { cb, calls } = await fakeResponseApi((c) => {
      if (c.path === `/api/v4/process/${G}/0/event`) return { process: { id: G, process_pid: 1364, parent_unique_id: null, parent_md5: '000000000000000000000000000000' } };
      if (c.path === `/api/v1/process/${G}/0`) return { process: { id: G, parent_unique_id: null }, parent: { id: P, process_name: 'services.exe' }, children: [], siblings: [] };
      if (c.path === `/api/v4/process/${P}/0/event`) return { process: { id: P, process_name: 'services.exe', process_pid: 256 } };
      return undefined;
    });
    const p = await cb.select(Process, G);
    const parent = await p.parent();
    expect(parent?.process_name).toBe('services.exe');
    expect((await p.summary()).parent?.['id']).toBe(P);
    expect(calls().map((c) => c.path)).toEqual([`/api/v4/process/${G}/0/event`, `/api/v1/process/${G}/0`, `/api/v4/process/${P}/0/event`]);
    await expect(p.walkParents(() => undefined, { maxDepth: -1 })).rejects.toThrow(/maxDepth/);
  });

  it('counts with the recorded 6.2 reply and builds results whose id is null from unique_id (§8.1 (6))', async () => {
    const { fixture } = await import('../__fixtures__/response-fake-api.js');
    const G = '00000001-0000-0554-01d1-3bc4553b8c9f';
    const { cb } = await fakeResponseApi((c) => (c.params['rows'] === '0'
      ? fixture('process.search-count.json')
      : { results: [{ id: null, unique_id: `${G}-000000000005`, segment_id: 5, process_name: 'a.exe' }], total_results: 1 }));
    expect(await cb.select(Process).count()).toBe(34884);
    const [p] = await cb.select(Process).toArray();
    expect(p?.id).toBe(G);
    expect(p?.segment).toBe(5);
    expect(p?.uniqueId()).toEqual([G, 5]);
    expect(p?.webuiLink).toBe(`https://cb.example.com/#analyze/${G}/5`);
  });
});
