import type { Prng } from '../world/prng.js';
import type { SimWorld } from '../state.js';
import type { SimProcess } from '../world/types.js';
import { FULL_CATALOG, baseName, type CatalogEntry } from '../world/catalog.js';
import { programMd5 } from '../world/generate-processes.js';
import { md5Upper } from '../world/hashes.js';
import { cbDateTime, isoMicros, plainMicros, solrTime, solrTimeSeconds } from '../world/time-format.js';
import type { JsonDoc } from './process-docs.js';

const DAY = 86_400_000;

/** Sensor groups of the simulated server (ids match the sensors' `group_id`). */
export function seedGroups(): JsonDoc[] {
  const group = (id: number, name: string, siteId: number, criticality: number): JsonDoc => ({
    id,
    name,
    site_id: siteId,
    sensorbackend_server: 'https://cb.acme.local:443',
    datastore_server: null,
    sensor_exe_name: '',
    sensor_version: 'Manual',
    team_access: [],
    alert_criticality: criticality,
    tamper_level: 0,
    max_licenses: -1,
    banning_enabled: true,
    collect_emet_events: true,
    collect_filemods: true,
    collect_filewritemd5s: true,
    collect_cross_procs: true,
    collect_moduleinfo: true,
    collect_moduleloads: true,
    collect_netconns: true,
    collect_nonbinary_filewrites: true,
    collect_processes: true,
    collect_regmods: true,
    collect_storefiles: true,
    collect_usercontext: true,
    filter_known_dlls: false,
    vdi_enabled: false,
    process_filter_level: 0,
    quota_eventlog_bytes: 1_073_741_824,
    quota_eventlog_percent: 1,
    quota_storefile_bytes: 1_073_741_824,
    quota_storefile_percent: 1,
  });
  return [group(1, 'Default Group', 1, 3), group(2, 'Servers', 1, 5), group(3, 'Workstations', 2, 3), group(4, 'Mac Endpoints', 2, 2)];
}

/** Sites and their throttle rules. */
export function seedSites(): { sites: JsonDoc[]; throttle: JsonDoc[] } {
  return {
    sites: [
      { id: 1, name: 'Default Site', group_ids: [1, 2] },
      { id: 2, name: 'Branch Office', group_ids: [3, 4] },
    ],
    throttle: [
      { id: 1, site_id: 2, from: 8, to: 18, day_of_week: 31, bytes_per_second: 262_144.0 },
      { id: 2, site_id: 2, from: 0, to: 8, day_of_week: 127, bytes_per_second: 1_048_576.0 },
    ],
  };
}

/** Teams and users. */
export function seedUsersAndTeams(rng: Prng, nowMs: number): { users: JsonDoc[]; teams: JsonDoc[] } {
  const teams: JsonDoc[] = [
    { id: 1, name: 'Analysts', group_access: [{ group_id: 1, access_category: 'Viewer', group_name: 'Default Group' }, { group_id: 3, access_category: 'Viewer', group_name: 'Workstations' }] },
    { id: 2, name: 'Incident Response', group_access: [{ group_id: 1, access_category: 'Administrator', group_name: 'Default Group' }, { group_id: 2, access_category: 'Administrator', group_name: 'Servers' }] },
  ];
  const people: [string, string, string, boolean, number[]][] = [
    ['admin', 'Global', 'Admin', true, []],
    ['dragon', 'Dee', 'Ragon', true, [2]],
    ['jsmith', 'John', 'Smith', false, [1]],
    ['mgarcia', 'Maria', 'Garcia', false, [1, 2]],
    ['tlee', 'Tom', 'Lee', false, [1]],
  ];
  const users = people.map(([username, first, last, admin, teamIds]) => ({
    id: username,
    username,
    first_name: first,
    last_name: last,
    email: `${username}@acme.example`,
    global_admin: admin,
    teams: teams.filter((t) => teamIds.includes(t.id as number)).map((t) => ({ id: t.id, name: t.name })),
    auth_token: rng.hex(40),
    date_added: cbDateTime(nowMs - rng.int(30, 400) * DAY),
  }));
  return { users, teams };
}

/** One Cb Response binary: a catalog entry with the MD5 and server-added time it gets in this estate. */
interface BinarySeed extends CatalogEntry {
  md5: string;
  addedMs: number;
}

/**
 * Binary documents (fields of the recorded `/api/v1/binary` result): every catalog program, then
 * `extra` third-party modules. Host lists come from the processes and module loads of the world.
 */
