import type { Router, SimRequest } from '../server/router.js';
import { cbDateTime, isoMicros } from '../world/time-format.js';
import type { JsonDoc } from './process-docs.js';
import { partitionStamp } from './seed-data.js';
import { SUCCESS, badRequest, conflict, idParam, notFound, objectBody } from './route-context.js';
import type { RouteContext } from './route-context.js';

/** /api/info, license, users, teams, storage partitions, ingress filters, investigations, tagged events. */
export function registerAdminRoutes(router: Router, ctx: RouteContext): void {
  const { store, world } = ctx;
  const rng = world.rng.fork('admin-routes');

  router.add('GET', '/api/info', 'response', () => ({ json: store.info }));
  router.add('GET', '/api/license', 'response', () => ({ json: store.license }));
  router.add('POST', '/api/license', 'response', (req) => {
    const body = objectBody(req);
    const block = body['license'];
    if (typeof block !== 'string' || !/-----BEGIN CB LICENSE-----[\s\S]+-----END CB LICENSE-----/.test(block)) {
      return { status: 400, json: { status: 'error', message: 'Invalid license: expected a -----BEGIN CB LICENSE----- block' } };
    }
    store.license = { ...store.license, license_valid: true, license_end_date: new Date(world.clock.now() + 365 * 86_400_000).toISOString().slice(0, 10) };
    return { json: { status: 'success' } };
  });

  // users
  const userOf = (req: SimRequest): JsonDoc => {
    const name = req.params['username'] ?? '';
    const u = store.users.find((x) => x['username'] === name);
    if (!u) throw notFound(`User ${name} not found`);
    return u;
  };
  const teamRefs = (teams: unknown): JsonDoc[] => {
    if (!Array.isArray(teams)) throw badRequest('teams must be an array');
    return teams.map((t) => {
      const id = typeof t === 'object' && t !== null ? (t as JsonDoc)['id'] : t;
      const team = store.teams.find((x) => x['id'] === Number(id));
      if (!team) throw badRequest(`team ${JSON.stringify(id)} does not exist`);
      return { id: team['id'], name: team['name'] };
    });
  };
  router.add('GET', '/api/users', 'response', () => ({ json: store.users }));
  router.add('GET', '/api/user/:username', 'response', (req) => ({ json: userOf(req) }));
  router.add('POST', '/api/user', 'response', (req) => {
    const body = objectBody(req);
    for (const key of ['username', 'first_name', 'last_name', 'email']) if (typeof body[key] !== 'string' || body[key] === '') throw badRequest(`${key} is required`);
    if (typeof body['global_admin'] !== 'boolean') throw badRequest('global_admin is required (boolean)');
    if (store.users.some((u) => u['username'] === body['username'])) throw conflict(`User ${String(body['username'])} already exists`);
    const { password: _password, id: _id, ...rest } = body;
    void _password;
    void _id;
    store.users.push({ ...rest, id: body['username'], teams: teamRefs(body['teams'] ?? []), auth_token: rng.hex(40), date_added: cbDateTime(world.clock.now()) });
    return { json: SUCCESS };
  });
  router.add('PUT', '/api/user/:username', 'response', (req) => {
    const u = userOf(req);
    const body = objectBody(req);
    const { password: _password, ...rest } = body;
    void _password;
    Object.assign(u, rest, { id: u['id'], username: u['username'] });
    if (body['teams'] !== undefined) u['teams'] = teamRefs(body['teams']);
    return { json: SUCCESS };
  });
  router.add('DELETE', '/api/user/:username', 'response', (req) => {
    const u = userOf(req);
    store.users.splice(store.users.indexOf(u), 1);
    return { json: SUCCESS };
  });

  // teams
  const teamOf = (req: SimRequest): JsonDoc => {
    const id = idParam(req, 'id');
    const t = store.teams.find((x) => x['id'] === id);
    if (!t) throw notFound(`Team ${id} not found`);
    return t;
  };
  const groupAccess = (value: unknown): JsonDoc[] => {
    if (!Array.isArray(value)) throw badRequest('group_access must be an array');
    return value.map((a) => {
      const entry = a as JsonDoc;
      const group = store.groups.find((g) => g['id'] === Number(entry?.['group_id']));
      if (!group) throw badRequest(`group_access: group ${JSON.stringify(entry?.['group_id'])} does not exist`);
      if (entry['access_category'] !== 'Viewer' && entry['access_category'] !== 'Administrator') throw badRequest('access_category must be "Viewer" or "Administrator"');
      return { group_id: group['id'], access_category: entry['access_category'], group_name: group['name'] };
    });
  };
  router.add('GET', '/api/teams', 'response', () => ({ json: store.teams }));
  router.add('GET', '/api/team/:id', 'response', (req) => ({ json: teamOf(req) }));
  router.add('POST', '/api/team', 'response', (req) => {
    const body = objectBody(req);
    if (typeof body['name'] !== 'string' || body['name'] === '') throw badRequest('name is required');
    if (store.teams.some((t) => t['name'] === body['name'])) throw conflict(`Team ${body['name']} already exists`);
    const id = store.nextId('team');
    store.teams.push({ id, name: body['name'], group_access: groupAccess(body['group_access'] ?? []) });
    return { json: { ...SUCCESS, id } };
  });
  router.add('PUT', '/api/team/:id', 'response', (req) => {
    const t = teamOf(req);
    const body = objectBody(req);
    if (body['name'] !== undefined) t['name'] = body['name'];
    if (body['group_access'] !== undefined) t['group_access'] = groupAccess(body['group_access']);
    return { json: SUCCESS };
  });
  router.add('DELETE', '/api/team/:id', 'response', (req) => {
    const t = teamOf(req);
    store.teams.splice(store.teams.indexOf(t), 1);
    return { json: SUCCESS };
  });

  // storage partitions (6.0+)
  if (world.majorVersion >= 6) {
    const parts = store.partitions as Record<string, JsonDoc>;
    const partOf = (req: SimRequest): JsonDoc => {
      const name = req.params['name'] ?? '';
      const p = parts[name];
      if (!p) throw notFound(`Partition ${name} not found`);
      return p;
    };
    router.add('GET', '/api/v1/storage/events/partition', 'response', () => ({ json: parts }));
    router.add('POST', '/api/v1/storage/events/new_partition', 'response', () => {
      const writer = parts['writer'];
      const now = world.clock.now();
      if (writer) {
        const info = writer['info'] as JsonDoc;
        const name = `cbevents_${partitionStamp(Date.parse(String(info['startDate'])))}`;
        parts[name] = { status: 'warm', info: { ...info, endDate: isoMicros(now) }, name };
      }
      parts['writer'] = {
        status: 'hot',
        info: { sizeInBytes: 0, startDate: isoMicros(now), partitionId: 99_474_649_513_984 + Math.floor(now / 1000), endDate: null, deletedDocs: 0, maxDoc: 0, userMounted: false, isLegacy: false, segmentCount: 0, numDocs: 0, dir: `/var/cb/data/solr5/cbevents/cbevents_${partitionStamp(now)}`, schema: 'cbevents_v1' },
        name: 'writer',
      };
      return { json: SUCCESS };
    });
    router.add('POST', '/api/v1/storage/events/:name/mount', 'response', (req) => {
      const p = partOf(req);
      if (p['status'] === 'hot') throw conflict('the writer partition is always mounted');
      p['status'] = 'warm';
      (p['info'] as JsonDoc)['userMounted'] = true;
      return { json: SUCCESS };
    });
    router.add('POST', '/api/v1/storage/events/:name/unmount', 'response', (req) => {
      const p = partOf(req);
      if (p['status'] === 'hot') throw conflict('the writer partition cannot be unmounted');
      p['status'] = 'cold';
      (p['info'] as JsonDoc)['userMounted'] = false;
      return { json: SUCCESS };
    });
    router.add('DELETE', '/api/v1/storage/events/:name', 'response', (req) => {
      const p = partOf(req);
      if (p['status'] === 'hot') throw conflict('the writer partition cannot be deleted');
      delete parts[String(p['name'])];
      return { json: SUCCESS };
    });
  }

  // ingress filters
  const filterOf = (req: SimRequest): JsonDoc => {
    const id = req.params['id'] ?? '';
    const f = store.ingress.find((x) => x['id'] === id);
    if (!f) throw notFound(`Ingress filter ${id} not found`);
    return f;
  };
  router.add('GET', '/api/v1/ingress_whitelist', 'response', () => ({ json: store.ingress }));
  router.add('GET', '/api/v1/ingress_whitelist/:id', 'response', (req) => ({ json: filterOf(req) }));
  router.add('POST', '/api/v1/ingress_whitelist', 'response', (req) => {
    if (!Array.isArray(req.body)) throw badRequest('POST /api/v1/ingress_whitelist needs a JSON array of filters');
    const template = store.ingress[0] ?? {};
    const created: JsonDoc[] = [];
    for (const item of req.body as unknown[]) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) throw badRequest('each ingress filter must be an object');
      const f = item as JsonDoc;
      for (const key of ['name', 'description']) if (typeof f[key] !== 'string') throw badRequest(`ingress filter ${key} is required`);
      const id = typeof f['id'] === 'string' && f['id'] !== '' ? f['id'] : `filter-${store.nextId('ingress')}`;
      if (store.ingress.some((x) => x['id'] === id) || created.some((x) => x['id'] === id)) throw conflict(`Ingress filter ${id} already exists`);
      const stamp = cbDateTime(world.clock.now());
      created.push({ ...template, path_filters: [], filemod_filters: [], ...f, id, version: 1, create_timestamp: stamp, modify_timestamp: stamp });
    }
    store.ingress.push(...created);
    return { json: created.map((f) => f['id']) };
  });
  router.add('PUT', '/api/v1/ingress_whitelist/:id', 'response', (req) => {
    const f = filterOf(req);
    Object.assign(f, objectBody(req), { id: f['id'], version: Number(f['version']) + 1, modify_timestamp: cbDateTime(world.clock.now()) });
    return { json: SUCCESS };
  });
  router.add('DELETE', '/api/v1/ingress_whitelist/:id', 'response', (req) => {
    const f = filterOf(req);
    store.ingress.splice(store.ingress.indexOf(f), 1);
    return { json: SUCCESS };
  });

  // investigations and tagged events
  const investigations: JsonDoc[] = [
    { id: 1, name: 'Default Investigation', notes: '', created_by_user_id: 1, date_started: cbDateTime(world.clock.startMs - 300 * 86_400_000), last_updated: cbDateTime(world.clock.startMs - 86_400_000) },
  ];
  const tagged: JsonDoc[] = [];
  router.add('GET', '/api/investigations', 'response', () => ({ json: investigations }));
  router.add('GET', '/api/tagged_event/:id', 'response', (req) => {
    const id = idParam(req, 'id');
    if (!investigations.some((i) => i['id'] === id)) throw notFound(`Investigation ${id} not found`);
    return { json: tagged.filter((t) => t['investigation_id'] === id) };
  });
  router.add('POST', '/api/tagged_event', 'response', (req) => {
    const body = objectBody(req);
    if (!investigations.some((i) => i['id'] === body['investigation_id'])) throw badRequest('investigation_id does not exist');
    const id = tagged.length + 1;
    tagged.push({ ...body, id, date_tagged: cbDateTime(world.clock.now()), tagged_by_user_id: 1 });
    return { json: { id } };
  });
}
