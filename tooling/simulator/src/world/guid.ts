/** Milliseconds between 1601-01-01 (FILETIME epoch) and 1970-01-01. */
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;

/**
 * Builds a Cb Response process GUID: hex of big-endian (uint32 sensor id, uint32 pid, uint64 FILETIME
 * of the start), laid out `SSSSSSSS-PPPP-PPPP-TTTT-TTTTTTTTTTTT` (protocol.md §2.5).
 */
export function guidOf(sensorId: number, pid: number, startMs: number): string {
  const s = (sensorId >>> 0).toString(16).padStart(8, '0');
  const p = (pid >>> 0).toString(16).padStart(8, '0');
  const ft = startMs <= 0 ? 0n : (BigInt(Math.floor(startMs)) + FILETIME_EPOCH_OFFSET_MS) * 10_000n;
  const t = ft.toString(16).padStart(16, '0');
  return `${s}-${p.slice(0, 4)}-${p.slice(4)}-${t.slice(0, 4)}-${t.slice(4)}`;
}

/** The parts of a process GUID, or undefined when it is not one. */
export function parseGuid(guid: string): { sensorId: number; pid: number; startMs: number } | undefined {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(guid);
  if (!m) return undefined;
  const ft = BigInt(`0x${m[4]}${m[5]}`);
  return {
    sensorId: Number.parseInt(m[1] ?? '0', 16),
    pid: Number.parseInt(`${m[2]}${m[3]}`, 16),
    startMs: ft === 0n ? 0 : Number(ft / 10_000n - FILETIME_EPOCH_OFFSET_MS),
  };
}

/** Segment suffix of a unique id: 12 hex digits on 6.x+, 8 on 5.x. */
export function segmentSuffix(segment: number, majorVersion: number): string {
  return segment.toString(16).padStart(majorVersion >= 6 ? 12 : 8, '0');
}