export function seedBinaries(rng: Prng, world: SimWorld, extra: number, groupName: (id: number) => string): JsonDoc[] {
  const installMs = world.clock.startMs - 370 * DAY;
  const hostsByMd5 = new Map<string, Set<number>>();
  const note = (md5: string, sensorId: number): void => {
    let s = hostsByMd5.get(md5);
    if (!s) hostsByMd5.set(md5, (s = new Set()));
    s.add(sensorId);
  };
  for (const sensor of world.sensors) {
    for (const p of sensor.processes) note(p.md5, sensor.doc.id);
  }
  const seeds: BinarySeed[] = [];
  FULL_CATALOG.forEach((e, i) => {
    const md5 = programMd5(e);
    if (e.os === 'windows' && !e.executable) for (const s of world.sensors) if (s.osKind === 'windows') note(md5, s.doc.id);
    seeds.push({ ...e, md5, addedMs: installMs + i * 61_000 + rng.int(0, 60_000) });
  });
  const vendors = [
    ['Adobe Systems Incorporated', 'Adobe Acrobat Reader DC', 'c:\\program files (x86)\\adobe\\acrobat reader dc\\reader\\'],
    ['Oracle Corporation', 'Java(TM) Platform SE 8', 'c:\\program files\\java\\jre1.8.0_151\\bin\\'],
    ['Mozilla Corporation', 'Firefox', 'c:\\program files\\mozilla firefox\\'],
    ['Citrix Systems, Inc.', 'Citrix Receiver', 'c:\\program files (x86)\\citrix\\ica client\\'],
    ['', '', 'c:\\users\\public\\appdata\\'],
  ] as const;
  for (let i = 0; i < extra; i++) {
    const [company, product, dir] = rng.pick(vendors);
    const isDll = rng.chance(0.7);
    const file = `${rng.pick(['acro', 'jp2', 'npjp', 'moz', 'wfica', 'upd', 'helper', 'core', 'ssl', 'plugin'])}${rng.int(1, 999)}.${isDll ? 'dll' : 'exe'}`;
    seeds.push({
      md5: md5Upper(`extra|${String(world.seed)}|${i}`),
      path: `${dir}${file}`,
      os: 'windows',
      company,
      product,
      description: product ? `${product} component` : '',
      version: company ? `${rng.int(1, 18)}.${rng.int(0, 9)}.${rng.int(0, 9999)}.${rng.int(0, 99)}` : '',
      publisher: company,
      size: rng.int(20, 4_000) * 1024,
      executable: !isDll,
      addedMs: installMs + 90 * DAY + Math.floor(rng.next() * 270 * DAY),
    });
    const windows = world.sensors.filter((s) => s.osKind === 'windows');
    const hosts = windows.length === 0 ? 0 : rng.int(company ? 1 : 0, Math.min(windows.length, company ? 12 : 2));
    for (let h = 0; h < hosts; h++) note(seeds[seeds.length - 1]?.md5 ?? '', rng.pick(windows).doc.id);
  }
  seeds.sort((a, b) => a.addedMs - b.addedMs);
  return seeds.map((b, i) => {
    const hostIds = [...(hostsByMd5.get(b.md5) ?? [])].sort((x, y) => x - y);
    const sensors = hostIds.map((id) => world.sensor(id)).filter((s) => s !== undefined);
    const signed = b.publisher !== '';
    const name = baseName(b.path);
    const doc: JsonDoc = {
      host_count: sensors.length,
      original_filename: name,
      legal_copyright: b.company ? `© ${b.company}. All rights reserved.` : '',
      digsig_result: signed ? 'Signed' : 'Unsigned',
      observed_filename: [b.path],
      product_version: b.version.split(' ')[0] ?? '',
      watchlists: [] as JsonDoc[],
      facet_id: 138_413 + i * 7,
      copied_mod_len: 0,
      server_added_timestamp: solrTime(b.addedMs),
      orig_mod_len: b.size,
      is_executable_image: b.executable,
      is_64bit: b.os !== 'windows' || b.path.includes('program files\\') ? true : rng.chance(0.6),
      md5: b.md5,
      endpoint: sensors.map((s) => `${s.doc.computer_name}|${s.doc.id}`),
      group: [...new Set(sensors.map((s) => groupName(s.doc.group_id)))],
      event_partition_id: [97_381_305_679_872 + Math.floor(i / 500) * 4_294_967_296],
      digsig_result_code: signed ? '0' : '2148204800',
      file_version: b.version ? `${b.version} (win7sp1_ldr.160408-2045)` : '',
      signed: signed ? 'Signed' : 'Unsigned',
      company_name: b.company,
      internal_name: name,
      timestamp: solrTime(b.addedMs),
      cb_version: 600,
      os_type: b.os === 'windows' ? 'Windows' : b.os === 'osx' ? 'OSX' : 'Linux',
      file_desc: b.description,
      product_name: b.product,
      last_seen: solrTime(Math.min(world.clock.startMs - 60_000, b.addedMs + rng.int(1, 300) * DAY)),
    };
    if (signed) {
      doc['digsig_publisher'] = b.publisher;
      doc['digsig_sign_time'] = solrTimeSeconds(b.addedMs - rng.int(30, 700) * DAY);
    }
    return doc;
  });
}

