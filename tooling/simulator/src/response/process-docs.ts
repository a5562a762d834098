import type { SimWorld } from '../state.js';
import type { SimProcess } from '../world/types.js';
import { guidOf, segmentSuffix } from '../world/guid.js';
import { solrTime } from '../world/time-format.js';
import { ProcessEvents, ipToInt32 } from './process-events.js';
import type { SimEvent } from './process-events.js';

/** A JSON object as the server sends it. */
export type JsonDoc = Record<string, unknown>;

/** Feed tags by upper-case MD5: `{ <feed name>: { score, link, data } }`. */
export type TagLookup = (md5: string) => Record<string, { score: number; link: string; data: string[] }> | undefined;

/** Every field of a process search document (alliance_* tags aside); `end` only on finished processes. */
export const PROCESS_DOC_FIELDS: readonly string[] = [
  'process_md5', 'sensor_id', 'filtering_known_dlls', 'modload_count', 'parent_unique_id', 'emet_count', 'cmdline', 'filemod_count', 'id',
  'parent_name', 'parent_md5', 'group', 'parent_id', 'hostname', 'last_update', 'start', 'comms_ip', 'regmod_count', 'interface_ip',
  'process_pid', 'username', 'terminated', 'process_name', 'path', 'netconn_count', 'parent_pid', 'crossproc_count', 'segment_id',
  'host_type', 'processblock_count', 'os_type', 'childproc_count', 'unique_id', 'last_server_update', 'end',
];

/** Sensor-local event time: `2016-10-25 14:08:23.559`. */
export function eventTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

const OS_NAMES = { windows: 'windows', osx: 'osx', linux: 'linux' } as const;

/**
 * Builds Cb Response process documents from the simulated world: search results (one per segment),
 * the `/process/<guid>/<seg>` summary and the `/event` documents in the formats of API v1..v4.
 * @internal
 */
export class ProcessDocs {
  readonly events: ProcessEvents;
  private docCache: { version: number; docs: JsonDoc[] } | undefined;
  private readonly docsByProcess = new Map<string, { revision: string; docs: JsonDoc[] }>();

  constructor(
    private readonly world: SimWorld,
    private readonly groupName: (groupId: number) => string,
    private readonly tags: TagLookup,
  ) {
    this.events = new ProcessEvents(world);
  }

  /** Segment ids as the server numbers them: 6.x epoch-ms ids, 5.x 1..n. */
  segmentIds(p: SimProcess): number[] {
    return this.world.majorVersion >= 6 ? p.segments : p.segments.map((_, i) => i + 1);
  }

  /** Index into `p.segments` for a segment id, or -1. */
  segmentIndex(p: SimProcess, segmentId: number): number {
    return this.segmentIds(p).indexOf(segmentId);
  }

  uniqueId(guid: string, segmentId: number): string {
    return `${guid}-${segmentSuffix(segmentId, this.world.majorVersion)}`;
  }

  /** Every search document (one per process segment); after a world change only changed processes are rebuilt. */
  allDocs(): JsonDoc[] {
    if (this.docCache?.version === this.world.version) return this.docCache.docs;
    const docs: JsonDoc[] = [];
    for (const sensor of this.world.sensors) {
      for (const p of sensor.processes) {
        const revision = ProcessEvents.revision(p, this.world);
        let entry = this.docsByProcess.get(p.guid);
        if (!entry || entry.revision !== revision) {
          entry = { revision, docs: p.segments.map((_, i) => this.searchDoc(p, i)) };
          this.docsByProcess.set(p.guid, entry);
        }
        for (const d of entry.docs) docs.push(d);
      }
    }
    this.docCache = { version: this.world.version, docs };
    return docs;
  }

  /** The search document of one segment (index into `p.segments`; -1 = the whole process). */
  searchDoc(p: SimProcess, index: number): JsonDoc {
    const sensor = this.world.sensor(p.sensorId);
    const ids = this.segmentIds(p);
    const segId = index < 0 ? (this.world.majorVersion >= 6 ? 0 : 1) : (ids[index] ?? 0);
    const events = index < 0 ? this.events.all(p) : this.events.ofSegment(p, index);
    const parent = this.world.process(p.parentGuid);
    const segmentEndMs = index < 0 ? p.lastUpdateMs : Math.min(p.lastUpdateMs, p.segments[index] ?? p.lastUpdateMs);
    const counts = ProcessEvents.counts(events);
    const doc: JsonDoc = {
      process_md5: p.md5.toLowerCase(),
      sensor_id: p.sensorId,
      filtering_known_dlls: false,
      modload_count: counts.modload_count,
      parent_unique_id: parent ? this.uniqueId(parent.guid, this.segmentIds(parent)[0] ?? 1) : `${p.parentGuid}-${segmentSuffix(1, this.world.majorVersion)}`,
      emet_count: 0,
      cmdline: p.cmdline,
      filemod_count: counts.filemod_count,
      id: p.guid,
      parent_name: parent?.name ?? '',
      parent_md5: parent ? parent.md5.toLowerCase() : '000000000000000000',
      group: this.groupName(sensor?.doc.group_id ?? 1),
      parent_id: p.parentGuid,
      hostname: (sensor?.doc.computer_name ?? '').toLowerCase(),
      last_update: solrTime(segmentEndMs),
      start: solrTime(p.startMs),
      comms_ip: ipToInt32(sensor?.ipAddress ?? '0.0.0.0'),
      regmod_count: counts.regmod_count,
      interface_ip: ipToInt32(sensor?.ipAddress ?? '0.0.0.0'),
      process_pid: p.pid,
      username: p.username,
      terminated: p.endMs !== null,
      process_name: p.name,
      path: p.path,
      netconn_count: counts.netconn_count,
      parent_pid: p.parentPid,
      crossproc_count: counts.crossproc_count,
      segment_id: segId,
      host_type: sensor?.doc.group_id === 2 ? 'server' : 'workstation',
      processblock_count: 0,
      os_type: OS_NAMES[sensor?.osKind ?? 'windows'],
      childproc_count: counts.childproc_count,
      unique_id: this.uniqueId(p.guid, segId),
      last_server_update: solrTime(segmentEndMs + 1_500),
    };
    if (p.endMs !== null) doc['end'] = solrTime(p.endMs);
    const tagged = this.tags(p.md5);
    if (tagged) {
      for (const [feed, t] of Object.entries(tagged)) {
        doc[`alliance_score_${feed}`] = t.score;
        doc[`alliance_link_${feed}`] = t.link;
        doc[`alliance_data_${feed}`] = t.data;
      }
    }
    return doc;
  }

