import type { Router, SimRequest } from '../server/router.js';
import type { SimProcess } from '../world/types.js';
import { notFound, param } from './route-context.js';
import type { RouteContext } from './route-context.js';

/**
 * Process routes: summary, segments, events (API v1..v4), threat intel hits, and
 * `/api/v1/process/host/count` (binary frequency).
 */
export function registerProcessRoutes(router: Router, ctx: RouteContext): void {
  const { world, store } = ctx;
  const docs = store.processDocs;
  const six = world.majorVersion >= 6;

  const lookup = (req: SimRequest): { p: SimProcess; index: number } => {
    const guid = (req.params['guid'] ?? '').toLowerCase();
    const p = guid.length === 36 ? world.process(guid) : undefined;
    if (!p) throw notFound(`Process ${guid} not found`);
    const raw = req.params['segment'] ?? '';
    if (!/^\d+$/.test(raw)) throw notFound(`Process ${guid} segment ${raw} not found`);
    const segment = Number(raw);
    if (segment === 0 && six) return { p, index: -1 };
    const index = docs.segmentIndex(p, segment);
    if (index < 0) throw notFound(`Process ${guid} segment ${segment} not found`);
    return { p, index };
  };

  router.add('GET', '/api/v1/process/host/count', 'response', (req) => {
    const md5 = (param(req, 'md5') ?? '').toUpperCase();
    let hosts = 0;
    let global = 0;
    let numDocs = 0;
    for (const sensor of world.sensors) {
      let seen = false;
      for (const p of sensor.processes) {
        numDocs++;
        if (p.md5 === md5) {
          global++;
          seen = true;
        }
      }
      if (seen) hosts++;
    }
    return { json: { hostCount: hosts, globalCount: global, numDocs } };
  });

  if (six) {
    router.add('GET', '/api/v1/process/:guid/segment', 'response', (req) => {
      const guid = (req.params['guid'] ?? '').toLowerCase();
      const p = world.process(guid);
      if (!p) throw notFound(`Process ${guid} not found`);
      return { json: { process: { segments: docs.segmentIds(p).map((s) => ({ unique_id: docs.uniqueId(p.guid, s) })) } } };
    });
  }

  router.add('GET', '/api/v1/process/:guid/:segment', 'response', (req) => {
    const { p, index } = lookup(req);
    return { json: docs.summary(p, index) };
  });

  router.add('GET', '/api/v1/process/:guid/:segment/threat_intel_hits', 'response', (req) => {
    const { p } = lookup(req);
    const tags = store.tagsOf(p.md5) ?? {};
    const hits = Object.entries(tags).flatMap(([feed, t]) =>
      t.data.map((reportId) => {
        const report = store.reports.find((r) => r['id'] === reportId);
        return {
          feed_id: report?.['feed_id'] ?? null,
          feed_name: feed,
          report_id: reportId,
          report_title: report?.['title'] ?? '',
          report_score: t.score,
          report_link: t.link,
          ioc_type: 'md5',
          ioc_value: p.md5.toLowerCase(),
          sensor_id: p.sensorId,
          hit_count: 1,
        };
      }),
    );
    return { json: hits };
  });

  // a 5.x server has the event API up to v3; 6.x adds v4
  for (const version of six ? [1, 2, 3, 4] : [1, 2, 3]) {
    router.add('GET', `/api/v${version}/process/:guid/:segment/event`, 'response', (req) => {
      const { p, index } = lookup(req);
      return { json: docs.eventDoc(p, index, version) };
    });
  }
}