/** Feeds (fields of the recorded `/api/v1/feed`) and their threat reports. */
export function seedFeeds(rng: Prng, world: SimWorld, suspicious: SimProcess[]): { feeds: JsonDoc[]; reports: JsonDoc[] } {
  const feedDoc = (id: number, name: string, display: string, summary: string, url: string, provider: string, enabled: boolean, manual: boolean, category: string | null, rating: number): JsonDoc => ({
    provider_url: provider,
    ssl_client_crt: null,
    local_rating: null,
    requires_who: null,
    icon_small: 'iVBORw0KGgoAAAANSUhEUgAAADIAAAAyCAIAAACRXR/mAAAAFklEQVR4nGNgGAWjYBSMglEwCkYBAQAGkAABsjO0vAAAAABJRU5ErkJggg==',
    id,
    category,
    display_name: display,
    use_proxy: manual ? false : null,
    feed_url: url,
    username: null,
    validate_server_cert: manual ? false : null,
    ssl_client_key: null,
    manually_added: manual,
    password: null,
    icon: 'iVBORw0KGgoAAAANSUhEUgAAAL8AAAAyCAMAAAA6GvoyAAAAA1BMVEX///+nxBvIAAAAEklEQVR4nGNgGAWjYBSMgqEJAAPLAAEGsLqUAAAAAElFTkSuQmCC',
    provider_rating: rating,
    name,
    tech_data: manual ? 'There are no requirements to share any data to receive this feed.' : 'There are no requirements to share any data with Carbon Black to use this feed.',
    requires: null,
    enabled,
    summary,
    requires_what: null,
    order: null,
  });
  const feeds: JsonDoc[] = [
    feedDoc(2, 'cbbanning', 'Carbon Black Banning Events', 'This feed reports on Carbon Black process blocking events due to MD5 hash based banning rules on the endpoint.', 'https://api.alliance.carbonblack.com/feed/cbbanning', 'http://www.carbonblack.com', true, false, null, 3.0),
    feedDoc(3, 'srsthreat', 'Carbon Black Threat Intelligence', 'Threat intelligence provided by Carbon Black Threat Research.', 'https://api.alliance.carbonblack.com/feed/SRSThreat', 'http://www.carbonblack.com', true, false, 'Carbon Black', 3.0),
    feedDoc(4, 'srstrust', 'Carbon Black Known IOCs', 'Trusted binaries as determined by Carbon Black.', 'https://api.alliance.carbonblack.com/feed/SRSTrust', 'http://www.carbonblack.com', true, false, 'Carbon Black', 3.0),
    feedDoc(5, 'virustotal', 'VirusTotal', 'VirusTotal analysis results for binaries seen in your environment.', 'https://api.alliance.carbonblack.com/feed/virustotal', 'https://www.virustotal.com', true, false, 'Partner', 3.0),
    feedDoc(6, 'tor', 'Tor Exit Nodes', 'This feed is a list of Tor exit node IP addresses.', 'https://api.alliance.carbonblack.com/feed/tor', 'https://www.torproject.org', false, false, 'Open Source', 2.0),
    feedDoc(7, 'abusech', 'abuse.ch', 'Malware domains and IPs from abuse.ch.', 'https://api.alliance.carbonblack.com/feed/abusech', 'https://abuse.ch', true, false, 'Open Source', 2.5),
    feedDoc(8, 'nvd', 'National Vulnerability Database', 'Binaries with known vulnerabilities (NVD).', 'https://api.alliance.carbonblack.com/feed/nvd', 'https://nvd.nist.gov', false, false, 'Open Source', 2.0),
    feedDoc(190, 'apirecordedfuturecomcyberexploitsignalimportant', 'api.recordedfuture.com cyber_exploit_signal_important', 'Recorded Future STIX: cyber_exploit_signal_important', 'file:///usr/share/cb/integrations/cbtaxii/feeds/apirecordedfuturecomcyberexploitsignalimportant', 'http://api.recordedfuture.com', true, true, null, 3.0),
  ];
  const reports: JsonDoc[] = [];
  const base = world.clock.startMs;
  const md5s = [...new Set(suspicious.map((p) => p.md5))];
  const addReport = (feed: JsonDoc, id: string, title: string, score: number, iocs: JsonDoc, tsMs: number): void => {
    reports.push({
      id,
      title,
      score,
      link: `https://intel.example/${String(feed['name'])}/${id}`,
      timestamp: Math.floor(tsMs / 1000),
      create_time: Math.floor(tsMs / 1000),
      description: `${title} (${String(feed['display_name'])})`,
      feed_id: feed['id'],
      feed_name: feed['name'],
      feed_category: feed['category'] ?? 'Uncategorized',
      is_ignored: false,
      has_query: false,
      tags: [String(feed['name'])],
      iocs,
      total_hits: String(rng.int(0, 40)),
      _version_: 1_590_000_000_000_000_000 + reports.length,
    });
  };
  const threat = feeds[1] as JsonDoc;
  md5s.forEach((md5, i) => addReport(threat, `CbThreat-${md5.slice(0, 8)}`, `Malware dropper ${i + 1}`, 80 + (i % 20), { md5: [md5.toLowerCase()] }, base - rng.int(1, 60) * DAY));
  addReport(feeds[6] as JsonDoc, 'abusech-evilcdn', 'Malware distribution domain update.evil-cdn.net', 75, { dns: ['update.evil-cdn.net'] }, base - 12 * DAY);
  for (let i = 0; i < 40; i++) {
    const feed = rng.pick([feeds[3], feeds[4], feeds[5], feeds[7], feeds[2]]) as JsonDoc;
    addReport(feed, `${String(feed['name'])}-${1000 + i}`, `${String(feed['display_name'])} indicator ${1000 + i}`, rng.int(1, 100), rng.chance(0.5) ? { ipv4: [`${rng.int(13, 216)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`] } : { md5: [rng.hex(32)] }, base - rng.int(1, 200) * DAY);
  }
  return { feeds, reports };
}

