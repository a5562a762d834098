import { accessMaskNames, fileModActionName, fileTypeName, int32ToIpv4, ipProtocolName, parseStrictInt, regModActionName } from './event-codes.js';
import { parseCbTimestamp } from './cb-time.js';
import type {
  ChildProcEvent, CrossProcEvent, EventApiVersion, EventKind, FileModEvent, MalformedEventHandler, ModLoadEvent, NetConnEvent,
  ProcessEvent, RegModEvent,
} from './process-event.js';

/** What the parsers need to know besides the line itself. @public */
export interface EventParseContext {
  segment: number;
  /** Event API version the line came from (decides the netconn and childproc formats). */
  version: EventApiVersion;
  /** GUID of the process the events belong to (36 chars). */
  processGuid: string;
  /** The process document's `binaries` map (keyed by upper-case MD5), for module signing status. */
  binaries?: Readonly<Record<string, unknown>> | undefined;
}

/** The outcome of parsing one event. @public */
export type EventParseResult<T extends ProcessEvent = ProcessEvent> = { ok: true; event: T } | { ok: false; reason: string };

type Parsed<T extends ProcessEvent> = EventParseResult<T>;
const fail = (kind: EventKind, reason: string): { ok: false; reason: string } => ({ ok: false, reason: `${kind}: ${reason}` });

function splitLine(kind: EventKind, raw: unknown): string[] | string {
  if (typeof raw !== 'string') return `expected a pipe-delimited string, got ${raw === null ? 'null' : typeof raw}`;
  return raw.split('|');
}

function time(kind: EventKind, value: unknown): Date | { ok: false; reason: string } {
  const t = parseCbTimestamp(value);
  return t ?? fail(kind, `bad timestamp ${JSON.stringify(value)}`);
}

const isFail = (v: unknown): v is { ok: false; reason: string } => typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;
const upperOrUndefined = (s: string | undefined): string | undefined => (s ? s.toUpperCase() : undefined);
const stripSegment = (guid: string): string => guid.split('-').slice(0, 5).join('-');

/** Parses a filemod line: `type|timestamp|path|md5|filetype[|tamper]`. @public */
export function parseFileMod(raw: unknown, ctx: EventParseContext): Parsed<FileModEvent> {
  const parts = splitLine('filemod', raw);
  if (typeof parts === 'string') return fail('filemod', parts);
  if (parts.length < 3 || parts.length > 6) return fail('filemod', `expected 3 to 6 fields, got ${parts.length}`);
  const [type, ts, path = '', md5, filetype, tamper] = parts;
  const timestamp = time('filemod', ts);
  if (isFail(timestamp)) return timestamp;
  if (parseStrictInt(type) === undefined) return fail('filemod', `bad type code ${JSON.stringify(type)}`);
  return {
    ok: true,
    event: {
      kind: 'filemod', segment: ctx.segment, timestamp, raw: raw as string, type: fileModActionName(type), path,
      md5: upperOrUndefined(md5), filetype: fileTypeName(filetype), tamper: tamper === 'true',
    },
  };
}

/** Parses a regmod line: `type|timestamp|path[|tamper]`. @public */
export function parseRegMod(raw: unknown, ctx: EventParseContext): Parsed<RegModEvent> {
  const parts = splitLine('regmod', raw);
  if (typeof parts === 'string') return fail('regmod', parts);
  if (parts.length < 3 || parts.length > 4) return fail('regmod', `expected 3 or 4 fields, got ${parts.length}`);
  const [type, ts, path = '', tamper] = parts;
  const timestamp = time('regmod', ts);
  if (isFail(timestamp)) return timestamp;
  if (parseStrictInt(type) === undefined) return fail('regmod', `bad type code ${JSON.stringify(type)}`);
  return { ok: true, event: { kind: 'regmod', segment: ctx.segment, timestamp, raw: raw as string, type: regModActionName(type), path, tamper: tamper === 'true' } };
}

function signedFromBinaries(md5: string, binaries: Readonly<Record<string, unknown>> | undefined): boolean | undefined {
  const info = binaries?.[md5];
  if (typeof info !== 'object' || info === null) return undefined;
  const result = (info as Record<string, unknown>)['digsig_result'];
  return typeof result === 'string' ? result === 'Signed' : undefined;
}

