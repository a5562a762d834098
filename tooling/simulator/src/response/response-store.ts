import type { SimWorld } from '../state.js';
import type { SimProcess } from '../world/types.js';
import { SearchIndex } from '../search/search-index.js';
import { PROCESS_DOC_FIELDS, ProcessDocs } from './process-docs.js';
import type { JsonDoc } from './process-docs.js';
import { cbDateTime, solrTime } from '../world/time-format.js';
import { ipToInt32 } from './process-events.js';
import {
  seedBannedHashes,
  seedBinaries,
  seedFeeds,
  seedGroups,
  seedInfo,
  seedIngressFilters,
  seedPartitions,
  seedSites,
  seedUsersAndTeams,
  seedWatchlists,
} from './seed-data.js';

/** Sizes of the generated Cb Response data set. */
export interface ResponseDataOptions {
  /** Third-party binaries added to the catalog ones. @defaultValue 300 */
  extraBinaries?: number;
  /** Alerts generated. @defaultValue 150 */
  alerts?: number;
  /** Banned hashes (more than 500 so the list cap matters). @defaultValue 620 */
  bannedHashes?: number;
}

const SUSPICIOUS = /invoice_0218\.exe|svcupd\.exe|-enc |domain admins|\/create \/tn updater|run \/v updater|payload\.bin/i;
const ALERT_STATUSES: readonly (readonly [string, number])[] = [['Unresolved', 6], ['In Progress', 2], ['Resolved', 3], ['False Positive', 1]];

/** The set of field names of some documents. */
function fieldsOf(docs: readonly JsonDoc[]): Set<string> {
  const set = new Set<string>();
  for (const d of docs) for (const k of Object.keys(d)) set.add(k);
  return set;
}

/** Fields of every generated alert (so queries on an empty alert list are still validated alike). */
const ALERT_FIELDS = [
  'unique_id', 'alert_type', 'status', 'alert_severity', 'sensor_criticality', 'report_score', 'feed_name', 'feed_id', 'feed_rating',
  'ioc_confidence', 'ioc_attr', 'created_time', 'hostname', 'os_type', 'md5', 'sensor_id', 'watchlist_name', 'watchlist_id', 'process_name',
  'process_path', 'process_id', 'segment_id', 'username', 'interface_ip', 'comms_ip', 'group', 'is_ignored', 'assigned_to', 'resolved_time',
  'total_hosts', 'netconn_count', 'last_update',
];

const DYNAMIC_FIELD = /^alliance_(score|link|data)_[a-z0-9_]+$/;

/**
 * Everything the simulated Cb Response server holds besides the world's sensors and processes:
 * binaries, feeds and reports, watchlists, alerts, banned hashes, users, teams, groups, sites,
 * partitions, ingress filters, license, plus the search indexes.
 * @internal
 */
export class ResponseStore {
  readonly processDocs: ProcessDocs;
  readonly binaries: JsonDoc[];
  readonly binaryByMd5 = new Map<string, JsonDoc>();
  readonly feeds: JsonDoc[];
  readonly reports: JsonDoc[];
  readonly watchlists: JsonDoc[];
  readonly watchlistActions = new Map<string, JsonDoc[]>();
  readonly feedActions = new Map<number, JsonDoc[]>();
  readonly alerts: JsonDoc[];
  readonly banned: JsonDoc[];
  readonly users: JsonDoc[];
  readonly teams: JsonDoc[];
  readonly groups: JsonDoc[];
  readonly sites: JsonDoc[];
  readonly throttle: JsonDoc[];
  readonly partitions: JsonDoc;
  readonly ingress: JsonDoc[];
  readonly info: JsonDoc;
  license: JsonDoc;
  readonly processIndex: SearchIndex<JsonDoc>;
  readonly binaryIndex: SearchIndex<JsonDoc>;
  readonly alertIndex: SearchIndex<JsonDoc>;
  readonly reportIndex: SearchIndex<JsonDoc>;
  private readonly tags = new Map<string, Record<string, { score: number; link: string; data: string[] }>>();
  private nextIds = { watchlist: 100, feed: 200, group: 10, site: 10, team: 10, action: 1, ingress: 1 };