/** Watchlists (fields of the recorded `/api/v1/watchlist`; ids and hit counts are strings). */
export function seedWatchlists(nowMs: number): JsonDoc[] {
  const wl = (id: number, name: string, query: string, type: 'events' | 'modules', hits: number, lastHitDays: number | null, description: string | null): JsonDoc => ({
    last_hit_count: hits > 0 ? Math.min(hits, 4) : 0,
    description,
    search_query: query,
    enabled: true,
    search_timestamp: type === 'events' ? plainMicros(nowMs - 300_000) : '1970-01-01T00:00:00.000Z',
    index_type: type,
    readonly: false,
    total_hits: String(hits),
    date_added: cbDateTime(nowMs - 370 * DAY + id * 3_600_000),
    group_id: -1,
    total_tags: String(hits),
    id: String(id),
    last_hit: lastHitDays === null ? null : cbDateTime(nowMs - lastHitDays * DAY),
    name,
  });
  return [
    wl(1, 'USB drive usage', 'cb.urlver=1&q=regmod%3Aregistry%5Cmachine%5Csystem%5Ccurrentcontrolset%5Ccontrol%5Cdeviceclasses%5C%7B53f56307-b6bf-11d0-94f2-00a0c91efb8b%7D%5C%2A', 'events', 32, 21, null),
    wl(5, 'Newly Executed Applications', 'cb.urlver=1&q=is_executable_image%3Atrue&sort=server_added_timestamp%20desc', 'modules', 793, 6, null),
    wl(6, 'Non-System Filemods to system32', 'cb.urlver=1&q=-path%3Ac%3A%5Cwindows%5C%2A&cb.q.filemod=c%3A%5Cwindows%5Csystem32%5C%2A', 'events', 346, 2, null),
    wl(7, 'Newly Installed Applications', 'cb.urlver=1&cb.q.regmod=registry%5Cmachine%5Csoftware%5Cmicrosoft%5Cwindows%5Ccurrentversion%5Cuninstall&q=-path%3Ac%3A%5Cwindows%5C%2A', 'events', 0, null, null),
    wl(9, 'Cb Threat Reputation >= 50', 'cb.urlver=1&q=alliance_score_srsthreat%3A%5B50%20TO%20%2A%5D', 'modules', 3, 1, null),
    wl(11, 'newly loaded dlls', 'cb.urlver=1&q=is_executable_image%3Afalse', 'modules', 3503, 5, ''),
    wl(12, '[WARN] Domain admin enumeration', 'cb.urlver=1&q=process_name%3Anet.exe%20cmdline%3A%22domain%20admins%22', 'events', 2, 3, 'net group "Domain Admins" run by a user'),
  ];
}

