import type { Router, SimRequest, SimResponse } from '../server/router.js';
import { QuerySyntaxError } from '../search/query-ast.js';
import type { SearchIndex, SearchOptions } from '../search/search-index.js';
import type { JsonDoc } from './process-docs.js';
import { badRequest, param, params, intParam } from './route-context.js';
import type { RouteContext } from './route-context.js';

/** Query text plus `cb.q.<field>=<v>` terms (watchlist queries use them). */
function queryText(req: SimRequest): string {
  const parts = params(req, 'q').filter((q) => q.trim() !== '');
  for (const [key, value] of Object.entries(req.query)) {
    if (!key.startsWith('cb.q.')) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${key.slice(5)}:${/\s/.test(v) ? `"${v}"` : v}`);
  }
  return parts.map((p) => (parts.length > 1 ? `(${p})` : p)).join(' ');
}

/** `cb.fq.<field>=<v>` filters. */
function filterQueries(req: SimRequest): string[] {
  const out: string[] = [...params(req, 'fq')];
  for (const [key, value] of Object.entries(req.query)) {
    if (!key.startsWith('cb.fq.')) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push(`${key.slice(6)}:${/\s/.test(v) ? `"${v}"` : v}`);
  }
  return out;
}

function timeBound(req: SimRequest, name: string): number | undefined {
  const v = param(req, name);
  if (v === undefined || v === '') return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw badRequest(`invalid value for ${name}: ${JSON.stringify(v)} (expected YYYY-MM-DDTHH:MM:SSZ)`);
  return ms;
}

function runSearch(index: SearchIndex<JsonDoc>, req: SimRequest, extra: Partial<SearchOptions<JsonDoc>>): { total: number; page: JsonDoc[]; facets: Record<string, unknown>; terms: string[] } {
  const q = queryText(req);
  const facet = param(req, 'facet') === 'true';
  try {
    const result = index.search({
      q,
      fq: filterQueries(req),
      start: intParam(req, 'start', 0),
      rows: intParam(req, 'rows', 10),
      sort: param(req, 'sort') ?? '',
      facetFields: facet ? params(req, 'facet.field') : [],
      ...extra,
    });
    return { ...result, terms: q === '' ? [] : q.split(/\s+/).filter(Boolean) };
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw badRequest(`Invalid query: ${error.message}`);
    throw error;
  }
}

const elapsed = (started: number): number => (performance.now() - started) / 1000;

/** Process, binary, alert and threat report search (`GET /api/v1/<kind>`), envelopes as recordings 05, 06, 14. */
export function registerSearchRoutes(router: Router, ctx: RouteContext): void {
  const { store, world } = ctx;
  const simple = (index: SearchIndex<JsonDoc>) => (req: SimRequest): SimResponse => {
    const started = performance.now();
    const r = runSearch(index, req, {});
    return { json: { terms: r.terms, total_results: r.total, highlights: [], facets: r.facets, results: r.page, elapsed: elapsed(started), start: intParam(req, 'start', 0) } };
  };
  router.add('GET', '/api/v1/binary', 'response', simple(store.binaryIndex));
  router.add('GET', '/api/v1/alert', 'response', simple(store.alertIndex));
  router.add('GET', '/api/v1/threat_report', 'response', simple(store.reportIndex));
  router.add('GET', '/api/v1/process', 'response', (req) => {
    const started = performance.now();
    const six = world.majorVersion >= 6;
    const bounds = six
      ? {
          minUpdate: timeBound(req, 'cb.min_last_update'),
          maxUpdate: timeBound(req, 'cb.max_last_update'),
          minServer: timeBound(req, 'cb.min_last_server_update'),
          maxServer: timeBound(req, 'cb.max_last_server_update'),
        }
      : {};
    const group = six && param(req, 'cb.group') === 'id';
    const hasBounds = Object.values(bounds).some((v) => v !== undefined);
    const r = runSearch(store.processIndex, req, {
      ...(hasBounds
        ? {
            filter: (doc: JsonDoc) => {
              const lu = Date.parse(String(doc['last_update']));
              const ls = Date.parse(String(doc['last_server_update']));
              return (
                (bounds.minUpdate === undefined || lu >= bounds.minUpdate) &&
                (bounds.maxUpdate === undefined || lu <= bounds.maxUpdate) &&
                (bounds.minServer === undefined || ls >= bounds.minServer) &&
                (bounds.maxServer === undefined || ls <= bounds.maxServer)
              );
            },
          }
        : {}),
      ...(group
        ? {
            collapse: (hits: JsonDoc[]) => {
              const latest = new Map<string, JsonDoc>();
              for (const d of hits) {
                const prev = latest.get(String(d['id']));
                if (!prev || Number(d['segment_id']) > Number(prev['segment_id'])) latest.set(String(d['id']), d);
              }
              return hits.filter((d) => latest.get(String(d['id'])) === d);
            },
          }
        : {}),
    });
    const start = intParam(req, 'start', 0);
    if (!six) {
      return { json: { terms: r.terms, results: r.page, elapsed: elapsed(started), total_results: r.total, highlights: [], facets: r.facets, tagged_pids: {}, start, incomplete_results: false, filtered: {} } };
    }
    return {
      json: {
        terms: r.terms,
        results: r.page,
        elapsed: elapsed(started),
        comprehensive_search: true,
        all_segments: !group,
        total_results: r.total,
        highlights: [],
        facets: r.facets,
        tagged_pids: {},
        start,
        incomplete_results: false,
        filtered: {},
      },
    };
  });
}