  constructor(
    readonly world: SimWorld,
    options: ResponseDataOptions = {},
  ) {
    const rng = world.rng.fork('response');
    const now = world.clock.startMs;
    this.groups = seedGroups();
    const { sites, throttle } = seedSites();
    this.sites = sites;
    this.throttle = throttle;
    const groupName = (id: number): string => String(this.groups.find((g) => g['id'] === id)?.['name'] ?? 'Default Group');
    const suspicious: SimProcess[] = [...world.allProcesses()].filter((p) => SUSPICIOUS.test(`${p.name} ${p.cmdline}`));
    const { feeds, reports } = seedFeeds(rng.fork('feeds'), world, suspicious);
    this.feeds = feeds;
    this.reports = reports;
    for (const r of reports) {
      const iocs = r['iocs'] as { md5?: string[] };
      for (const md5 of iocs.md5 ?? []) {
        const feed = String(r['feed_name']);
        const entry = this.tags.get(md5.toUpperCase()) ?? {};
        entry[feed] = { score: Number(r['score']), link: String(r['link']), data: [...(entry[feed]?.data ?? []), String(r['id'])] };
        this.tags.set(md5.toUpperCase(), entry);
      }
    }
    this.processDocs = new ProcessDocs(world, groupName, (md5) => this.tags.get(md5));
    this.binaries = seedBinaries(rng.fork('binaries'), world, options.extraBinaries ?? 300, groupName);
    this.watchlists = seedWatchlists(now);
    for (const b of this.binaries) {
      const md5 = String(b['md5']);
      this.binaryByMd5.set(md5, b);
      const t = this.tags.get(md5);
      if (t) {
        for (const [feed, v] of Object.entries(t)) {
          b[`alliance_score_${feed}`] = v.score;
          b[`alliance_link_${feed}`] = v.link;
          b[`alliance_data_${feed}`] = v.data;
        }
        (b['watchlists'] as JsonDoc[]).push({ wid: '9', value: solrTime(now - 86_400_000) });
      }
      if (b['is_executable_image'] === false && rng.chance(0.3)) (b['watchlists'] as JsonDoc[]).push({ wid: '11', value: solrTime(now - 5 * 86_400_000) });
    }
    this.banned = seedBannedHashes(rng.fork('banned'), world, suspicious, options.bannedHashes ?? 620);
    const { users, teams } = seedUsersAndTeams(rng.fork('users'), now);
    this.users = users;
    this.teams = teams;
    this.partitions = seedPartitions(rng.fork('partitions'), now);
    this.ingress = seedIngressFilters(now);
    this.info = seedInfo(world.serverVersion);
    this.license = {
      license_request_block: `-----BEGIN CB LICENSE REQUEST-----\n${rng.hex(64)}\n${rng.hex(64)}\n-----END CB LICENSE REQUEST-----`,
      license_end_date: '2019-02-06',
      actual_sensor_count: world.sensors.length,
      licensed_sensor_count: 500,
      licensed_sensor_count_exceeded: false,
      server_token: rng.hex(32),
      license_valid: true,
    };
    this.alerts = this.seedAlerts(suspicious, options.alerts ?? 150);

    const processFields = new Set(PROCESS_DOC_FIELDS);
    for (const f of ['md5', 'filemod', 'regmod', 'modload', 'domain', 'ipaddr', 'ipport', 'childproc_name', 'childproc_md5', 'crossproc_name', 'crossproc_md5', 'process_id', 'path_full', 'group_id', 'sensor_group']) processFields.add(f);
    const events = this.processDocs.events;
    const origin = (doc: JsonDoc): SimProcess | undefined => world.process(String(doc['id']));
    const eventValues = (doc: JsonDoc, field: string): unknown => {
      const p = origin(doc);
      if (!p) return undefined;
      const index = this.processDocs.segmentIndex(p, Number(doc['segment_id']));
      const list = index < 0 ? events.all(p) : events.ofSegment(p, index);
      switch (field) {
        case 'filemod':
          return list.flatMap((e) => (e.type === 'filemod' ? [e.path] : []));
        case 'regmod':
          return list.flatMap((e) => (e.type === 'regmod' ? [e.path.replace(/^\\/, '')] : []));
        case 'modload':
          return list.flatMap((e) => (e.type === 'modload' ? [e.path] : []));
        case 'domain':
          return list.flatMap((e) => (e.type === 'netconn' ? [e.domain] : []));
        case 'ipaddr':
          return list.flatMap((e) => (e.type === 'netconn' ? [e.remoteIp] : []));
        case 'ipport':
          return list.flatMap((e) => (e.type === 'netconn' ? [e.remotePort] : []));
        case 'childproc_name':
          return list.flatMap((e) => (e.type === 'childproc' ? [e.child.name] : []));
        case 'childproc_md5':
          return list.flatMap((e) => (e.type === 'childproc' ? [e.child.md5.toLowerCase()] : []));
        case 'crossproc_name':
          return list.flatMap((e) => (e.type === 'crossproc' ? [e.other.name] : []));
        case 'crossproc_md5':
          return list.flatMap((e) => (e.type === 'crossproc' ? [e.other.md5.toLowerCase()] : []));
        default:
          return undefined;
      }
    };
    const clock = (): number => world.clock.now();
    this.processIndex = new SearchIndex<JsonDoc>(
      {
        name: 'process',
        documents: () => this.processDocs.allDocs(),
        field: (doc, f) => {
          if (f in doc) return doc[f];
          switch (f) {
            case 'md5':
              return doc['process_md5'];
            case 'process_id':
              return doc['id'];
            case 'path_full':
              return doc['path'];
            case 'group_id':
            case 'sensor_group':
              return world.sensor(Number(doc['sensor_id']))?.doc.group_id;
            default:
              return eventValues(doc, f);
          }
        },
        hasField: (f) => processFields.has(f) || DYNAMIC_FIELD.test(f),
        defaultFields: ['process_name', 'path', 'cmdline', 'hostname', 'username', 'process_md5', 'parent_name'],
        key: (doc) => String(doc['unique_id']),
        textFields: new Set(['cmdline', 'path', 'username', 'filemod', 'regmod', 'modload', 'path_full']),
      },
      clock,
    );
    const binaryFields = fieldsOf(this.binaries);
    binaryFields.add('digsig_issuer').add('digsig_subject').add('digsig_prog_name').add('digsig_publisher').add('digsig_sign_time');
    this.binaryIndex = new SearchIndex<JsonDoc>(
      {
        name: 'binary',
        documents: () => this.binaries,
        field: (doc, f) => (f === 'hostname' ? (doc['endpoint'] as string[]).map((e) => e.split('|')[0]) : f === 'watchlist_id' ? (doc['watchlists'] as JsonDoc[]).map((w) => w['wid']) : doc[f]),
        hasField: (f) => binaryFields.has(f) || f === 'hostname' || f === 'watchlist_id' || DYNAMIC_FIELD.test(f),
        defaultFields: ['md5', 'original_filename', 'observed_filename', 'product_name', 'company_name', 'file_desc', 'internal_name'],
        key: (doc) => String(doc['md5']),
        textFields: new Set(['observed_filename', 'file_desc', 'product_name', 'company_name', 'legal_copyright', 'digsig_publisher', 'endpoint']),
      },
      clock,
    );
    const alertFields = fieldsOf(this.alerts);
    for (const f of ALERT_FIELDS) alertFields.add(f);
    this.alertIndex = new SearchIndex<JsonDoc>(
      {
        name: 'alert',
        documents: () => this.alerts,
        field: (doc, f) => doc[f],
        hasField: (f) => alertFields.has(f),
        defaultFields: ['hostname', 'process_name', 'watchlist_name', 'md5', 'feed_name'],
        key: (doc) => String(doc['unique_id']),
        textFields: new Set(['process_path', 'ioc_attr', 'watchlist_name']),
      },
      clock,
    );
    const reportFields = fieldsOf(this.reports);
    reportFields.add('ioc_value').add('ioc_type');
    this.reportIndex = new SearchIndex<JsonDoc>(
      {
        name: 'threat_report',
        documents: () => this.reports,
        field: (doc, f) => {
          if (f === 'ioc_value') return Object.values(doc['iocs'] as Record<string, string[]>).flat();
          if (f === 'ioc_type') return Object.keys(doc['iocs'] as object);
          return doc[f];
        },
        hasField: (f) => reportFields.has(f),
        defaultFields: ['title', 'description', 'id', 'feed_name'],
        key: (doc) => `${String(doc['feed_id'])}:${String(doc['id'])}`,
        textFields: new Set(['title', 'description']),
      },
      clock,
    );
  }