/**
 * Banned hashes: the suspicious binaries first, then filler up to `count` (more than 500 by default,
 * so the server's 500-row cap without `count` matters).
 */
export function seedBannedHashes(rng: Prng, world: SimWorld, suspicious: SimProcess[], count: number): JsonDoc[] {
  const out: JsonDoc[] = [];
  const seen = new Set<string>();
  const sensors = world.sensors;
  const add = (md5: string, text: string, blocks: number): void => {
    if (seen.has(md5) || out.length >= count) return;
    seen.add(md5);
    const ts = world.clock.startMs - rng.int(1, 300) * DAY;
    const sensor = blocks > 0 && sensors.length ? rng.pick(sensors) : undefined;
    const user = rng.pick(['admin', 'dragon', 'mgarcia']);
    out.push({
      md5hash: md5.toLowerCase(),
      text,
      enabled: true,
      username: user,
      user_id: user === 'admin' ? 1 : user === 'dragon' ? 2 : 4,
      timestamp: cbDateTime(ts),
      block_count: blocks,
      last_block_time: sensor ? cbDateTime(ts + rng.int(1, 20) * DAY) : null,
      last_block_sensor_id: sensor ? sensor.doc.id : null,
      last_block_hostname: sensor ? sensor.doc.computer_name : null,
      audit: [{ username: user, timestamp: cbDateTime(ts), text, enabled: true, user_id: user === 'admin' ? 1 : 2 }],
    });
  };
  for (const p of suspicious) add(p.md5, `Banned by IR: ${p.name}`, rng.int(0, 5));
  let i = 0;
  while (out.length < count) add(md5Upper(`banned|${String(world.seed)}|${i++}`), `Imported from threat feed batch ${1 + Math.floor(i / 100)}`, rng.chance(0.05) ? rng.int(1, 3) : 0);
  return out;
}

/** Event partitions like the recorded `/api/v1/storage/events/partition` (object keyed by name). */
export function seedPartitions(rng: Prng, nowMs: number): JsonDoc {
  const out: JsonDoc = {};
  const part = (name: string, status: string, startMs: number, endMs: number | null, mounted: boolean): JsonDoc => {
    const docs = rng.int(1_000, 9_000);
    return {
      status,
      info: {
        sizeInBytes: docs * rng.int(900, 2_400),
        startDate: isoMicros(startMs),
        partitionId: 97_381_305_679_872 + Math.floor((startMs - Date.UTC(2017, 0, 1)) / 1000) * 4,
        endDate: endMs === null ? null : isoMicros(endMs),
        deletedDocs: 0,
        maxDoc: docs,
        userMounted: mounted,
        isLegacy: false,
        segmentCount: rng.int(2, 12),
        numDocs: docs,
        dir: `/var/cb/data/solr5/cbevents/cbevents_${partitionStamp(startMs)}`,
        schema: 'cbevents_v1',
      },
      name,
    };
  };
  const writerStart = nowMs - rng.int(2, 20) * 3_600_000;
  out['writer'] = part('writer', 'hot', writerStart, null, false);
  for (let i = 1; i <= 10; i++) {
    const start = writerStart - i * 3 * DAY;
    out[`cbevents_${partitionStamp(start)}`] = part(`cbevents_${partitionStamp(start)}`, 'warm', start, start + 3 * DAY, i === 10);
  }
  const cold = writerStart - 120 * DAY;
  out[`cbevents_${partitionStamp(cold)}`] = part(`cbevents_${partitionStamp(cold)}`, 'cold', cold, cold + 3 * DAY, false);
  return out;
}

/** `YYYY_MM_DD_hhmm` of a partition name. */
export function partitionStamp(ms: number): string {
  const d = new Date(ms).toISOString();
  return `${d.slice(0, 4)}_${d.slice(5, 7)}_${d.slice(8, 10)}_${d.slice(11, 13)}${d.slice(14, 16)}`;
}

