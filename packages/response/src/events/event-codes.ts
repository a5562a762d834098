/**
 * Code tables of the Cb Response event formats (protocol.md §2.5): filemod and regmod action
 * types, filemod file types, IP protocol numbers and cross-process access masks.
 */

/** What a file modification did. @public */
export type FileModAction = 'CreatedFile' | 'FirstWrote' | 'Deleted' | 'LastWrote' | 'Unknown';
/** What a registry modification did. @public */
export type RegModAction = 'CreatedKey' | 'FirstWrote' | 'DeletedKey' | 'DeletedValue' | 'Unknown';
/** The file type a sensor detected for a written file. @public */
export type FileModFileType =
  | 'PE' | 'ELF' | 'MachO' | 'EICAR' | 'DOC' | 'DOCX' | 'PDF' | 'ZIP' | 'LZH' | 'LZW' | 'RAR' | 'TAR' | '7Z' | 'Unknown';

const FILEMOD_ACTIONS: Readonly<Record<number, FileModAction>> = { 1: 'CreatedFile', 2: 'FirstWrote', 4: 'Deleted', 8: 'LastWrote' };
const REGMOD_ACTIONS: Readonly<Record<number, RegModAction>> = { 1: 'CreatedKey', 2: 'FirstWrote', 4: 'DeletedKey', 8: 'DeletedValue' };
const FILE_TYPES: Readonly<Record<number, FileModFileType>> = {
  0x1: 'PE', 0x2: 'ELF', 0x3: 'MachO', 0x8: 'EICAR', 0x10: 'DOC', 0x11: 'DOCX', 0x30: 'PDF',
  0x40: 'ZIP', 0x41: 'LZH', 0x42: 'LZW', 0x43: 'RAR', 0x44: 'TAR', 0x45: '7Z',
};

/** Parses a decimal integer strictly (`"12"` yes, `"12a"`, `""` no). */
export function parseStrictInt(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\s*-?\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

/** Filemod type code (1, 2, 4, 8) → name; anything else → `Unknown`. @public */
export function fileModActionName(code: unknown): FileModAction {
  const n = parseStrictInt(code);
  return (n === undefined ? undefined : FILEMOD_ACTIONS[n]) ?? 'Unknown';
}

/** Regmod type code (1, 2, 4, 8) → name; anything else → `Unknown`. @public */
export function regModActionName(code: unknown): RegModAction {
  const n = parseStrictInt(code);
  return (n === undefined ? undefined : REGMOD_ACTIONS[n]) ?? 'Unknown';
}

/** Filemod file type code → name (empty or unknown → `Unknown`). @public */
export function fileTypeName(code: unknown): FileModFileType {
  const n = parseStrictInt(code);
  return (n === undefined ? undefined : FILE_TYPES[n]) ?? 'Unknown';
}

const IP_PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'IPPROTO_IP', 1: 'IPPROTO_ICMP', 2: 'IPPROTO_IGMP', 4: 'IPPROTO_IPIP', 6: 'IPPROTO_TCP', 8: 'IPPROTO_EGP',
  12: 'IPPROTO_PUP', 17: 'IPPROTO_UDP', 22: 'IPPROTO_IDP', 29: 'IPPROTO_TP', 41: 'IPPROTO_IPV6', 43: 'IPPROTO_ROUTING',
  44: 'IPPROTO_FRAGMENT', 46: 'IPPROTO_RSVP', 47: 'IPPROTO_GRE', 50: 'IPPROTO_ESP', 51: 'IPPROTO_AH',
  58: 'IPPROTO_ICMPV6', 59: 'IPPROTO_NONE', 60: 'IPPROTO_DSTOPTS', 103: 'IPPROTO_PIM', 132: 'IPPROTO_SCTP', 255: 'IPPROTO_RAW',
};

/** IP protocol number → the name cbapi prints (`6` → `IPPROTO_TCP`); unknown → `Unknown`. @public */
export function ipProtocolName(proto: unknown): string {
  const n = parseStrictInt(proto);
  return (n === undefined ? undefined : IP_PROTOCOLS[n]) ?? 'Unknown';
}

const WHOLE_MASKS: ReadonlyArray<readonly [number, string]> = [
  [0x1fffff, 'PROCESS_ALL_ACCESS'],
  [0x1f0000, 'STANDARD_RIGHTS_ALL'],
  [0xf0000, 'STANDARD_RIGHTS_REQUIRED'],
  [0x20000, 'STANDARD_RIGHTS_READ'],
];

const MASK_BITS: ReadonlyArray<readonly [number, string]> = [
  [0x100000, 'SYNCHRONIZE'],
  [0x80000, 'WRITE_OWNER'],
  [0x40000, 'WRITE_DAC'],
  [0x20000, 'READ_CONTROL'],
  [0x10000, 'DELETE'],
  [0x1, 'PROCESS_TERMINATE'],
  [0x2, 'PROCESS_CREATE_THREAD'],
  [0x4, 'PROCESS_SET_SESSIONID'],
  [0x8, 'PROCESS_VM_OPERATION'],
  [0x10, 'PROCESS_VM_READ'],
  [0x20, 'PROCESS_VM_WRITE'],
  [0x40, 'PROCESS_DUP_HANDLE'],
  [0x80, 'PROCESS_CREATE_PROCESS'],
  [0x100, 'PROCESS_SET_QUOTA'],
  [0x200, 'PROCESS_SET_INFORMATION'],
  [0x400, 'PROCESS_QUERY_INFORMATION'],
  [0x800, 'PROCESS_SUPEND_RESUME'],
  [0x1000, 'PROCESS_QUERY_LIMITED_INFORMATION'],
];

/**
 * Names the rights in a cross-process access mask as cbapi does: the four whole-mask names
 * first, otherwise the set bits joined by `" | "` (`PROCESS_SUPEND_RESUME` keeps cbapi's spelling).
 * @public
 */
export function accessMaskNames(mask: number): string {
  for (const [value, name] of WHOLE_MASKS) if (mask === value) return name;
  return MASK_BITS.filter(([bit]) => (mask & bit) === bit).map(([, name]) => name).join(' | ');
}

/** Signed (or unsigned) 32-bit integer → dotted quad, big-endian; anything else → `undefined`. @public */
export function int32ToIpv4(value: unknown): string | undefined {
  const n = parseStrictInt(value);
  if (n === undefined || n < -0x80000000 || n > 0xffffffff) return undefined;
  const u = n >>> 0;
  return [u >>> 24, (u >>> 16) & 0xff, (u >>> 8) & 0xff, u & 0xff].join('.');
}
