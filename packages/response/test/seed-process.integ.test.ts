// Seed chapter 4.5.4 (processes, walk_parents, group_by and time filters), 4.5.7 (joining
// everything) and 4.5.8 (facets), run against the simulator; the requests are compared with the
// seed's debug logs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Process } from '../src/models/process.js';
import { V5, V61, seedEnv, seedLine, type SeedEnv } from './seed-simulator.js';

describe('4.5.4 Querying Processes and Events (5.x server: /api/v3 events, segment 1)', () => {
  let env: SeedEnv;
  beforeAll(async () => {
    env = await seedEnv({ serverVersion: V5 });
  });
  afterAll(async () => {
    await env.close();
  });

  it('iterates net.exe processes and walks their parents, each parent read once', async () => {
    const { cb } = env;
    const mark = env.mark();
    const query = cb.select(Process).where('process_name:net.exe').groupBy('id');
    const lines: string[] = [];
    const walked = new Set<string>();
    const printDetails = (proc: Process, depth: number): void => {
      lines.push(`${' '.repeat(depth)}${proc.start?.toISOString()}: ${proc.username} ran ${proc.cmdline}`);
    };
    let count = 0;
    for await (const proc of query) {
      count++;
      printDetails(proc, 0);
      await proc.walkParents((p, depth) => {
        walked.add(p.guid);
        printDetails(p, depth + 1);
      });
    }
    expect(count).toBeGreaterThan(0);
    expect(walked.size).toBeGreaterThan(0);
    const sent = env.since(mark);
    // The search exactly as logged (group_by is a no-op before 6.0, so no cb.group on 5.x).
    expect(sent[0]).toBe(seedLine('GET /api/v1/process?cb.urlver=1&facet=false&q=process_name%3Anet.exe&rows=100&sort=last_update+desc&start=0'));
    const events = sent.filter((l) => l.includes('/event'));
    expect(sent.filter((l) => !l.includes('/event') && !l.startsWith('GET /api/v1/process?'))).toEqual([]);
    // every event read is the v3 route of segment 1, and no process is read twice (the cache)
    for (const l of events) expect(l).toMatch(/^GET \/api\/v3\/process\/[0-9a-f-]{36}\/1\/event$/);
    expect(new Set(events).size).toBe(events.length);
    // every parent the walk reached was read (plus at most one top-of-chain read per chain)
    for (const g of walked) expect(events).toContain(`GET /api/v3/process/${g}/1/event`);
    expect(lines.length).toBeGreaterThanOrEqual(count + walked.size);
  });
});

describe('4.5.4 New Filters: Group By, Time Restrictions (6.1 server)', () => {
  let env: SeedEnv;
  beforeAll(async () => {
    env = await seedEnv({ serverVersion: V61 });
  });
  afterAll(async () => {
    await env.close();
  });

  it('min_last_update sends cb.min_last_update; group_by("id") adds cb.group=id and gives one result per process', async () => {
    const { cb, sim } = env;
    const yesterday = new Date(sim.world.clock.now() - 86_400_000);
    const stamp = yesterday.toISOString().replace(/\.\d{3}Z$/, 'Z');
    let mark = env.mark();
    const segments: string[] = [];
    for await (const proc of cb.select(Process).where('process_name:cmd.exe').minLastUpdate(yesterday)) segments.push(`${proc.id} ${proc.segment}`);
    expect(env.since(mark)[0]).toBe(seedLine(`GET /api/v1/process?cb.min_last_update=${encodeURIComponent(stamp)}&cb.urlver=1&facet=false&q=process_name%3Acmd.exe&rows=100&sort=last_update+desc&start=0`));
    mark = env.mark();
    const grouped: string[] = [];
    for await (const proc of cb.select(Process).where('process_name:cmd.exe').minLastUpdate(yesterday).groupBy('id')) grouped.push(proc.id);
    expect(env.since(mark)[0]).toBe(seedLine(`GET /api/v1/process?cb.group=id&cb.min_last_update=${encodeURIComponent(stamp)}&cb.urlver=1&facet=false&q=process_name%3Acmd.exe&rows=100&sort=last_update+desc&start=0`));
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(new Set(segments.map((s) => s.split(' ')[0])).size).toBe(grouped.length);
  });
});

describe('4.5.7 Joining Everything Together (5.x server)', () => {
  let env: SeedEnv;
  beforeAll(async () => {
    env = await seedEnv({ serverVersion: V5 });
  });
  afterAll(async () => {
    await env.close();
  });

  it('joins process → sensor → group and binary, each object read once', async () => {
    const { cb } = env;
    const mark = env.mark();
    const out: string[] = [];
    const printDetails = async (proc: Process, depth: number): Promise<void> => {
      const sensor = await proc.sensor();
      const group = await sensor?.group();
      out.push(`${' '.repeat(depth)}On host ${String(proc.hostname)} (part of sensor group ${String(group?.get('name'))}):`);
      out.push(`- At ${proc.start?.toISOString()}, process ${proc.cmdline} was executed by ${proc.username}`);
      const binary = await proc.binary();
      if (binary?.signed) {
        const signed = binary.signingData.signTime;
        const days = signed ? Math.floor((proc.start.getTime() - signed.getTime()) / 86_400_000) : undefined;
        out.push(`- That binary (${proc.process_md5}) was signed by ${String(binary.signingData.publisher)} ${String(days)} days before it was executed.`);
      }
    };
    for await (const proc of cb.select(Process).where('process_name:net.exe')) {
      await printDetails(proc, 0);
      await proc.walkParents(printDetails);
    }
    expect(out.some((l) => l.includes('part of sensor group'))).toBe(true);
    const sent = env.since(mark);
    expect(sent[0]).toBe(seedLine('GET /api/v1/process?cb.urlver=1&facet=false&q=process_name%3Anet.exe&rows=100&sort=last_update+desc&start=0'));
    const objectReads = sent.filter((l) => !l.startsWith('GET /api/v1/process?'));
    expect(new Set(objectReads).size).toBe(objectReads.length);
    for (const l of objectReads) {
      expect(l).toMatch(/^GET (\/api\/v1\/sensor\/\d+|\/api\/group\/\d+|\/api\/v1\/binary\/[0-9A-F]{32}\/summary|\/api\/v3\/process\/[0-9a-f-]{36}\/1\/event)$/);
    }
    expect(objectReads.some((l) => l.startsWith('GET /api/v1/sensor/'))).toBe(true);
    expect(objectReads.some((l) => l.startsWith('GET /api/group/'))).toBe(true);
  });
});

describe('4.5.8 Facets (6.x server)', () => {
  let env: SeedEnv;
  beforeAll(async () => {
    env = await seedEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('one request with both facet fields; terms with name, value, ratio and percent', async () => {
    const { cb } = env;
    const host = (await cb.select(Process).first())?.hostname ?? '';
    const mark = env.mark();
    const facets = await cb.select(Process).where(`hostname:${host}`).facets('process_name', 'username');
    expect(env.since(mark)).toEqual([
      seedLine(`GET /api/v1/process?cb.urlver=1&facet=true&facet.field=process_name&facet.field=username&q=hostname%3A${encodeURIComponent(host)}&rows=0&start=0`),
    ]);
    const names = facets['process_name'] ?? [];
    expect(names.length).toBeGreaterThan(0);
    for (const t of names) {
      expect(typeof t.name).toBe('string');
      expect(t.value).toBeGreaterThan(0);
      expect(t.ratio).toBeGreaterThan(0);
      expect(t.percent).toBeGreaterThan(0);
    }
    expect(Object.keys(facets).sort()).toEqual(['process_name', 'username']);
  });
});