/** Ingress filters (fields of protocol.md §2.15). */
export function seedIngressFilters(nowMs: number): JsonDoc[] {
  const f = (id: string, name: string, description: string, extra: JsonDoc): JsonDoc => ({
    id,
    name,
    description,
    enabled: true,
    priority: 0,
    global: true,
    group_ids: [],
    sensor_ids: [],
    os_mask: 7,
    filter_on_sensor: false,
    filter_on_server: true,
    track_metrics: true,
    hit_rate: 0,
    descendant_filtering_level: -1,
    filter_all_events: false,
    path_filters: [],
    cmdline_filters: [],
    md5_filters: [],
    regmod_filters: [],
    modload_filters: [],
    filemod_filters: [],
    non_binary_filemod_filters: [],
    netconn_filters: [],
    crossproc_filters: [],
    version: 1,
    internal: false,
    create_timestamp: cbDateTime(nowMs - 90 * DAY),
    modify_timestamp: cbDateTime(nowMs - 30 * DAY),
    create_user_id: 1,
    modify_user_id: 1,
    ...extra,
  });
  return [
    f('backup-agent', 'Backup agent noise', 'Ignore the nightly backup agent', { path_filters: ['c:\\program files\\backup\\agent.exe'] }),
    f('av-scanner', 'AV scanner file reads', 'Ignore AV scanner filemods', { filemod_filters: ['c:\\programdata\\av\\*'], os_mask: 1 }),
  ];
}

/** The `GET /api/info` document (recording 00) for a server version. */
export function seedInfo(version: string): JsonDoc {
  const major = Number.parseInt(version, 10) || 6;
  return {
    user_preferences: {
      processSearchSortOrder: '',
      searchTablePreferences: { username: { visible: true }, endpoint: { visible: true }, 'start-time': { visible: true }, 'i-mod': { visible: true, event: true, summary: false }, 'last-update-time': { visible: true }, 'i-file': { visible: true, event: true, summary: false }, pid: { visible: true }, 'i-net': { visible: true, event: true, summary: false }, 'i-watch': { visible: true }, 'i-child': { visible: true, event: true, summary: false }, 'i-reg': { visible: true, event: true, summary: false }, 'i-tags': { visible: true } },
      watchlists: { expiration: { timeframeUnits: 'months', enabled: 'on', ignoreIds: [], timeframeVal: 6 }, sortOrder: 'name' },
      savedSearches: [],
      minimalLeftNavigation: false,
      watchlistExpiration: { timeframeUnits: 'months', enabled: 'on', ignoreIds: [], timeframeVal: 6 },
      default: false,
      userMgmt: { sortOrder: 'first_name' },
      hudGridItems: {
        lg: [{ minH: 3, i: 'alerts', h: 3, moved: false, static: false, w: 6, y: 0, x: 0, minW: 2 }, { minH: 2, i: 'sensors', h: 2, moved: false, static: false, w: 6, y: 0, x: 6, minW: 2 }],
        sm: [{ minH: 3, i: 'alerts', h: 3, enabled: true, w: 2, y: 0, x: 0, minW: 2 }, { minH: 2, i: 'sensors', h: 2, enabled: true, w: 2, y: 3, x: 0, minW: 2 }],
        md: [{ minH: 3, i: 'alerts', h: 3, moved: false, static: false, w: 6, y: 0, x: 0, minW: 2 }, { minH: 2, i: 'sensors', h: 3, moved: false, static: false, w: 4, y: 3, x: 2, minW: 2 }],
      },
      facetsEnabled: ['process_name', 'group', 'hostname', 'parent_name', 'path_full', 'process_md5'],
    },
    binaryPageSize: 10,
    maxSearchResultRows: 1000,
    binaryOrder: '',
    liveResponseAutoAttach: true,
    timestampDeltaThreshold: 5,
    linuxInstallerExists: true,
    maxRowsSolrReportQuery: 10000,
    osxInstallerExists: true,
    version_release: `${version.split('.').slice(0, 3).join('.')}-1`,
    version,
    banningEnabled: true,
    cblrEnabled: true,
    processOrder: '',
    processPageSize: 10,
    vdiGloballyEnabled: false,
    searchExportCount: 1000,
    cloud_install: false,
    features: { immutable_documents: major >= 6, event_exclusions: false, thirdparty_sharing: false, ipv6_support: major >= 6 },
  };
}
