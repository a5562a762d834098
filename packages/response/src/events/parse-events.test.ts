import { describe, expect, it } from '@jest/globals';
import { parseChildProc, parseCrossProc, parseEvent, parseEventList, parseFileMod, parseModLoad, parseNetConn, parseRegMod } from './parse-events.js';
import type { EventParseContext } from './parse-events.js';
import type { MalformedEvent } from './process-event.js';

const guid = '00000003-0000-036c-01d2-2efd3af51186';
const ctx = (version: 1 | 2 | 3 | 4 = 4): EventParseContext => ({ segment: 1, version, processGuid: guid });
const ok = <T>(r: { ok: true; event: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.event;
};

describe('filemod', () => {
  it('reads type, time, path, md5, filetype and tamper', () => {
    const e = ok(parseFileMod('2|2016-11-11 20:59:31.631|c:\\temp\\a.exe|79b6d4c5283fc806387c55b8d7c8b762|1|true', ctx()));
    expect(e).toMatchObject({ kind: 'filemod', type: 'FirstWrote', path: 'c:\\temp\\a.exe', md5: '79B6D4C5283FC806387C55B8D7C8B762', filetype: 'PE', tamper: true, segment: 1 });
    expect(e.timestamp.toISOString()).toBe('2016-11-11T20:59:31.631Z');
  });
  it('maps every type code and an empty filetype to Unknown', () => {
    expect([1, 2, 4, 8, 3].map((t) => ok(parseFileMod(`${t}|2016-11-11 20:59:31|p||`, ctx())).type)).toEqual(['CreatedFile', 'FirstWrote', 'Deleted', 'LastWrote', 'Unknown']);
    const e = ok(parseFileMod('1|2016-11-11 20:59:31|p||', ctx()));
    expect(e.filetype).toBe('Unknown');
    expect(e.md5).toBeUndefined();
    expect(ok(parseFileMod('1|2016-11-11 20:59:31|p||64', ctx())).filetype).toBe('ZIP');
  });
  it('rejects a short line and a bad time with a reason', () => {
    expect(parseFileMod('1|x', ctx())).toEqual({ ok: false, reason: 'filemod: expected 3 to 6 fields, got 2' });
    expect(parseFileMod('1|yesterday|p|', ctx())).toEqual({ ok: false, reason: 'filemod: bad timestamp "yesterday"' });
    expect(parseFileMod({ a: 1 }, ctx()).ok).toBe(false);
  });
});

describe('regmod and modload', () => {
  it('reads a regmod line', () => {
    expect(ok(parseRegMod('8|2016-10-25 14:08:49.651|\\registry\\machine\\x|true', ctx()))).toMatchObject({ type: 'DeletedValue', path: '\\registry\\machine\\x', tamper: true });
    expect(ok(parseRegMod('1|2016-10-25 14:08:49.651|k', ctx())).type).toBe('CreatedKey');
  });
  it('reads a modload line and the signing status from the binaries map', () => {
    const c = { ...ctx(), binaries: { ABCDEF0123456789ABCDEF0123456789: { digsig_result: 'Unsigned' } } };
    const e = ok(parseModLoad('2016-10-25 14:08:49.651|abcdef0123456789abcdef0123456789|c:\\windows\\a.dll', c));
    expect(e).toMatchObject({ md5: 'ABCDEF0123456789ABCDEF0123456789', path: 'c:\\windows\\a.dll', isSigned: false });
    expect(ok(parseModLoad('2016-10-25 14:08:49.651|00|c:\\b.dll', c)).isSigned).toBeUndefined();
  });
});

describe('netconn', () => {
  it('reads a v1 line: signed int32 address, protocol name, direction', () => {
    const e = ok(parseNetConn('2016-10-25 14:08:49.651|-1062731420|443|6|www.example.com|true', ctx(1)));
    expect(e).toMatchObject({ remoteIp: '192.168.1.100', remotePort: 443, proto: 'IPPROTO_TCP', domain: 'www.example.com', direction: 'Outbound' });
    expect(ok(parseNetConn('2016-10-25 14:08:49.651|garbage|53|17||false', ctx(1)))).toMatchObject({ remoteIp: '0.0.0.0', proto: 'IPPROTO_UDP', direction: 'Inbound' });
  });
  it('reads v2/v3 JSON with int addresses and string direction', () => {
    const e = ok(parseNetConn({ timestamp: '2017-01-31 20:07:57.446', direction: 'false', remote_ip: 134744072, local_ip: -1062731420, remote_port: 53, local_port: 5000, proto: 17, domain: 'dns.google' }, ctx(3)));
    expect(e).toMatchObject({ remoteIp: '8.8.8.8', localIp: '192.168.1.100', direction: 'Inbound', proto: 'IPPROTO_UDP', remotePort: 53, localPort: 5000 });
    expect(ok(parseNetConn({ timestamp: '2017-01-31 20:07:57', remote_ip: 'x' }, ctx(2)))).toMatchObject({ direction: 'Outbound', remoteIp: 'x', proto: 'Unknown' });
  });
  it('keeps v4 addresses verbatim (IPv6)', () => {
    const e = ok(parseNetConn({ timestamp: '2017-01-31T20:07:57.446Z', direction: 'true', remote_ip: '2001:db8::1', local_ip: '10.0.0.1', remote_port: 443, proto: 6 }, ctx(4)));
    expect(e).toMatchObject({ remoteIp: '2001:db8::1', localIp: '10.0.0.1', direction: 'Outbound', proto: 'IPPROTO_TCP' });
  });
});

describe('childproc', () => {
  it('reads a v1/v2 line', () => {
    const e = ok(parseChildProc('2016-10-25 20:20:29.790|00000003-0000-0c34-01d2-2ec94f09cae6-00000001|bf93a2f9901e9b3dfca8a7982f4a9868|c:\\windows\\system32\\cmd.exe|3124|true|false', ctx(2)));
    expect(e).toMatchObject({ procguid: '00000003-0000-0c34-01d2-2ec94f09cae6', pid: 3124, started: true, terminated: false, tamper: false, md5: 'BF93A2F9901E9B3DFCA8A7982F4A9868' });
  });
  it('reads v3/v4 JSON start and end events', () => {
    const start = ok(parseChildProc({ processId: '00000003-0000-0c34-01d2-2ec94f09cae6', md5: 'aa', path: 'p', pid: 4, type: 'start', start: '2017-01-31T20:07:57.446Z', end: '2017-01-31T20:08:00Z', is_tampered: false, is_suppressed: true, commandLine: 'cmd /c', userName: 'SYSTEM' }, ctx(4)));
    expect(start).toMatchObject({ started: true, suppressed: true, commandLine: 'cmd /c', userName: 'SYSTEM' });
    expect(start.timestamp.toISOString()).toBe('2017-01-31T20:07:57.446Z');
    const end = ok(parseChildProc({ processId: '00000003-0000-0c34-01d2-2ec94f09cae6', type: 'end', start: '2017-01-31T20:07:57.446Z', end: '2017-01-31T20:08:00Z', commandLine: 'hidden' }, ctx(4)));
    expect(end).toMatchObject({ terminated: true, commandLine: undefined });
    expect(end.timestamp.toISOString()).toBe('2017-01-31T20:08:00.000Z');
    expect(parseChildProc({ processId: 'x', type: 'fork', start: '2017-01-31' }, ctx(4))).toEqual({ ok: false, reason: 'childproc: bad type "fork"' });
  });
});

describe('crossproc', () => {
  it('reads a ProcessOpen with access mask names; subtype 2 is ThreadOpen', () => {
    const e = ok(parseCrossProc('ProcessOpen|2016-10-25 14:08:49.651|00000003-0000-0218-01d2-2ec93f813429-00000001|aa|c:\\x.exe|1|2097151|false', ctx()));
    expect(e).toMatchObject({ type: 'ProcessOpen', accessMask: 0x1fffff, accessMaskNames: 'PROCESS_ALL_ACCESS', isTarget: false, sourceProcguid: guid, targetProcguid: '00000003-0000-0218-01d2-2ec93f813429' });
    const t = ok(parseCrossProc('ProcessOpen|2016-10-25 14:08:49.651|00000003-0000-0218-01d2-2ec93f813429|aa|c:\\x.exe|2|1040|true|true', ctx()));
    expect(t).toMatchObject({ type: 'ThreadOpen', accessMaskNames: 'PROCESS_VM_READ | PROCESS_QUERY_INFORMATION', tamper: true, isTarget: true, sourceProcguid: '00000003-0000-0218-01d2-2ec93f813429', targetProcguid: guid });
    expect(ok(parseCrossProc('RemoteThread|2016-10-25 14:08:49|g|m|p|0|abc|false', ctx())).accessMask).toBe(0);
  });
});

describe('parseEventList', () => {
  it('skips malformed entries and reports each of them', () => {
    const bad: MalformedEvent[] = [];
    const events = parseEventList('regmod', ['1|2016-10-25 14:08:49|k', 'junk', 42], ctx(), (m) => bad.push(m));
    expect(events).toHaveLength(1);
    expect(bad.map((b) => b.reason)).toEqual(['regmod: expected 3 or 4 fields, got 1', 'regmod: expected a pipe-delimited string, got number']);
    expect(parseEventList('filemod', undefined, ctx())).toEqual([]);
    expect(parseEventList('filemod', 'oops', ctx(), (m) => bad.push(m))).toEqual([]);
    expect(bad[2]?.reason).toBe('filemod: expected a list of events');
    expect(parseEvent('modload', '2016-10-25 14:08:49|aa|p', ctx()).ok).toBe(true);
  });
});
