import type { FileModAction, FileModFileType, RegModAction } from './event-codes.js';

/** The event lists of a process document, named as in the `<kind>_complete` fields. @public */
export type EventKind = 'filemod' | 'regmod' | 'modload' | 'netconn' | 'childproc' | 'crossproc';

/** Event API version: v1 (< 5.1), v2 (5.1), v3 (5.2–5.x), v4 (6.x). @public */
export type EventApiVersion = 1 | 2 | 3 | 4;

/** What every event carries. @public */
export interface ProcessEventBase {
  readonly kind: EventKind;
  /** The process segment the event came from. */
  readonly segment: number;
  /** Sensor-local wall-clock time of the event (as a UTC Date, see `parseCbTimestamp`). */
  readonly timestamp: Date;
  /** The event as the server sent it: a pipe-delimited line or a JSON object. */
  readonly raw: string | Readonly<Record<string, unknown>>;
}

/** A file modification (`filemod_complete`). @public */
export interface FileModEvent extends ProcessEventBase {
  readonly kind: 'filemod';
  readonly type: FileModAction;
  readonly path: string;
  /** MD5 of the written file (upper case), when the sensor computed one. */
  readonly md5: string | undefined;
  readonly filetype: FileModFileType;
  readonly tamper: boolean;
}

/** A registry modification (`regmod_complete`). @public */
export interface RegModEvent extends ProcessEventBase {
  readonly kind: 'regmod';
  readonly type: RegModAction;
  readonly path: string;
  readonly tamper: boolean;
}

/** A module load (`modload_complete`). @public */
export interface ModLoadEvent extends ProcessEventBase {
  readonly kind: 'modload';
  /** MD5 of the module (upper case). */
  readonly md5: string;
  readonly path: string;
  /** Whether the process document's `binaries` map says the module is signed (`undefined` when absent). */
  readonly isSigned: boolean | undefined;
}

/** A network connection (`netconn_complete`). @public */
export interface NetConnEvent extends ProcessEventBase {
  readonly kind: 'netconn';
  readonly direction: 'Outbound' | 'Inbound';
  /** Remote address (dotted quad, or IPv6 text on 6.x). */
  readonly remoteIp: string;
  readonly remotePort: number | undefined;
  readonly localIp: string | undefined;
  readonly localPort: number | undefined;
  readonly proxyIp: string | undefined;
  readonly proxyPort: number | undefined;
  /** `IPPROTO_TCP`, `IPPROTO_UDP`, … or `Unknown`. */
  readonly proto: string;
  readonly domain: string;
}

/** A child process start or end (`childproc_complete`). @public */
export interface ChildProcEvent extends ProcessEventBase {
  readonly kind: 'childproc';
  /** The child's process GUID (36 chars; a segment suffix, when the server sent one, is removed). */
  readonly procguid: string;
  readonly md5: string;
  readonly path: string;
  readonly pid: number | undefined;
  /** True for the start event, false for the end event. */
  readonly started: boolean;
  /** True for an end event (cbapi's `terminated`). */
  readonly terminated: boolean;
  readonly tamper: boolean;
  readonly suppressed: boolean;
  /** Only sent for suppressed children. */
  readonly commandLine: string | undefined;
  /** Only sent for suppressed children. */
  readonly userName: string | undefined;
}

/** A cross-process action (`crossproc_complete`). @public */
export interface CrossProcEvent extends ProcessEventBase {
  readonly kind: 'crossproc';
  /** `RemoteThread`, `ProcessOpen` or `ThreadOpen`. */
  readonly type: string;
  /** GUID of the other process: the target, or the source when `isTarget` is true. */
  readonly otherProcguid: string;
  readonly otherMd5: string;
  readonly otherPath: string;
  readonly accessMask: number;
  /** `PROCESS_ALL_ACCESS`, or the rights joined by `" | "`. */
  readonly accessMaskNames: string;
  readonly tamper: boolean;
  /** True when this process was the target and `other*` describe the source. */
  readonly isTarget: boolean;
  /** The source process GUID. */
  readonly sourceProcguid: string;
  /** The target process GUID. */
  readonly targetProcguid: string;
}

/** Any event of a process. @public */
export type ProcessEvent = FileModEvent | RegModEvent | ModLoadEvent | NetConnEvent | ChildProcEvent | CrossProcEvent;

/** An event line the parser could not read; reported, never thrown. @public */
export interface MalformedEvent {
  readonly kind: EventKind;
  readonly segment: number;
  readonly raw: unknown;
  /** Why it was rejected, e.g. `filemod: expected 5 or 6 fields, got 2`. */
  readonly reason: string;
}

/** Receives events that could not be parsed. @public */
export type MalformedEventHandler = (event: MalformedEvent) => void;

/** Options of the event streams. @public */
export interface EventStreamOptions {
  /** Called for every event line that could not be parsed (the line is skipped). */
  onMalformed?: MalformedEventHandler;
  signal?: AbortSignal;
}