/** Parses a modload line: `timestamp|md5|path`. @public */
export function parseModLoad(raw: unknown, ctx: EventParseContext): Parsed<ModLoadEvent> {
  const parts = splitLine('modload', raw);
  if (typeof parts === 'string') return fail('modload', parts);
  if (parts.length < 3) return fail('modload', `expected 3 fields, got ${parts.length}`);
  const [ts, md5Raw = '', ...rest] = parts;
  const timestamp = time('modload', ts);
  if (isFail(timestamp)) return timestamp;
  const md5 = md5Raw.toUpperCase();
  return {
    ok: true,
    event: { kind: 'modload', segment: ctx.segment, timestamp, raw: raw as string, md5, path: rest.join('|'), isSigned: signedFromBinaries(md5, ctx.binaries) },
  };
}

function port(value: unknown): number | undefined {
  const n = parseStrictInt(value);
  return n === undefined || n < 0 || n > 65535 ? undefined : n;
}

/** Parses a netconn: a v1 line `timestamp|ipv4|port|proto|domain|outbound` or a v2–v4 JSON object. @public */
export function parseNetConn(raw: unknown, ctx: EventParseContext): Parsed<NetConnEvent> {
  if (ctx.version === 1 || typeof raw === 'string') {
    const parts = splitLine('netconn', raw);
    if (typeof parts === 'string') return fail('netconn', parts);
    if (parts.length < 6) return fail('netconn', `expected 6 fields, got ${parts.length}`);
    const [ts, ip, p, proto, domain = '', outbound] = parts;
    const timestamp = time('netconn', ts);
    if (isFail(timestamp)) return timestamp;
    return {
      ok: true,
      event: {
        kind: 'netconn', segment: ctx.segment, timestamp, raw: raw as string, direction: outbound === 'true' ? 'Outbound' : 'Inbound',
        remoteIp: int32ToIpv4(ip) ?? '0.0.0.0', remotePort: port(p), localIp: undefined, localPort: undefined,
        proxyIp: undefined, proxyPort: undefined, proto: ipProtocolName(proto), domain,
      },
    };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('netconn', 'expected a JSON object');
  const o = raw as Record<string, unknown>;
  const timestamp = time('netconn', o['timestamp']);
  if (isFail(timestamp)) return timestamp;
  const ip = (v: unknown): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (ctx.version === 4) return String(v);
    return int32ToIpv4(v) ?? String(v);
  };
  // v2/v3 send direction as the STRING "true"/"false" (default "true"); we also accept a JSON boolean (fix of §8.2).
  const dir = o['direction'] ?? 'true';
  return {
    ok: true,
    event: {
      kind: 'netconn', segment: ctx.segment, timestamp, raw: o, direction: dir === 'true' || dir === true ? 'Outbound' : 'Inbound',
      remoteIp: ip(o['remote_ip']) ?? '0.0.0.0', remotePort: port(o['remote_port']), localIp: ip(o['local_ip']), localPort: port(o['local_port']),
      proxyIp: ip(o['proxy_ip']), proxyPort: port(o['proxy_port']), proto: ipProtocolName(o['proto']), domain: typeof o['domain'] === 'string' ? o['domain'] : '',
    },
  };
}

