import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator } from '../index.js';
import type { Simulator } from '../index.js';
import { call } from '../__fixtures__/sim-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3, sensors: 10, offlineSensors: 2, tls: false, isolationDelayMs: 20 });
});
afterAll(async () => {
  await sim.close();
});

/** Polls until `check` is true (deadline 5 s). */
async function eventually(check: () => Promise<boolean>, deadlineMs = 5_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('sensors', () => {
  it('filters by hostname, ip and group and answers 500 when nothing matches (CB-15681)', async () => {
    const all = (await call(sim, 'GET', '/api/v1/sensor')).json as { id: number; computer_name: string; network_adapters: string; group_id: number; status: string }[];
    expect(all).toHaveLength(10);
    expect(all.filter((s) => s.status === 'Offline').map((s) => s.id)).toEqual([9, 10]);
    const one = all[3] as (typeof all)[number];
    expect((await call(sim, 'GET', `/api/v1/sensor?hostname=${one.computer_name.toLowerCase()}`)).json.map((s: { id: number }) => s.id)).toEqual([one.id]);
    const ip = one.network_adapters.split(',')[0] ?? '';
    expect((await call(sim, 'GET', `/api/v1/sensor?ip=${ip}`)).json.map((s: { id: number }) => s.id)).toEqual([one.id]);
    const group = (await call(sim, 'GET', `/api/v1/sensor?groupid=${one.group_id}`)).json as { group_id: number }[];
    expect(group.every((s) => s.group_id === one.group_id)).toBe(true);
    expect((await call(sim, 'GET', '/api/v1/sensor?hostname=NO-SUCH-HOST')).status).toBe(500);
    expect((await call(sim, 'GET', '/api/v1/sensor/999')).status).toBe(404);
  });

  it('pages /api/v2/sensor with sort', async () => {
    const page1 = (await call(sim, 'GET', '/api/v2/sensor?start=0&rows=4&sort.col=computer_name&sort.dir=asc')).json;
    const page2 = (await call(sim, 'GET', '/api/v2/sensor?start=4&rows=10&sort.col=computer_name&sort.dir=asc')).json;
    expect(page1.total_results).toBe(10);
    const names = [...page1.results, ...page2.results].map((s: { computer_name: string }) => s.computer_name);
    expect(names).toHaveLength(10);
    expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
  });

  it('isolates after the isolation delay and answers PUT with 204', async () => {
    const doc = (await call(sim, 'GET', '/api/v1/sensor/2')).json;
    const put = await call(sim, 'PUT', '/api/v1/sensor/2', { body: { ...doc, network_isolation_enabled: true, event_log_flush_time: null } });
    expect(put.status).toBe(204);
    const right = (await call(sim, 'GET', '/api/v1/sensor/2')).json;
    expect(right.network_isolation_enabled).toBe(true);
    await eventually(async () => (await call(sim, 'GET', '/api/v1/sensor/2')).json.is_isolating === true);
    await call(sim, 'PUT', '/api/v1/sensor/2', { body: { ...right, network_isolation_enabled: false } });
    await eventually(async () => (await call(sim, 'GET', '/api/v1/sensor/2')).json.is_isolating === false);
  });

  it('accepts an RFC-822 event_log_flush_time and refuses ISO on 6.x; queues restarts', async () => {
    expect((await call(sim, 'PUT', '/api/v1/sensor/3', { body: { event_log_flush_time: 'Tue, 06 Feb 2018 12:44:40 GMT' } })).status).toBe(204);
    expect((await call(sim, 'GET', '/api/v1/sensor/3')).json.event_log_flush_time).toBe('Tue, 06 Feb 2018 12:44:40 GMT');
    expect((await call(sim, 'PUT', '/api/v1/sensor/3', { body: { event_log_flush_time: '2018-02-06T12:44:40Z' } })).status).toBe(500);
    expect((await call(sim, 'PUT', '/api/v1/sensor/3', { body: { restart_queued: true } })).status).toBe(204);
    expect((await call(sim, 'GET', '/api/v1/sensor/3')).json.restart_queued).toBe(true);
    await eventually(async () => (await call(sim, 'GET', '/api/v1/sensor/3')).json.restart_queued === false);
    expect((await call(sim, 'PUT', '/api/v1/sensor/3', { body: { group_id: 999 } })).status).toBe(400);
    expect((await call(sim, 'PUT', '/api/v1/sensor/3', { body: [1] })).status).toBe(400);
  });

  it('answers queued, activity and resource status (204 when offline)', async () => {
    expect((await call(sim, 'GET', '/api/v1/sensor/1/queued')).json[0]).toMatchObject({ sensor_id: 1 });
    expect((await call(sim, 'GET', '/api/v1/sensor/1/activity')).json.length).toBeGreaterThan(0);
    expect((await call(sim, 'GET', '/api/v1/sensor/1/resourcestatus')).status).toBe(200);
    expect((await call(sim, 'GET', '/api/v1/sensor/10/resourcestatus')).status).toBe(204);
  });
});

describe('groups, sites and throttle rules', () => {
  it('returns single groups and sites as one-element arrays and creates with an id reply', async () => {
    expect((await call(sim, 'GET', '/api/group/1')).json).toEqual([expect.objectContaining({ id: 1, name: 'Default Group' })]);
    expect((await call(sim, 'GET', '/api/site/1')).json).toHaveLength(1);
    const created = await call(sim, 'POST', '/api/group', { body: { id: null, name: 'Critical Endpoints', site_id: 1 } });
    expect(created.json).toEqual({ id: expect.any(Number) });
    const group = (await call(sim, 'GET', `/api/group/${created.json.id}`)).json[0];
    expect(group).toMatchObject({ name: 'Critical Endpoints', site_id: 1, alert_criticality: 3 });
    expect((await call(sim, 'PUT', `/api/group/${created.json.id}`, { body: { ...group, alert_criticality: 5 } })).json).toEqual({ result: 'success' });
    expect((await call(sim, 'PUT', '/api/v1/sensor/4', { body: { group_id: created.json.id } })).status).toBe(204);
    expect((await call(sim, 'DELETE', `/api/group/${created.json.id}`)).status).toBe(409);
    expect((await call(sim, 'GET', '/api/group/77')).status).toBe(404);
    expect((await call(sim, 'GET', '/api/throttle')).json[0]).toHaveProperty('bytes_per_second');
    const installer = await call(sim, 'GET', '/api/v1/group/1/installer/windows/exe');
    expect(installer.headers['content-type']).toBe('application/zip');
    expect(installer.raw.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('watchlists', () => {
  it('creates ({"id": N}), reads, updates ({"result":"success"}) and deletes', async () => {
    const created = await call(sim, 'POST', '/api/v1/watchlist', { body: { id: null, index_type: 'events', name: '[WARN] mounts', search_query: 'facet=false&q=process_name%3Anet.exe&cb.urlver=1' } });
    expect(created.json).toEqual({ id: expect.any(Number) });
    const wl = (await call(sim, 'GET', `/api/v1/watchlist/${created.json.id}`)).json;
    expect(wl).toMatchObject({ id: String(created.json.id), name: '[WARN] mounts', enabled: true, total_hits: '0' });
    expect((await call(sim, 'PUT', `/api/v1/watchlist/${wl.id}`, { body: { ...wl, enabled: false } })).json).toEqual({ result: 'success' });
    expect((await call(sim, 'GET', `/api/v1/watchlist/${wl.id}`)).json.enabled).toBe(false);
    const action = await call(sim, 'POST', `/api/v1/watchlist/${wl.id}/action`, { body: { action_type: 3, watchlist_id: Number(wl.id) } });
    expect(action.json).toEqual({ id: expect.any(Number) });
    expect((await call(sim, 'GET', `/api/v1/watchlist/${wl.id}/action`)).json).toHaveLength(1);
    expect((await call(sim, 'DELETE', `/api/v1/watchlist/${wl.id}/action/${action.json.id}`)).json).toEqual({ result: 'success' });
    expect((await call(sim, 'DELETE', `/api/v1/watchlist/${wl.id}`)).json).toEqual({ result: 'success' });
    expect((await call(sim, 'GET', `/api/v1/watchlist/${wl.id}`)).status).toBe(404);
  });

  it('refuses a watchlist with a malformed query or index type', async () => {
    const bad = await call(sim, 'POST', '/api/v1/watchlist', { body: { index_type: 'events', name: 'x', search_query: 'q=(oops' } });
    expect(bad.status).toBe(400);
    expect(bad.json.reason).toMatch(/Invalid query/);
    expect((await call(sim, 'POST', '/api/v1/watchlist', { body: { index_type: 'files', name: 'x', search_query: 'q=a' } })).status).toBe(400);
  });
});

describe('feeds, threat reports and alerts', () => {
  it('creates, synchronizes (409 when disabled) and deletes feeds', async () => {
    const created = await call(sim, 'POST', '/api/v1/feed', { body: { feed_url: 'https://intel.example/feed.json', enabled: true } });
    const id = created.json.id as number;
    expect((await call(sim, 'POST', `/api/v1/feed/${id}/synchronize`, { body: { full_sync: true } })).json).toEqual({ result: 'success' });
    await call(sim, 'PUT', `/api/v1/feed/${id}`, { body: { enabled: false } });
    expect((await call(sim, 'POST', `/api/v1/feed/${id}/synchronize`, { body: { full_sync: true } })).status).toBe(409);
    expect((await call(sim, 'POST', '/api/v1/feed', { body: { feed_url: 'https://feeds.invalid/x' } })).status).toBe(500);
    expect((await call(sim, 'POST', `/api/v1/feed/${id}/action`, { body: { action_type: 0 } })).status).toBe(400);
    expect((await call(sim, 'POST', `/api/v1/feed/${id}/action`, { body: { action_type: 0, watchlist_id: -1, group_id: id } })).json).toEqual({ id: expect.any(Number) });
    expect((await call(sim, 'DELETE', `/api/v1/feed/${id}`)).json).toEqual({ result: 'success' });
  });

  it('updates threat reports by ids and by query', async () => {
    const report = (await call(sim, 'GET', '/api/v1/threat_report?q=feed_id:3&rows=1')).json.results[0];
    expect((await call(sim, 'GET', `/api/v1/feed/3/report/${report.id}`)).json.id).toBe(report.id);
    await call(sim, 'POST', '/api/v1/threat_report', { body: { ids: { '3': [report.id] }, updates: { is_ignored: true } } });
    expect((await call(sim, 'GET', `/api/v1/feed/3/report/${report.id}`)).json.is_ignored).toBe(true);
    await call(sim, 'POST', '/api/v1/threat_report', { body: { query: 'cb.urlver=1&q=feed_id%3A3', updates: { is_ignored: false } } });
    expect((await call(sim, 'GET', '/api/v1/threat_report?q=feed_id:3 is_ignored:true&rows=0')).json.total_results).toBe(0);
  });

  it('changes alerts one by one and in bulk', async () => {
    const open = (await call(sim, 'GET', '/api/v1/alert?q=status:Unresolved&rows=3')).json.results as { unique_id: string }[];
    expect(open.length).toBeGreaterThan(1);
    const [first, ...rest] = open;
    expect((await call(sim, 'POST', `/api/v1/alert/${first?.unique_id ?? ''}`, { body: { ...first, status: 'In Progress' } })).json).toEqual({ result: 'success' });
    await call(sim, 'POST', '/api/v1/alerts', { body: { alert_ids: rest.map((a) => a.unique_id), requested_status: 'Resolved' } });
    const after = (await call(sim, 'GET', `/api/v1/alert?q=unique_id:${rest[0]?.unique_id ?? ''}&rows=1`)).json.results[0];
    expect(after.status).toBe('Resolved');
    expect((await call(sim, 'POST', '/api/v1/alerts', { body: { alert_ids: [first?.unique_id], requested_status: 'Done' } })).status).toBe(400);
  });
});

describe('banned hashes', () => {
  it('caps the unparameterised list at 500 and honours count', async () => {
    expect((await call(sim, 'GET', '/api/v1/banning/blacklist')).json).toHaveLength(500);
    expect((await call(sim, 'GET', '/api/v1/banning/blacklist?count=10000')).json).toHaveLength(620);
  });

  it('bans, refuses a duplicate with 409, disables (erasing text) and re-bans', async () => {
    const md5 = '7FB55F5A62E78AF9B58D08AAEEAEF848';
    expect((await call(sim, 'POST', '/api/v1/banning/blacklist', { body: { md5hash: md5, text: 'banned from API', enabled: true } })).json).toEqual({ result: 'success' });
    const dup = await call(sim, 'POST', '/api/v1/banning/blacklist', { body: { md5hash: md5, text: 'again' } });
    expect(dup.status).toBe(409);
    expect(dup.text).toMatch(/already exists/);
    expect((await call(sim, 'GET', `/api/v1/banning/blacklist/${md5}`)).json).toMatchObject({ md5hash: md5.toLowerCase(), enabled: true, text: 'banned from API' });
    await call(sim, 'DELETE', `/api/v1/banning/blacklist/${md5.toLowerCase()}`);
    expect((await call(sim, 'GET', `/api/v1/banning/blacklist/${md5}`)).json).toMatchObject({ enabled: false, text: '' });
    await call(sim, 'PUT', `/api/v1/banning/blacklist/${md5}`, { body: { text: 'kept' } });
    expect((await call(sim, 'POST', '/api/v1/banning/blacklist', { body: { md5hash: md5 } })).status).toBe(200);
    expect((await call(sim, 'POST', '/api/v1/banning/blacklist', { body: { text: 'no hash' } })).status).toBe(400);
    expect((await call(sim, 'GET', '/api/v1/banning/blacklist/00000000000000000000000000000000')).status).toBe(404);
  });
});

describe('users, teams, partitions, ingress filters, license', () => {
  it('creates users ({"result":"success"}) then reads them with a token', async () => {
    const body = { email: 'jgarman@example.com', first_name: 'Jason', global_admin: false, id: null, last_name: 'Garman', password: 'x', teams: [1], username: 'jgarman' };
    expect((await call(sim, 'POST', '/api/user', { body })).json).toEqual({ result: 'success' });
    const user = (await call(sim, 'GET', '/api/user/jgarman')).json;
    expect(user).toMatchObject({ username: 'jgarman', id: 'jgarman', teams: [{ id: 1, name: 'Analysts' }] });
    expect(user.auth_token).toMatch(/^[0-9a-f]{40}$/);
    expect(user.password).toBeUndefined();
    expect((await call(sim, 'POST', '/api/user', { body })).status).toBe(409);
    expect((await call(sim, 'PUT', '/api/user/jgarman', { body: { ...user, teams: [{ id: 2, name: 'Incident Response' }] } })).json).toEqual({ result: 'success' });
    expect((await call(sim, 'DELETE', '/api/user/jgarman')).json).toEqual({ result: 'success' });
    expect((await call(sim, 'GET', '/api/user/jgarman')).status).toBe(404);
    expect((await call(sim, 'POST', '/api/user', { body: { ...body, username: 'x', teams: [42] } })).status).toBe(400);
  });

  it('creates and edits teams', async () => {
    const created = await call(sim, 'POST', '/api/team', { body: { name: 'Hunters', group_access: [{ group_id: 1, access_category: 'Viewer', group_name: 'Default Group' }] } });
    expect(created.json).toMatchObject({ result: 'success', id: expect.any(Number) });
    expect((await call(sim, 'GET', `/api/team/${created.json.id}`)).json.group_access).toHaveLength(1);
    expect((await call(sim, 'PUT', `/api/team/${created.json.id}`, { body: { group_access: [{ group_id: 9, access_category: 'Viewer' }] } })).status).toBe(400);
    expect((await call(sim, 'GET', '/api/teams')).json.length).toBeGreaterThanOrEqual(3);
  });

  it('rolls, mounts, unmounts and deletes partitions', async () => {
    const before = (await call(sim, 'GET', '/api/v1/storage/events/partition')).json as Record<string, { status: string; name: string }>;
    expect(before['writer']?.status).toBe('hot');
    await call(sim, 'POST', '/api/v1/storage/events/new_partition', { body: null });
    const after = (await call(sim, 'GET', '/api/v1/storage/events/partition')).json as Record<string, { status: string; name: string }>;
    expect(Object.keys(after)).toHaveLength(Object.keys(before).length + 1);
    const warm = Object.values(after).find((p) => p.status === 'warm') as { name: string };
    await call(sim, 'POST', `/api/v1/storage/events/${warm.name}/unmount`, { body: null });
    expect((await call(sim, 'GET', '/api/v1/storage/events/partition')).json[warm.name].status).toBe('cold');
    await call(sim, 'POST', `/api/v1/storage/events/${warm.name}/mount`, { body: null });
    expect((await call(sim, 'DELETE', `/api/v1/storage/events/${warm.name}`)).json).toEqual({ result: 'success' });
    expect((await call(sim, 'DELETE', '/api/v1/storage/events/writer')).status).toBe(409);
    expect((await call(sim, 'POST', '/api/v1/storage/events/nope/mount', { body: null })).status).toBe(404);
  });

  it('creates ingress filters from an array and answers an array of ids', async () => {
    const reply = await call(sim, 'POST', '/api/v1/ingress_whitelist', { body: [{ id: 'my-filter', name: 'mine', description: 'test' }] });
    expect(reply.json).toEqual(['my-filter']);
    expect((await call(sim, 'GET', '/api/v1/ingress_whitelist/my-filter')).json).toMatchObject({ name: 'mine', os_mask: 7 });
    expect((await call(sim, 'POST', '/api/v1/ingress_whitelist', { body: { name: 'x' } })).status).toBe(400);
    expect((await call(sim, 'PUT', '/api/v1/ingress_whitelist/my-filter', { body: { enabled: false } })).json).toEqual({ result: 'success' });
    expect((await call(sim, 'DELETE', '/api/v1/ingress_whitelist/my-filter')).json).toEqual({ result: 'success' });
  });

  it('answers the license request and accepts a license block', async () => {
    expect((await call(sim, 'GET', '/api/license')).json.license_request_block).toContain('BEGIN CB LICENSE REQUEST');
    expect((await call(sim, 'POST', '/api/license', { body: { license: '-----BEGIN CB LICENSE-----\nabc\n-----END CB LICENSE-----' } })).json).toEqual({ status: 'success' });
    expect((await call(sim, 'POST', '/api/license', { body: { license: 'garbage' } })).status).toBe(400);
  });
});