  /** `GET /api/v1/process/<guid>/<segment>`: `{process, parent, children, siblings}`. */
  summary(p: SimProcess, index: number): JsonDoc {
    const parent = this.world.process(p.parentGuid);
    const childDoc = (c: SimProcess): JsonDoc => ({ ...this.searchDoc(c, 0), is_suppressed: c.suppressed });
    return {
      process: this.searchDoc(p, index),
      parent: parent ? this.searchDoc(parent, 0) : this.rootParentDoc(p),
      children: p.childGuids.map((g) => this.world.process(g)).filter((c): c is SimProcess => c !== undefined).map(childDoc),
      siblings: parent
        ? parent.childGuids.filter((g) => g !== p.guid).map((g) => this.world.process(g)).filter((c): c is SimProcess => c !== undefined).slice(0, 50).map((c) => this.searchDoc(c, 0))
        : [],
    };
  }

  private rootParentDoc(p: SimProcess): JsonDoc {
    return {
      process_md5: '000000000000000000',
      sensor_id: p.sensorId,
      id: guidOf(p.sensorId, 0, 0),
      unique_id: `${guidOf(p.sensorId, 0, 0)}-${segmentSuffix(1, this.world.majorVersion)}`,
      process_pid: -1,
      process_name: '',
      start: -1,
      segment_id: 1,
      terminated: false,
    };
  }

  /** The `/api/v<apiVersion>/process/<guid>/<segment>/event` document (index -1 = all segments). */
  eventDoc(p: SimProcess, index: number, apiVersion: number): JsonDoc {
    const events = index < 0 ? this.events.all(p) : this.events.ofSegment(p, index);
    const doc = this.searchDoc(p, index);
    const lists: Record<string, unknown[]> = {
      filemod_complete: [],
      regmod_complete: [],
      modload_complete: [],
      netconn_complete: [],
      crossproc_complete: [],
      childproc_complete: [],
    };
    for (const e of events) {
      const list = lists[`${e.type}_complete`];
      if (list) list.push(formatEvent(e, apiVersion));
    }
    const binaries: JsonDoc = {};
    for (const e of events) {
      if (e.type === 'modload') binaries[e.md5.toUpperCase()] = { digsig_result: 'Signed', digsig_result_code: '0', is_executable_image: false };
    }
    binaries[p.md5] = { digsig_result: 'Signed', digsig_result_code: '0', is_executable_image: true };
    return { process: { ...doc, ...lists, binaries }, elapsed: 0.0123 };
  }
}

/** One event in the string or JSON form of an event API version (protocol.md §2.5). */
export function formatEvent(e: SimEvent, apiVersion: number): unknown {
  const ts = eventTime(e.ms);
  switch (e.type) {
    case 'modload':
      return `${ts}|${e.md5.toLowerCase()}|${e.path}`;
    case 'filemod':
      return `${e.action}|${ts}|${e.path}|${e.md5.toLowerCase()}|${e.filetype || ''}|false`;
    case 'regmod':
      return `${e.action}|${ts}|${e.path}|false`;
    case 'netconn':
      if (apiVersion <= 1) return `${ts}|${ipToInt32(e.remoteIp)}|${e.remotePort}|${e.proto}|${e.domain}|${e.outbound}`;
      if (apiVersion <= 3) {
        return {
          timestamp: ts,
          direction: String(e.outbound),
          remote_ip: ipToInt32(e.remoteIp),
          local_ip: ipToInt32(e.localIp),
          proxy_ip: 0,
          remote_port: e.remotePort,
          local_port: e.localPort,
          proxy_port: 0,
          proto: e.proto,
          domain: e.domain,
        };
      }
      return {
        timestamp: ts,
        direction: String(e.outbound),
        remote_ip: e.remoteIp,
        local_ip: e.localIp,
        proxy_ip: '',
        remote_port: e.remotePort,
        local_port: e.localPort,
        proxy_port: 0,
        proto: e.proto,
        domain: e.domain,
      };
    case 'childproc': {
      const c = e.child;
      if (apiVersion <= 2) return `${ts}|${c.guid}|${c.md5.toLowerCase()}|${c.path}|${c.pid}|${!e.end}|false`;
      return {
        processId: c.guid,
        md5: c.md5.toLowerCase(),
        path: c.path,
        pid: c.pid,
        type: e.end ? 'end' : 'start',
        start: eventTime(c.startMs),
        end: c.endMs !== null ? eventTime(c.endMs) : '',
        is_tampered: false,
        is_suppressed: c.suppressed,
        commandLine: c.suppressed ? c.cmdline : '',
        userName: c.suppressed ? c.username : '',
      };
    }
    case 'crossproc':
      return `${e.kind}|${ts}|${e.other.guid}|${e.other.md5.toLowerCase()}|${e.other.path}|${e.subtype}|${e.accessMask}|false|${e.isTarget}`;
  }
}