/** Parses a childproc: a v1/v2 line `timestamp|procguid|md5|path|pid|started[|tamper]` or a v3/v4 JSON object. @public */
export function parseChildProc(raw: unknown, ctx: EventParseContext): Parsed<ChildProcEvent> {
  if (typeof raw === 'string') {
    const parts = raw.split('|');
    if (parts.length < 6) return fail('childproc', `expected 6 or 7 fields, got ${parts.length}`);
    const [ts, guid = '', md5 = '', path = '', pid, started, tamper] = parts;
    const timestamp = time('childproc', ts);
    if (isFail(timestamp)) return timestamp;
    if (!guid) return fail('childproc', 'missing child GUID');
    return {
      ok: true,
      event: {
        kind: 'childproc', segment: ctx.segment, timestamp, raw, procguid: stripSegment(guid), md5: md5.toUpperCase(), path,
        pid: parseStrictInt(pid), started: started === 'true', terminated: started !== 'true', tamper: tamper === 'true',
        suppressed: false, commandLine: undefined, userName: undefined,
      },
    };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('childproc', 'expected a pipe-delimited string or a JSON object');
  const o = raw as Record<string, unknown>;
  const type = o['type'];
  if (type !== 'start' && type !== 'end') return fail('childproc', `bad type ${JSON.stringify(type)}`);
  const timestamp = time('childproc', type === 'end' ? o['end'] : o['start']);
  if (isFail(timestamp)) return timestamp;
  const guid = o['processId'];
  if (typeof guid !== 'string' || !guid) return fail('childproc', 'missing processId');
  const suppressed = o['is_suppressed'] === true;
  return {
    ok: true,
    event: {
      kind: 'childproc', segment: ctx.segment, timestamp, raw: o, procguid: stripSegment(guid),
      md5: typeof o['md5'] === 'string' ? o['md5'].toUpperCase() : '', path: typeof o['path'] === 'string' ? o['path'] : '',
      pid: parseStrictInt(o['pid']), started: type === 'start', terminated: type === 'end', tamper: o['is_tampered'] === true, suppressed,
      commandLine: suppressed && typeof o['commandLine'] === 'string' ? o['commandLine'] : undefined,
      userName: suppressed && typeof o['userName'] === 'string' ? o['userName'] : undefined,
    },
  };
}

/** Parses a crossproc line: `type|timestamp|other_guid|other_md5|other_path|subtype|access_mask|tamper[|is_target]`. @public */
export function parseCrossProc(raw: unknown, ctx: EventParseContext): Parsed<CrossProcEvent> {
  const parts = splitLine('crossproc', raw);
  if (typeof parts === 'string') return fail('crossproc', parts);
  if (parts.length < 8) return fail('crossproc', `expected 8 or 9 fields, got ${parts.length}`);
  const [kindField = '', ts, otherGuid = '', otherMd5 = '', otherPath = '', subtype, mask, tamper, isTarget] = parts;
  const timestamp = time('crossproc', ts);
  if (isFail(timestamp)) return timestamp;
  let type = kindField;
  if (kindField === 'ProcessOpen' && parseStrictInt(subtype) === 2) type = 'ThreadOpen';
  const accessMask = parseStrictInt(mask) ?? 0;
  const target = isTarget === 'true';
  const other = stripSegment(otherGuid);
  return {
    ok: true,
    event: {
      kind: 'crossproc', segment: ctx.segment, timestamp, raw: raw as string, type, otherProcguid: other, otherMd5: otherMd5.toUpperCase(),
      otherPath, accessMask, accessMaskNames: accessMaskNames(accessMask), tamper: tamper === 'true', isTarget: target,
      sourceProcguid: target ? other : ctx.processGuid, targetProcguid: target ? ctx.processGuid : other,
    },
  };
}

const PARSERS: { [K in EventKind]: (raw: unknown, ctx: EventParseContext) => EventParseResult } = {
  filemod: parseFileMod,
  regmod: parseRegMod,
  modload: parseModLoad,
  netconn: parseNetConn,
  childproc: parseChildProc,
  crossproc: parseCrossProc,
};

/** Parses one event of any kind. @public */
export function parseEvent(kind: EventKind, raw: unknown, ctx: EventParseContext): EventParseResult {
  return PARSERS[kind](raw, ctx);
}

/**
 * Parses a `<kind>_complete` list; unreadable entries go to `onMalformed` and are skipped, a
 * missing list gives `[]`, so a bad line never stops the stream.
 * @public
 */
export function parseEventList(kind: EventKind, list: unknown, ctx: EventParseContext, onMalformed?: MalformedEventHandler): ProcessEvent[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    onMalformed?.({ kind, segment: ctx.segment, raw: list, reason: `${kind}: expected a list of events` });
    return [];
  }
  const out: ProcessEvent[] = [];
  for (const raw of list) {
    const r = PARSERS[kind](raw, ctx);
    if (r.ok) out.push(r.event);
    else onMalformed?.({ kind, segment: ctx.segment, raw, reason: r.reason });
  }
  return out;
}
