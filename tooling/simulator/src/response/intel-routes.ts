import { SimHttpError } from '../server/router.js';
import type { Router, SimRequest } from '../server/router.js';
import { QuerySyntaxError } from '../search/query-ast.js';
import { cbDateTime } from '../world/time-format.js';
import type { JsonDoc } from './process-docs.js';
import { SUCCESS, badRequest, conflict, idParam, notFound, objectBody, param } from './route-context.js';
import type { RouteContext } from './route-context.js';

const ACTION_TYPES = [0, 1, 2, 3];

/** Watchlists and their actions, feeds (+ actions, synchronize), threat reports, alerts, banned hashes. */
export function registerIntelRoutes(router: Router, ctx: RouteContext): void {
  const { store, world } = ctx;
  const now = (): number => world.clock.now();

  // watchlists
  const watchlistOf = (req: SimRequest): JsonDoc => {
    const id = req.params['id'] ?? '';
    const w = store.watchlists.find((x) => x['id'] === id);
    if (!w) throw notFound(`Watchlist ${id} not found`);
    return w;
  };
  const validateWatchlist = (body: Record<string, unknown>): void => {
    for (const key of ['name', 'search_query', 'index_type']) if (typeof body[key] !== 'string' || body[key] === '') throw badRequest(`${key} is required`);
    if (body['index_type'] !== 'events' && body['index_type'] !== 'modules') throw badRequest(`index_type must be "events" or "modules", got ${JSON.stringify(body['index_type'])}`);
    const q = new URLSearchParams(String(body['search_query'])).get('q') ?? '';
    try {
      (body['index_type'] === 'events' ? store.processIndex : store.binaryIndex).parse(q);
    } catch (error) {
      if (error instanceof QuerySyntaxError) throw badRequest(`Invalid query: ${error.message}`);
      throw error;
    }
  };
  router.add('GET', '/api/v1/watchlist', 'response', () => ({ json: store.watchlists }));
  router.add('GET', '/api/v1/watchlist/:id', 'response', (req) => ({ json: watchlistOf(req) }));
  router.add('POST', '/api/v1/watchlist', 'response', (req) => {
    const body = objectBody(req);
    validateWatchlist(body);
    const id = store.nextId('watchlist');
    const { id: _ignored, ...rest } = body;
    void _ignored;
    store.watchlists.push({
      last_hit_count: 0,
      description: null,
      enabled: true,
      search_timestamp: '1970-01-01T00:00:00.000Z',
      readonly: false,
      total_hits: '0',
      date_added: cbDateTime(now()),
      group_id: -1,
      total_tags: '0',
      last_hit: null,
      alliance_id: null,
      from_alliance: false,
      ...rest,
      id: String(id),
    });
    return { json: { id } };
  });
  router.add('PUT', '/api/v1/watchlist/:id', 'response', (req) => {
    const w = watchlistOf(req);
    const body = objectBody(req);
    validateWatchlist({ ...w, ...body });
    Object.assign(w, body, { id: w['id'] });
    return { json: SUCCESS };
  });
  router.add('DELETE', '/api/v1/watchlist/:id', 'response', (req) => {
    const w = watchlistOf(req);
    store.watchlists.splice(store.watchlists.indexOf(w), 1);
    store.watchlistActions.delete(String(w['id']));
    return { json: SUCCESS };
  });
  const actionRoutes = (base: string, list: (req: SimRequest) => JsonDoc[], owner: (req: SimRequest) => JsonDoc, ownerKey: 'watchlist_id' | 'group_id'): void => {
    const validate = (body: Record<string, unknown>): void => {
      if (!ACTION_TYPES.includes(Number(body['action_type']))) throw badRequest(`action_type must be one of 0 (email), 1 (syslog), 2 (http_post), 3 (alert)`);
      if (ownerKey === 'group_id' && body['watchlist_id'] === undefined) throw badRequest('watchlist_id is required (use -1 for feed actions)');
    };
    router.add('GET', base, 'response', (req) => ({ json: list(req) }));
    router.add('POST', base, 'response', (req) => {
      const o = owner(req);
      const body = objectBody(req);
      validate(body);
      const id = store.nextId('action');
      list(req).push({ action_data: '{}', ...body, id: String(id), [ownerKey]: Number(o['id']) });
      return { json: { id } };
    });
    const one = (req: SimRequest): JsonDoc => {
      const a = list(req).find((x) => x['id'] === req.params['aid']);
      if (!a) throw notFound(`Action ${req.params['aid'] ?? ''} not found`);
      return a;
    };
    router.add('PUT', `${base}/:aid`, 'response', (req) => {
      const a = one(req);
      const body = objectBody(req);
      validate({ ...a, ...body });
      Object.assign(a, body, { id: a['id'] });
      return { json: SUCCESS };
    });
    router.add('DELETE', `${base}/:aid`, 'response', (req) => {
      const l = list(req);
      l.splice(l.indexOf(one(req)), 1);
      return { json: SUCCESS };
    });
  };
  actionRoutes(
    '/api/v1/watchlist/:id/action',
    (req) => {
      const w = watchlistOf(req);
      let l = store.watchlistActions.get(String(w['id']));
      if (!l) store.watchlistActions.set(String(w['id']), (l = []));
      return l;
    },
    watchlistOf,
    'watchlist_id',
  );

  // feeds
  const feedOf = (req: SimRequest): JsonDoc => {
    const id = idParam(req, 'id');
    const f = store.feeds.find((x) => x['id'] === id);
    if (!f) throw notFound(`Feed ${id} not found`);
    return f;
  };
  router.add('GET', '/api/v1/feed', 'response', () => ({ json: store.feeds }));
  router.add('GET', '/api/v1/feed/:id', 'response', (req) => ({ json: feedOf(req) }));
  router.add('POST', '/api/v1/feed', 'response', (req) => {
    const body = objectBody(req);
    const url = body['feed_url'];
    if (typeof url !== 'string' || !/^(https?|file):\/\//.test(url)) throw badRequest('feed_url is required (http, https or file URL)');
    // the real server fetches the feed at creation; hosts under .invalid stand for unreachable feeds
    if (/^https?:\/\/[^/]*\.invalid(?::\d+)?\//.test(`${url}/`)) throw new SimHttpError(500, { reason: `cannot retrieve feed from ${url}` });
    if (store.feeds.some((f) => f['feed_url'] === url)) throw conflict(`Feed with url ${url} already exists`);
    const id = store.nextId('feed');
    const name = String(body['name'] ?? new URL(url).hostname.replace(/\W/g, '')) || `feed${id}`;
    const template = store.feeds[store.feeds.length - 1] ?? {};
    const { id: _ignored, ...rest } = body;
    void _ignored;
    store.feeds.push({ ...template, display_name: name, summary: '', category: null, enabled: true, manually_added: true, ...rest, name, id });
    return { json: { id } };
  });
  router.add('PUT', '/api/v1/feed/:id', 'response', (req) => {
    const f = feedOf(req);
    Object.assign(f, objectBody(req), { id: f['id'] });
    return { json: SUCCESS };
  });
  router.add('DELETE', '/api/v1/feed/:id', 'response', (req) => {
    const f = feedOf(req);
    store.feeds.splice(store.feeds.indexOf(f), 1);
    return { json: SUCCESS };
  });
  router.add('POST', '/api/v1/feed/:id/synchronize', 'response', (req) => {
    const f = feedOf(req);
    if (f['enabled'] !== true) throw conflict(`Feed ${String(f['id'])} is disabled`);
    return { json: SUCCESS };
  });
  actionRoutes(
    '/api/v1/feed/:id/action',
    (req) => {
      const f = feedOf(req);
      let l = store.feedActions.get(Number(f['id']));
      if (!l) store.feedActions.set(Number(f['id']), (l = []));
      return l;
    },
    feedOf,
    'group_id',
  );
  router.add('GET', '/api/v1/feed/:id/report/:rid', 'response', (req) => {
    const f = feedOf(req);
    const r = store.reports.find((x) => x['feed_id'] === f['id'] && x['id'] === req.params['rid']);
    if (!r) throw notFound(`Report ${req.params['rid'] ?? ''} not found in feed ${String(f['id'])}`);
    return { json: r };
  });

  // threat report updates: {ids: {feed: [report]}, updates} or {query, updates}
  router.add('POST', '/api/v1/threat_report', 'response', (req) => {
    const body = objectBody(req);
    const updates = body['updates'];
    if (updates === null || typeof updates !== 'object' || Array.isArray(updates)) throw badRequest('updates must be an object');
    let targets: JsonDoc[];
    if (body['ids'] !== undefined) {
      const ids = body['ids'];
      if (ids === null || typeof ids !== 'object' || Array.isArray(ids)) throw badRequest('ids must be an object {feed_id: [report ids]}');
      targets = store.reports.filter((r) => {
        const wanted = (ids as Record<string, unknown>)[String(r['feed_id'])];
        return Array.isArray(wanted) && wanted.map(String).includes(String(r['id']));
      });
    } else if (typeof body['query'] === 'string') {
      const q = new URLSearchParams(body['query']).get('q') ?? '';
      try {
        targets = store.reportIndex.search({ q, start: 0, rows: 1_000_000 }).page;
      } catch (error) {
        if (error instanceof QuerySyntaxError) throw badRequest(`Invalid query: ${error.message}`);
        throw error;
      }
    } else throw badRequest('either ids or query is required');
    for (const r of targets) Object.assign(r, updates);
    return { json: SUCCESS };
  });

  // alerts
  const applyAlert = (a: JsonDoc, body: Record<string, unknown>): void => {
    const status = body['requested_status'] ?? body['status'];
    if (status !== undefined) {
      if (!['Unresolved', 'In Progress', 'Resolved', 'False Positive'].includes(String(status))) throw badRequest(`invalid status ${JSON.stringify(status)}`);
      a['status'] = status;
      if (status === 'Resolved' || status === 'False Positive') a['resolved_time'] = new Date(now()).toISOString();
    }
    if (body['assigned_to'] !== undefined) a['assigned_to'] = body['assigned_to'];
    const updates = body['updates'];
    if (updates && typeof updates === 'object') Object.assign(a, updates);
    if (body['is_ignored'] !== undefined) a['is_ignored'] = body['is_ignored'];
  };
  router.add('POST', '/api/v1/alert/:uid', 'response', (req) => {
    const a = store.alerts.find((x) => x['unique_id'] === req.params['uid']);
    if (!a) throw notFound(`Alert ${req.params['uid'] ?? ''} not found`);
    applyAlert(a, objectBody(req));
    return { json: SUCCESS };
  });
  router.add('POST', '/api/v1/alerts', 'response', (req) => {
    const body = objectBody(req);
    let targets: JsonDoc[];
    if (Array.isArray(body['alert_ids'])) {
      const ids = new Set(body['alert_ids'].map(String));
      targets = store.alerts.filter((a) => ids.has(String(a['unique_id'])));
    } else if (typeof body['query'] === 'string') {
      const q = new URLSearchParams(body['query']).get('q') ?? '';
      try {
        targets = store.alertIndex.search({ q, start: 0, rows: 1_000_000 }).page;
      } catch (error) {
        if (error instanceof QuerySyntaxError) throw badRequest(`Invalid query: ${error.message}`);
        throw error;
      }
    } else throw badRequest('alert_ids (array) or query is required');
    for (const a of targets) applyAlert(a, body);
    return { json: SUCCESS };
  });

  // banned hashes
  const bannedOf = (req: SimRequest): JsonDoc => {
    const md5 = (req.params['md5'] ?? '').toLowerCase();
    const b = store.banned.find((x) => x['md5hash'] === md5);
    if (!b) throw notFound(`Banned hash ${md5} not found`);
    return b;
  };
  router.add('GET', '/api/v1/banning/blacklist', 'response', (req) => {
    const countParam = param(req, 'count');
    if (countParam !== undefined && !/^\d+$/.test(countParam)) throw badRequest(`invalid count ${JSON.stringify(countParam)}`);
    // without `count` the server answers at most 500 (cbapi 1.3.5 changelog)
    return { json: store.banned.slice(0, countParam === undefined ? 500 : Number(countParam)) };
  });
  router.add('GET', '/api/v1/banning/blacklist/:md5', 'response', (req) => ({ json: bannedOf(req) }));
  router.add('POST', '/api/v1/banning/blacklist', 'response', (req) => {
    const body = objectBody(req);
    const md5 = typeof body['md5hash'] === 'string' ? body['md5hash'].toLowerCase() : '';
    if (!/^[0-9a-f]{32}$/.test(md5)) throw badRequest(`md5hash must be 32 hex digits, got ${JSON.stringify(body['md5hash'] ?? null)}`);
    const existing = store.banned.find((x) => x['md5hash'] === md5);
    const user = 'admin';
    const stamp = cbDateTime(now());
    if (existing) {
      if (existing['enabled'] === true) throw conflict(`Cannot ban hash ${md5}: the banned hash already exists`);
      Object.assign(existing, { text: body['text'] ?? existing['text'], enabled: true, timestamp: stamp });
      (existing['audit'] as JsonDoc[]).push({ username: user, timestamp: stamp, text: existing['text'], enabled: true, user_id: 1 });
      return { json: SUCCESS };
    }
    store.banned.unshift({
      md5hash: md5,
      text: body['text'] ?? '',
      enabled: true,
      username: user,
      user_id: 1,
      timestamp: stamp,
      block_count: 0,
      last_block_time: null,
      last_block_sensor_id: null,
      last_block_hostname: null,
      audit: [{ username: user, timestamp: stamp, text: body['text'] ?? '', enabled: true, user_id: 1 }],
    });
    return { json: SUCCESS };
  });
  router.add('PUT', '/api/v1/banning/blacklist/:md5', 'response', (req) => {
    const b = bannedOf(req);
    const body = objectBody(req);
    if (body['text'] !== undefined) b['text'] = body['text'];
    if (typeof body['enabled'] === 'boolean') b['enabled'] = body['enabled'];
    return { json: SUCCESS };
  });
  router.add('DELETE', '/api/v1/banning/blacklist/:md5', 'response', (req) => {
    const b = bannedOf(req);
    // disabling erases the text (protocol.md §8.1.10)
    b['enabled'] = false;
    b['text'] = '';
    (b['audit'] as JsonDoc[]).push({ username: 'admin', timestamp: cbDateTime(now()), text: '', enabled: false, user_id: 1 });
    return { json: SUCCESS };
  });
}
