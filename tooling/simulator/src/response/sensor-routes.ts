import { strToU8, zipSync } from 'fflate';
import type { Router, SimRequest } from '../server/router.js';
import { SimHttpError } from '../server/router.js';
import type { SensorDoc, SimSensor } from '../world/types.js';
import { cbDateTime } from '../world/time-format.js';
import type { JsonDoc } from './process-docs.js';
import { SUCCESS, badRequest, idParam, intParam, notFound, objectBody, param, params } from './route-context.js';
import type { RouteContext } from './route-context.js';

/** Fields a sensor PUT may change (the rest of the document is the server's). */
const WRITABLE = ['group_id', 'network_isolation_enabled', 'restart_queued', 'event_log_flush_time', 'notes', 'uninstall', 'display'] as const;
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Sensors (v1 list with filters, v2 paged), sensor PUT with delayed isolation, groups, sites, throttle rules. */
export function registerSensorRoutes(router: Router, ctx: RouteContext): void {
  const { world, store } = ctx;

  // online sensors check in every 30 s; the check-in times are reformatted only when that slot changes
  const checkinSlot = new Map<number, number>();
  const fresh = (s: SimSensor): SensorDoc => {
    if (s.doc.status === 'Online') {
      const now = world.clock.now();
      const last = now - (now % 30_000);
      const slot = last + (last + 6_000 > now ? 0 : 1);
      if (checkinSlot.get(s.doc.id) !== slot) {
        checkinSlot.set(s.doc.id, slot);
        s.doc.last_checkin_time = cbDateTime(last);
        s.doc.next_checkin_time = cbDateTime(last + 30_000);
        s.doc.last_update = cbDateTime(last + 6_000 > now ? last : last + 6_000);
      }
      s.doc.uptime = String(Math.floor((now - s.bootMs) / 1000));
      s.doc.sensor_uptime = String(Math.floor((now - s.bootMs) / 1000) + 120);
    }
    return s.doc;
  };
  const sensorOf = (req: SimRequest): SimSensor => {
    const id = idParam(req, 'id');
    const s = world.sensor(id);
    if (!s) throw notFound(`Sensor ${id} not found`);
    return s;
  };
  const filtered = (req: SimRequest): SimSensor[] => {
    const hostnames = params(req, 'hostname').map((h) => h.toLowerCase());
    const ips = params(req, 'ip');
    const groups = params(req, 'groupid').map((g) => Number(g));
    return world.sensors.filter(
      (s) =>
        hostnames.every((h) => s.doc.computer_name.toLowerCase() === h || s.doc.computer_dns_name.toLowerCase() === h) &&
        ips.every((ip) => s.doc.network_adapters.split('|').some((a) => a.split(',')[0] === ip)) &&
        groups.every((g) => s.doc.group_id === g),
    );
  };

  router.add('GET', '/api/v1/sensor', 'response', (req) => {
    const list = filtered(req);
    const filteredRequest = ['hostname', 'ip', 'groupid'].some((k) => req.query[k] !== undefined);
    // CB-15681: a filter that matches nothing is answered with HTTP 500
    if (filteredRequest && list.length === 0) throw new SimHttpError(500, { reason: 'No sensors found' });
    return { json: list.map(fresh) };
  });
  router.add('GET', '/api/v2/sensor', 'response', (req) => {
    const list = filtered(req);
    const col = param(req, 'sort.col') ?? 'id';
    const dir = (param(req, 'sort.dir') ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
    if (list[0] && !(col in list[0].doc)) throw badRequest(`invalid sort.col ${col}`);
    const sorted = [...list].sort((a, b) => {
      const x = a.doc[col];
      const y = b.doc[col];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return c * dir || a.doc.id - b.doc.id;
    });
    const start = intParam(req, 'start', 0);
    const rows = intParam(req, 'rows', 100);
    const facets: Record<string, JsonDoc[]> = {};
    if (param(req, 'facet') === 'true') {
      for (const f of ['status', 'os_environment_display_string', 'group_id']) {
        const counts = new Map<string, number>();
        for (const s of list) counts.set(String(s.doc[f]), (counts.get(String(s.doc[f])) ?? 0) + 1);
        facets[f] = [...counts].map(([name, value]) => ({ name, value }));
      }
    }
    return { json: { results: sorted.slice(start, start + rows).map(fresh), total_results: list.length, facets } };
  });
  router.add('GET', '/api/v1/sensor/:id', 'response', (req) => ({ json: fresh(sensorOf(req)) }));
  router.add('PUT', '/api/v1/sensor/:id', 'response', (req) => {
    const s = sensorOf(req);
    const body = objectBody(req);
    const changes: Partial<SensorDoc> = {};
    for (const key of WRITABLE) if (key in body) (changes as Record<string, unknown>)[key] = body[key];
    if (changes.group_id !== undefined && !store.groups.some((g) => g['id'] === changes.group_id)) throw badRequest(`group_id ${String(changes.group_id)} does not exist`);
    const flush = changes.event_log_flush_time;
    if (flush !== undefined && flush !== null) {
      if (typeof flush !== 'string' || (world.majorVersion >= 6 && !RFC822.test(flush))) {
        // Cb Response 6 wants RFC-822 here (protocol.md §8.1.9)
        throw new SimHttpError(500, { reason: `invalid event_log_flush_time ${JSON.stringify(flush)}: expected "%a, %d %b %Y %H:%M:%S GMT"` });
      }
    }
    const isolate = changes.network_isolation_enabled;
    if (isolate !== undefined && typeof isolate !== 'boolean') throw badRequest('network_isolation_enabled must be a boolean');
    world.updateSensorDoc(s.doc.id, changes);
    if (isolate !== undefined && isolate !== s.doc.is_isolating) {
      const timer = setTimeout(() => {
        ctx.timers.delete(timer);
        if (s.doc.network_isolation_enabled === isolate) s.doc.is_isolating = isolate;
      }, ctx.isolationDelayMs);
      timer.unref();
      ctx.timers.add(timer);
    }
    if (changes.restart_queued === true) {
      const timer = setTimeout(() => {
        ctx.timers.delete(timer);
        s.doc.restart_queued = false;
        s.bootMs = world.clock.now();
        s.doc.boot_id = String(Number(s.doc.boot_id) + 1);
      }, ctx.isolationDelayMs * 2);
      timer.unref();
      ctx.timers.add(timer);
    }
    return { status: 204 };
  });
  router.add('GET', '/api/v1/sensor/:id/queued', 'response', (req) => {
    const s = sensorOf(req);
    const now = world.clock.now();
    return {
      json: [
        {
          id: s.doc.id * 1000 + 1,
          num_eventlog_bytes: Number(s.doc.num_eventlog_bytes),
          num_eventlogs: Math.ceil(Number(s.doc.num_eventlog_bytes) / 400),
          num_storefile_bytes: Number(s.doc.num_storefiles_bytes),
          num_storefiles: Number(s.doc.num_storefiles_bytes) > 0 ? 1 : 0,
          sensor_id: s.doc.id,
          timestamp: cbDateTime(now - 30_000),
        },
      ],
    };
  });
  router.add('GET', '/api/v1/sensor/:id/activity', 'response', (req) => {
    const s = sensorOf(req);
    const now = world.clock.now();
    return {
      json: Array.from({ length: 5 }, (_, i) => ({
        id: s.doc.id * 1000 + i,
        sensor_id: s.doc.id,
        timestamp: cbDateTime(now - (i + 1) * 30_000),
        checkin: s.doc.status === 'Online',
        event_log_bytes: 400 * (5 - i),
        storefile_bytes: 0,
      })),
    };
  });
  router.add('GET', '/api/v1/sensor/:id/resourcestatus', 'response', (req) => {
    const s = sensorOf(req);
    if (s.doc.status !== 'Online') return { status: 204 };
    const now = world.clock.now();
    return {
      json: [
        { id: s.doc.id, sensor_id: s.doc.id, timestamp: cbDateTime(now - 60_000), cpu_usage: 3.2, memory_usage: Number(s.doc.physical_memory_size) / 40, handle_count: 1_840, thread_count: 61 },
      ],
    };
  });

  // sensor groups
  const groupOf = (req: SimRequest): JsonDoc => {
    const id = idParam(req, 'id');
    const g = store.groups.find((x) => x['id'] === id);
    if (!g) throw notFound(`Sensor group ${id} not found`);
    return g;
  };
  router.add('GET', '/api/group', 'response', () => ({ json: store.groups }));
  router.add('GET', '/api/group/:id', 'response', (req) => ({ json: [groupOf(req)] }));
  router.add('POST', '/api/group', 'response', (req) => {
    const body = objectBody(req);
    if (typeof body['name'] !== 'string' || body['name'] === '') throw badRequest('name is required');
    const siteId = body['site_id'] ?? 1;
    if (!store.sites.some((s) => s['id'] === siteId)) throw badRequest(`site_id ${String(siteId)} does not exist`);
    const template = store.groups[0] ?? {};
    const id = store.nextId('group');
    const { id: _ignored, ...rest } = body;
    void _ignored;
    store.groups.push({ ...template, team_access: [], ...rest, site_id: siteId, id });
    return { json: { id } };
  });
  router.add('PUT', '/api/group/:id', 'response', (req) => {
    const g = groupOf(req);
    Object.assign(g, objectBody(req), { id: g['id'] });
    return { json: SUCCESS };
  });
  router.add('DELETE', '/api/group/:id', 'response', (req) => {
    const g = groupOf(req);
    if (world.sensors.some((s) => s.doc.group_id === g['id'])) throw new SimHttpError(409, { reason: `Sensor group ${String(g['id'])} still has sensors` });
    store.groups.splice(store.groups.indexOf(g), 1);
    return { json: SUCCESS };
  });
  const installer = (req: SimRequest): { body: Buffer; headers: Record<string, string> } => {
    const g = groupOf(req);
    const os = [req.params['os'], req.params['kind']].filter(Boolean).join('/');
    if (!['windows/exe', 'windows/msi', 'linux', 'osx'].includes(os)) throw notFound(`no installer type ${os}`);
    const zip = zipSync({ [`CarbonBlackSensorSetup-${os.replace('/', '-')}.${os.startsWith('windows') ? os.split('/')[1] : 'pkg'}`]: strToU8(`MZ simulated sensor installer for group ${String(g['name'])}`), 'settings.ini': strToU8(`[CB]\r\nSensorBackendServer=https://cb.acme.local:443\r\nSensorGroupId=${String(g['id'])}\r\n`) });
    return { body: Buffer.from(zip), headers: { 'Content-Type': 'application/zip' } };
  };
  router.add('GET', '/api/v1/group/:id/installer/:os/:kind', 'response', installer);
  router.add('GET', '/api/v1/group/:id/installer/:os', 'response', installer);
  router.add('GET', '/api/v1/group/:id/datasharing', 'response', (req) => {
    const g = groupOf(req);
    return { json: [{ id: 1, group_id: g['id'], what: 'BIN', who: 'VIRUSTOTAL' }, { id: 2, group_id: g['id'], what: 'EVENTS', who: 'CBSRS' }] };
  });

  // sites and throttle rules
  const siteOf = (req: SimRequest): JsonDoc => {
    const id = idParam(req, 'id');
    const s = store.sites.find((x) => x['id'] === id);
    if (!s) throw notFound(`Site ${id} not found`);
    return s;
  };
  router.add('GET', '/api/site', 'response', () => ({ json: store.sites }));
  router.add('GET', '/api/site/:id', 'response', (req) => ({ json: [siteOf(req)] }));
  router.add('POST', '/api/site', 'response', (req) => {
    const body = objectBody(req);
    if (typeof body['name'] !== 'string' || body['name'] === '') throw badRequest('name is required');
    const id = store.nextId('site');
    store.sites.push({ group_ids: [], ...body, id });
    return { json: { id } };
  });
  router.add('PUT', '/api/site/:id', 'response', (req) => {
    const s = siteOf(req);
    Object.assign(s, objectBody(req), { id: s['id'] });
    return { json: SUCCESS };
  });
  router.add('DELETE', '/api/site/:id', 'response', (req) => {
    const s = siteOf(req);
    store.sites.splice(store.sites.indexOf(s), 1);
    return { json: SUCCESS };
  });
  router.add('GET', '/api/throttle', 'response', () => ({ json: store.throttle }));
}
