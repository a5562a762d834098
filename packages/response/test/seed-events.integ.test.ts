// Event formats of every server generation, read from the simulator: v1 (< 5.1) pipe strings,
// v2 (5.1) and v3 (5.2–5.x) JSON netconns, v3/v4 JSON childprocs, 6.x v4 events; plus the
// child walk. No event line may be reported malformed.
import { describe, expect, it } from '@jest/globals';
import type { MalformedEvent, ProcessEvent } from '../src/events/process-event.js';
import { Process } from '../src/models/process.js';
import { seedEnv } from './seed-simulator.js';

const versions: Array<[string, number, number]> = [
  ['5.0.0.150525', 1, 1],
  ['5.1.1.60603', 2, 1],
  ['5.2.0.161004.1206', 3, 1],
  ['6.2.0.171114.1158', 4, 0],
];

describe.each(versions)('events from a %s server', (version, api, segment) => {
  it(`reads /api/v${api} events of segment ${segment} with no malformed line`, async () => {
    const env = await seedEnv({ serverVersion: version, sensors: 2 });
    try {
      const { cb } = env;
      const procs = await cb.select(Process).where('process_name:explorer.exe').slice(0, 2);
      expect(procs.length).toBeGreaterThan(0);
      const malformed: MalformedEvent[] = [];
      const kinds = new Set<string>();
      for (const proc of procs) {
        const mark = env.mark();
        const events: ProcessEvent[] = await proc.allEvents({ onMalformed: (m) => malformed.push(m) });
        for (const e of events) kinds.add(e.kind);
        for (let i = 1; i < events.length; i++) expect(events[i]!.timestamp.getTime()).toBeGreaterThanOrEqual(events[i - 1]!.timestamp.getTime());
        const sent = env.since(mark);
        for (const l of sent.filter((x) => x.includes('/event'))) expect(l).toMatch(new RegExp(`^GET /api/v${api}/process/[0-9a-f-]{36}/\\d+/event$`));
        for (const e of events) {
          if (e.kind === 'netconn') expect(e.remoteIp).toMatch(/^[0-9a-f.:]+$/i);
          if (e.kind === 'childproc') expect(e.procguid).toMatch(/^[0-9a-f-]{36}$/);
        }
      }
      expect(malformed).toEqual([]);
      expect(kinds.has('modload')).toBe(true);
      expect(kinds.has('childproc')).toBe(true);
      // the child walk from the process's default segment: every child read once
      const root = await cb.select(Process, procs[0]!.guid);
      const mark = env.mark();
      const seen: string[] = [];
      await root.walkChildren((child, depth) => {
        seen.push(`${depth} ${child.guid}`);
      }, { maxDepth: 1 });
      expect(seen.length).toBeGreaterThan(0);
      const reads = env.since(mark);
      expect(new Set(reads).size).toBe(reads.length);
    } finally {
      await env.close();
    }
  });
});

describe('summary from the simulator', () => {
  it('reads /api/v1/process/<guid>/<default segment> with the parent and children', async () => {
    const env = await seedEnv({ sensors: 2 });
    try {
      const [proc] = await env.cb.select(Process).where('process_name:explorer.exe').slice(0, 1);
      const mark = env.mark();
      const summary = await proc!.summary();
      expect(env.since(mark)).toEqual([`GET /api/v1/process/${proc!.guid}/0`]);
      expect(summary.process['process_name']).toBe('explorer.exe');
      expect(Array.isArray(summary.children)).toBe(true);
      await proc!.summary();
      expect(env.since(mark)).toHaveLength(1);
    } finally {
      await env.close();
    }
  });
});
