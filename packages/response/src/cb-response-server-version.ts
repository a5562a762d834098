import type { EventApiVersion } from './events/process-event.js';

/**
 * A Cb Response server version (`6.2.0.171114.1158`), compared part by part as Python's
 * `LooseVersion` does for numeric parts, with the version-dependent behaviour of protocol.md §2.1.
 * @public
 */
export class ServerVersion {
  /** The version text the server reported. */
  readonly text: string;
  /** The numeric parts (`[6, 2, 0, 171114, 1158]`). */
  readonly parts: readonly number[];

  constructor(text: string) {
    this.text = text;
    this.parts = text.split(/[.\-_]/).map((p) => Number.parseInt(p, 10)).filter((n) => Number.isFinite(n));
  }

  /** Compares with `other` (`'5.1.1'`): negative, zero or positive. */
  compare(other: string | ServerVersion): number {
    const b = typeof other === 'string' ? new ServerVersion(other).parts : other.parts;
    const n = Math.max(this.parts.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = this.parts[i] ?? 0;
      const y = b[i] ?? 0;
      if (x !== y) return x - y;
    }
    return 0;
  }

  /** True when this version is `other` or later. */
  atLeast(other: string): boolean {
    return this.compare(other) >= 0;
  }

  /** Cb Response 6.0 or later (segments, `/api/v4` events, process query filters). */
  get is6x(): boolean {
    return this.atLeast('6.0');
  }

  /** Searches send `facet=false` from 5.1.1 on (5.1.0 answered 504 to it). */
  get sendsFacetFalse(): boolean {
    return this.atLeast('5.1.1');
  }

  /** Event API version: 1 (< 5.1), 2 (5.1.x), 3 (5.2–5.x), 4 (6.0+). */
  get eventApiVersion(): EventApiVersion {
    if (this.atLeast('6.0')) return 4;
    if (this.atLeast('5.2')) return 3;
    if (this.atLeast('5.1')) return 2;
    return 1;
  }

  /** The segment a process is read from when none is given: 1 on 5.x, 0 (all segments) on 6.x. */
  get defaultSegment(): number {
    return this.is6x ? 0 : 1;
  }

  toString(): string {
    return this.text;
  }
}

/**
 * What models and queries need from the API object besides core's `BaseApi` (implemented by
 * `CbResponseAPI`).
 * @public
 */
export interface ResponseServerContext {
  readonly serverVersion: ServerVersion;
  /** True when the 6.x server still has 5.x event partitions (`cb.legacy_5x_mode=True` on process searches). */
  readonly legacy5xMode: boolean;
  /** The server URL, no trailing slash (for web UI links). */
  readonly url: string;
}
