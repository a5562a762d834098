import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator } from '../index.js';
import type { Simulator } from '../index.js';
import { call } from '../__fixtures__/sim-client.js';
import { parseGuid } from '../world/guid.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 2, sensors: 8, processesPerSensor: 30, tls: false });
});
afterAll(async () => {
  await sim.close();
});

const search = async (kind: string, query: Record<string, string | string[]>) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
  return call(sim, 'GET', `/api/v1/${kind}?${qs.toString()}`);
};

describe('process search', () => {
  it('filters by the query and reports total_results', async () => {
    const all = await search('process', { 'cb.urlver': '1', facet: 'false', q: '', rows: '0', start: '0' });
    const cmd = await search('process', { q: 'process_name:svchost.exe', rows: '500', start: '0', sort: 'last_update desc' });
    expect(cmd.json.total_results).toBeGreaterThan(0);
    expect(cmd.json.total_results).toBeLessThan(all.json.total_results);
    expect(cmd.json.results).toHaveLength(cmd.json.total_results);
    for (const r of cmd.json.results) expect(r.process_name).toBe('svchost.exe');
    const dates = cmd.json.results.map((r: { last_update: string }) => r.last_update);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('builds GUIDs from sensor, pid and start, with children starting after their parents', async () => {
    const r = await search('process', { q: 'parent_name:explorer.exe', rows: '50', start: '0' });
    expect(r.json.results.length).toBeGreaterThan(0);
    for (const p of r.json.results) {
      const parts = parseGuid(p.id);
      expect(parts).toMatchObject({ sensorId: p.sensor_id, pid: p.process_pid, startMs: Date.parse(p.start) });
      expect(p.unique_id).toMatch(new RegExp(`^${p.id}-[0-9a-f]{12}$`));
      const parent = await call(sim, 'GET', `/api/v1/process/${p.parent_id}/0`);
      expect(Date.parse(parent.json.process.start)).toBeLessThan(Date.parse(p.start));
    }
  });

  it('pages with start/rows without repeating or skipping, with and without sort', async () => {
    for (const sort of [undefined, 'last_update desc', 'process_name asc']) {
      const total = (await search('process', { q: 'os_type:windows', rows: '0', start: '0' })).json.total_results as number;
      const seen: string[] = [];
      for (let start = 0; start < total; start += 37) {
        const page = await search('process', { q: 'os_type:windows', rows: '37', start: String(start), ...(sort ? { sort } : {}) });
        expect(page.json.start).toBe(start);
        seen.push(...page.json.results.map((r: { unique_id: string }) => r.unique_id));
      }
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
    }
  });

  it('answers facets with name, value, ratio and percent', async () => {
    const r = await search('process', { 'cb.urlver': '1', facet: 'true', 'facet.field': ['process_name', 'hostname'], q: 'os_type:windows', rows: '0', start: '0' });
    const terms = r.json.facets.process_name as { name: string; value: number; ratio: number; percent: number }[];
    expect(Object.keys(r.json.facets).sort()).toEqual(['hostname', 'process_name']);
    expect(terms.reduce((sum, t) => sum + t.value, 0)).toBe(r.json.total_results);
    expect(terms[0]?.percent).toBe(100);
    for (const t of terms) expect(t.ratio).toBeCloseTo((t.value / r.json.total_results) * 100, 0);
    const top = terms[0] as { name: string; value: number };
    expect((await search('process', { q: `os_type:windows process_name:${top.name}`, rows: '0' })).json.total_results).toBe(top.value);
  });

  it('groups segments with cb.group=id and filters by last_update bounds', async () => {
    const all = await search('process', { q: '', rows: '10000', start: '0' });
    const grouped = await search('process', { q: '', rows: '10000', start: '0', 'cb.group': 'id' });
    const ids = grouped.json.results.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(grouped.json.all_segments).toBe(false);
    expect(all.json.total_results).toBeGreaterThan(grouped.json.total_results);
    const cut = '2018-02-05T00:00:00Z';
    const recent = await search('process', { q: '', rows: '10000', 'cb.min_last_update': cut });
    expect(recent.json.total_results).toBeGreaterThan(0);
    for (const r of recent.json.results) expect(Date.parse(r.last_update)).toBeGreaterThanOrEqual(Date.parse(cut));
    expect((await search('process', { q: '', 'cb.min_last_update': 'yesterday' })).status).toBe(400);
  });

  it('searches event fields, cb.q.* parameters and accepts comprehensive_search / legacy mode', async () => {
    const net = await search('process', { q: 'domain:update.evil-cdn.net or childproc_name:net.exe', rows: '5', comprehensive_search: 'true', 'cb.legacy_5x_mode': 'True' });
    expect(net.status).toBe(200);
    const wl = await search('process', { 'cb.urlver': '1', q: 'process_name:cmd.exe', 'cb.q.username': 'nt authority\\system', rows: '100' });
    for (const r of wl.json.results) expect(r.username.toLowerCase()).toBe('nt authority\\system');
  });

  it.each([
    ['q', '(process_name:cmd.exe', /Invalid query: missing "\)"/],
    ['q', 'nosuchfield:1', /Invalid query: undefined field nosuchfield/],
    ['sort', 'nosuch desc', /sort param field can't be found/],
    ['rows', 'ten', /invalid value for rows/],
  ])('answers HTTP 400 with a reason for a malformed %s', async (name, value, reason) => {
    const reply = await search('process', { q: '', [name]: value });
    expect(reply.status).toBe(400);
    expect(reply.json.reason).toMatch(reason);
  });
});

describe('binary, alert and threat report search', () => {
  it('searches binaries by signature, ranges and tags', async () => {
    const signed = await search('binary', { q: 'digsig_result:Signed is_executable_image:false', rows: '1000' });
    for (const b of signed.json.results) {
      expect(b.digsig_result).toBe('Signed');
      expect(b.is_executable_image).toBe(false);
    }
    const big = await search('binary', { q: 'orig_mod_len:[1000000 TO *]', rows: '1000' });
    for (const b of big.json.results) expect(b.orig_mod_len).toBeGreaterThanOrEqual(1_000_000);
    const tagged = await search('binary', { q: 'alliance_score_srsthreat:[50 TO *]', rows: '10' });
    expect(tagged.json.total_results).toBeGreaterThan(0);
    for (const b of tagged.json.results) expect(b.alliance_score_srsthreat).toBeGreaterThanOrEqual(50);
    const first = (await search('binary', { q: '', rows: '1' })).json.results[0];
    expect(first.md5).toMatch(/^[0-9A-F]{32}$/);
    expect(first.endpoint[0]).toMatch(/^[^|]+\|\d+$/);
  });

  it('pages alerts and filters by status', async () => {
    const open = await search('alert', { q: '-status:Resolved', rows: '500', start: '0' });
    expect(open.json.total_results).toBeGreaterThan(0);
    for (const a of open.json.results) expect(a.status).not.toBe('Resolved');
    const faceted = await search('alert', { q: '', facet: 'true', 'facet.field': 'status', rows: '0' });
    expect(faceted.json.facets.status.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['Unresolved', 'Resolved']));
  });

  it('finds threat reports of a feed', async () => {
    const reports = await search('threat_report', { q: 'feed_id:3', rows: '100' });
    expect(reports.json.total_results).toBeGreaterThan(0);
    for (const r of reports.json.results) expect(r.feed_id).toBe(3);
  });
});

describe('process detail routes (6.x)', () => {
  it('answers the summary, segments, events and threat intel hits', async () => {
    const explorer = (await search('process', { q: 'process_name:explorer.exe childproc_count:[1 TO *]', rows: '1' })).json.results[0];
    const summary = await call(sim, 'GET', `/api/v1/process/${explorer.id}/0`);
    expect(Object.keys(summary.json).sort()).toEqual(['children', 'parent', 'process', 'siblings']);
    expect(summary.json.parent.process_name).toBe('userinit.exe');
    expect(summary.json.children.length).toBeGreaterThan(0);
    for (const c of summary.json.children) expect(c.parent_id).toBe(explorer.id);
    const segments = await call(sim, 'GET', `/api/v1/process/${explorer.id}/segment`);
    const uniqueIds = segments.json.process.segments.map((s: { unique_id: string }) => s.unique_id);
    expect(uniqueIds).toContain(explorer.unique_id);
    const events = await call(sim, 'GET', `/api/v4/process/${explorer.id}/0/event`);
    const proc = events.json.process;
    expect(proc.modload_complete[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}\|[0-9a-f]{32}\|c:\\windows\\system32\\.+\.dll$/);
    expect(proc.modload_complete).toHaveLength(proc.modload_count);
    const child = proc.childproc_complete[0];
    expect(child).toMatchObject({ type: expect.stringMatching(/^(start|end)$/), is_suppressed: false });
    expect(typeof child.processId).toBe('string');
    const v1 = await call(sim, 'GET', `/api/v1/process/${explorer.id}/0/event`);
    expect(v1.json.process.childproc_complete[0]).toMatch(/^[^|]+\|[0-9a-f-]{36}\|[0-9a-f]{32}\|.+\|\d+\|(true|false)\|false$/);
    const hits = await call(sim, 'GET', `/api/v1/process/${explorer.id}/0/threat_intel_hits`);
    expect(hits.json).toEqual([]);
    expect((await call(sim, 'GET', `/api/v1/process/${explorer.id}/12345/event`)).status).toBe(404);
    expect((await call(sim, 'GET', '/api/v1/process/00000001-0000-0000-0000-000000000001/0')).status).toBe(404);
  });

  it('formats netconn per API version', async () => {
    const chrome = (await search('process', { q: 'netconn_count:[1 TO *]', rows: '1' })).json.results[0];
    const v4 = (await call(sim, 'GET', `/api/v4/process/${chrome.id}/0/event`)).json.process.netconn_complete[0];
    const v2 = (await call(sim, 'GET', `/api/v2/process/${chrome.id}/0/event`)).json.process.netconn_complete[0];
    const v1 = (await call(sim, 'GET', `/api/v1/process/${chrome.id}/0/event`)).json.process.netconn_complete[0];
    expect(typeof v4.remote_ip).toBe('string');
    expect(typeof v2.remote_ip).toBe('number');
    expect(v4.direction).toMatch(/^(true|false)$/);
    expect(v1).toMatch(/^[^|]+\|-?\d+\|\d+\|(6|17)\|[^|]*\|(true|false)$/);
  });

  it('shows processes started and ended in the world (Live Response) in searches and summaries', async () => {
    const p = sim.world.spawnProcess(1, { path: 'c:\\windows\\system32\\notepad.exe', cmdline: 'notepad.exe c:\\temp\\x.txt' });
    const found = await search('process', { q: `process_name:notepad.exe sensor_id:1`, rows: '100' });
    expect(found.json.results.map((r: { id: string }) => r.id)).toContain(p.guid);
    const parent = (await call(sim, 'GET', `/api/v1/process/${p.parentGuid}/0`)).json;
    expect(parent.children.map((c: { id: string }) => c.id)).toContain(p.guid);
    expect(sim.world.terminateProcess(1, p.pid)).toBe(true);
    const ended = (await call(sim, 'GET', `/api/v1/process/${p.guid}/0`)).json.process;
    expect(ended.terminated).toBe(true);
    const events = (await call(sim, 'GET', `/api/v4/process/${p.parentGuid}/0/event`)).json.process.childproc_complete as { processId: string; type: string }[];
    expect(events.filter((e) => e.processId === p.guid).map((e) => e.type)).toEqual(['start', 'end']);
  });

  it('answers binary frequency', async () => {
    const p = (await search('process', { q: 'process_name:lsass.exe', rows: '1' })).json.results[0];
    const freq = await call(sim, 'GET', `/api/v1/process/host/count?cb.freqver=1&md5=${p.process_md5.toUpperCase()}&name=md5`);
    expect(freq.json.hostCount).toBeGreaterThan(0);
    expect(freq.json.globalCount).toBeGreaterThanOrEqual(freq.json.hostCount);
    expect(freq.json.numDocs).toBeGreaterThan(freq.json.globalCount);
  });
});

describe('a 5.x server (serverVersion 5.2.0...)', () => {
  it('numbers segments from 1, uses 8-hex suffixes, has no segment route and no cb.group', async () => {
    const old = await startSimulator({ seed: 2, sensors: 3, tls: false, serverVersion: '5.2.0.161004.1206' });
    try {
      const token = { token: old.tokens.response };
      expect((await call(old, 'GET', '/api/info', token)).json.version).toBe('5.2.0.161004.1206');
      const r = (await call(old, 'GET', '/api/v1/process?q=childproc_count:[1%20TO%20*]&rows=10', token)).json;
      expect(r.comprehensive_search).toBeUndefined();
      const p = r.results[0];
      expect(p.segment_id).toBe(1);
      expect(p.unique_id).toMatch(/^[0-9a-f-]{36}-00000001$/);
      const events = await call(old, 'GET', `/api/v3/process/${p.id}/1/event`, token);
      expect(typeof events.json.process.childproc_complete[0]).toBe('object');
      expect((await call(old, 'GET', `/api/v4/process/${p.id}/1/event`, token)).status).toBe(404);
      expect((await call(old, 'GET', `/api/v1/process/${p.id}/segment`, token)).status).toBe(404);
      expect((await call(old, 'GET', `/api/v1/process/${p.id}/0`, token)).status).toBe(404);
      expect((await call(old, 'GET', '/api/v1/storage/events/partition', token)).status).toBe(404);
    } finally {
      await old.close();
    }
  });
});
