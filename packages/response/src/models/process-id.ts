import { InvalidObjectError } from '@cbapi/core';
import { fileTimeToDate } from '../events/cb-time.js';

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A process id split into its GUID and segment. @public */
export interface ProcessIdParts {
  /** The 36-char process GUID, lower case. */
  guid: string;
  /** The segment encoded in the id, or `undefined` when the id had none (use the server's default). */
  segment: number | undefined;
}

/** True for a 36-char process GUID. @public */
export function isProcessGuid(value: string): boolean {
  return GUID_RE.test(value);
}

/**
 * Splits a process id: a 36-char GUID, a 45-char `GUID-<8 hex segment>` (5.x) or a 49-char
 * `GUID-<12 hex segment>` (6.x servers only). The whole suffix is read as the segment (cbapi
 * dropped its first hex digit; harmless with the usual leading zeros, wrong otherwise — fixed).
 * @throws {@link InvalidObjectError} for any other shape, naming the id
 * @public
 */
export function parseProcessId(id: string, options: { allow49?: boolean } = {}): ProcessIdParts {
  const allow49 = options.allow49 ?? true;
  const guid = id.slice(0, 36);
  if (!GUID_RE.test(guid)) throw new InvalidObjectError(`Not a process id: ${JSON.stringify(id)} (expected a GUID like 00000001-0000-0554-01d1-3bc4553b8c9f)`);
  if (id.length === 36) return { guid: guid.toLowerCase(), segment: undefined };
  const suffix = id.slice(36);
  if ((id.length === 45 && /^-[0-9a-f]{8}$/i.test(suffix)) || (id.length === 49 && /^-[0-9a-f]{12}$/i.test(suffix))) {
    if (id.length === 49 && !allow49) {
      throw new InvalidObjectError(`Process id ${JSON.stringify(id)} has a 12-hex-digit segment, which only Cb Response 6.0+ servers use`);
    }
    return { guid: guid.toLowerCase(), segment: Number.parseInt(suffix.slice(1), 16) };
  }
  throw new InvalidObjectError(`Not a process id: ${JSON.stringify(id)} (expected 36, 45 or 49 characters: GUID[-segment])`);
}

/** What a process GUID encodes. @public */
export interface ProcessGuidInfo {
  sensorId: number;
  pid: number;
  /** Process creation time (from the Windows FILETIME in the GUID). */
  start: Date;
}

/**
 * Decodes a process GUID: uint32 sensor id, uint32 pid, uint64 FILETIME create time (big-endian).
 * `00000001-0000-0554-01d1-3bc4553b8c9f` → sensor 1, pid 1364, 2015-12-21T07:51:00.004Z.
 * @returns the parts, or `undefined` when the text is not a GUID
 * @public
 */
export function decodeProcessGuid(guid: string): ProcessGuidInfo | undefined {
  const g = guid.slice(0, 36);
  if (!GUID_RE.test(g)) return undefined;
  const hex = g.replace(/-/g, '');
  const sensorId = Number.parseInt(hex.slice(0, 8), 16);
  const pid = Number.parseInt(hex.slice(8, 16), 16);
  const ticks = BigInt(`0x${hex.slice(16)}`);
  const start = fileTimeToDate(ticks);
  if (Number.isNaN(start.getTime())) return undefined;
  return { sensorId, pid, start };
}

/** The GUID with any segment suffix removed (first five dash groups). @public */
export function stripProcessSegment(id: string): string {
  return id.split('-').slice(0, 5).join('-');
}