  /** Feed tags of a binary md5 (upper case). */
  tagsOf(md5: string): Record<string, { score: number; link: string; data: string[] }> | undefined {
    return this.tags.get(md5.toUpperCase());
  }

  /** A fresh id of a kind. */
  nextId(kind: keyof ResponseStore['nextIds']): number {
    return this.nextIds[kind]++;
  }

  private seedAlerts(suspicious: SimProcess[], count: number): JsonDoc[] {
    const rng = this.world.rng.fork('alerts');
    const all = [...this.world.allProcesses()];
    if (all.length === 0) return [];
    const alerts: JsonDoc[] = [];
    const byName = (n: string): string | undefined => this.watchlists.find((w) => w['name'] === n)?.['id'] as string | undefined;
    for (let i = 0; i < count; i++) {
      const fromSuspicious = i < suspicious.length * 2 && suspicious.length > 0;
      const p = fromSuspicious ? (suspicious[i % suspicious.length] as SimProcess) : rng.pick(all);
      const sensor = this.world.sensor(p.sensorId);
      const threat = this.tags.get(p.md5);
      const binaryAlert = !fromSuspicious && rng.chance(0.25);
      const watchlistName = threat ? 'Cb Threat Reputation >= 50' : fromSuspicious ? '[WARN] Domain admin enumeration' : binaryAlert ? 'Newly Executed Applications' : rng.pick(['Non-System Filemods to system32', 'USB drive usage', 'Newly Installed Applications']);
      const status = rng.weighted(ALERT_STATUSES);
      const created = Math.min(this.world.clock.startMs - 1_000, p.startMs + rng.int(1_000, 600_000));
      const score = threat ? Object.values(threat)[0]?.score ?? 80 : rng.int(10, 90);
      alerts.push({
        unique_id: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
        alert_type: binaryAlert ? 'watchlist.hit.query.binary' : threat ? 'threat.hit.process' : 'watchlist.hit.query.process',
        status,
        alert_severity: Math.round((score * 0.6 + 3 * 10) * 10) / 10,
        sensor_criticality: 3.0,
        report_score: score,
        feed_name: threat ? Object.keys(threat)[0] ?? 'srsthreat' : 'My Watchlists',
        feed_id: threat ? 3 : -1,
        feed_rating: 3.0,
        ioc_confidence: 0.5,
        ioc_attr: threat ? JSON.stringify({ ioc_type: 'md5', ioc_value: p.md5.toLowerCase() }) : '{}',
        created_time: solrTime(created),
        hostname: sensor?.doc.computer_name ?? '',
        os_type: sensor?.osKind ?? 'windows',
        md5: p.md5,
        sensor_id: p.sensorId,
        watchlist_name: watchlistName,
        watchlist_id: byName(watchlistName) ?? '-1',
        process_name: p.name,
        process_path: p.path,
        process_id: p.guid,
        segment_id: this.world.majorVersion >= 6 ? (p.segments[0] ?? 1) : 1,
        username: p.username,
        interface_ip: ipToInt32(sensor?.ipAddress ?? '0.0.0.0'),
        comms_ip: ipToInt32(sensor?.ipAddress ?? '0.0.0.0'),
        group: String(this.groups.find((g) => g['id'] === sensor?.doc.group_id)?.['name'] ?? 'Default Group'),
        is_ignored: status === 'False Positive',
        assigned_to: status === 'In Progress' ? 'dragon' : null,
        resolved_time: status === 'Resolved' || status === 'False Positive' ? solrTime(created + rng.int(1, 72) * 3_600_000) : null,
        total_hosts: '1',
        netconn_count: 0,
        last_update: cbDateTime(created),
      });
    }
    return alerts;
  }
}
