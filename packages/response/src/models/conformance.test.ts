// The model conformance checks of @cbapi/test-utils' describeModel (hydrate round trip, raw kept,
// every field readable and listed, unknown fields left alone), run for every part 2 model over the
// recorded documents where they exist and representative documents otherwise.
import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { hydrate } from '@cbapi/core';
import type { BaseModel, JsonObject, ModelClass } from '@cbapi/core';
import { recording } from '../__fixtures__/part2-nock.js';
import { Alert } from './alert.js';
import { BannedHash } from './banned-hash.js';
import { Feed } from './feed.js';
import { FeedAction } from './feed-action.js';
import { IngressFilter } from './ingress-filter.js';
import { Sensor } from './sensor.js';
import { SensorGroup } from './sensor-group.js';
import { Site } from './site.js';
import { StoragePartition } from './storage-partition.js';
import { Team } from './team.js';
import { ThreatReport } from './threat-report.js';
import { ThrottleRule } from './throttle-rule.js';
import { User } from './user.js';
import { Watchlist } from './watchlist.js';
import { WatchlistAction } from './watchlist-action.js';

const UNKNOWN = 'cbapi_conformance_unknown_field';
const partitions = recording<Record<string, JsonObject>>('storage-partition.list.json').body;

const cases: Array<[ModelClass, JsonObject[]]> = [
  [Sensor, [recording<JsonObject>('sensor.get-1.json').body]],
  [Watchlist, recording<JsonObject[]>('watchlist.list.json').body],
  [Feed, recording<JsonObject[]>('feed.list.json').body.slice(0, 12)],
  [StoragePartition, Object.values(partitions)],
  [SensorGroup, [{ id: 1, name: 'Default Group', site_id: 1, sensor_version: 'Manual', team_access: [{ team_id: 1 }], quota_eventlog_bytes: '1073741824', banning_enabled: true, datastore_server: null }]],
  [Site, [{ id: 1, name: 'Default Site' }]],
  [ThrottleRule, [{ id: 1, site_id: 1, from: 8, to: 17, day_of_week: 1, bytes_per_second: 1000.5 }]],
  [WatchlistAction, [{ id: 4, watchlist_id: 11, action_type: 0, action_data: '{"email_recipients":[1]}' }]],
  [FeedAction, [{ id: 9, group_id: 190, watchlist_id: -1, action_type: 3, action_data: '{}' }]],
  [ThreatReport, [{ id: 'RF-1', feed_id: 190, title: 'T', score: '80', is_ignored: 'false', timestamp: 1517900000, iocs: { md5: ['a'] }, tags: ['x'] }]],
  [Alert, [{ unique_id: 'u1', alert_type: 'watchlist.hit.query.process', status: 'Unresolved', alert_severity: 57.5, created_time: '2018-02-06T18:40:06.467Z', sensor_id: 1, segment_id: '1', assigned_to: null }]],
  [BannedHash, [{ md5hash: '7fb55f5a62e78af9b58d08aaeeaef848', text: 'x', enabled: true, timestamp: '2018-02-06 12:44:40.002234-06:00', audit: [], last_block_time: null }]],
  [User, [{ username: 'admin', id: 'admin', first_name: 'A', last_name: 'B', email: 'a@b', global_admin: true, teams: [{ id: 1, name: 'T' }] }]],
  [Team, [{ id: 1, name: 'Analysts', group_access: [{ group_id: 1, access_category: 'Viewer', group_name: 'Default Group' }] }]],
  [IngressFilter, [{ id: 'f1', name: 'n', description: 'd', enabled: true, os_mask: 7, path_filters: ['c:\\x\\*'], create_timestamp: '2018-02-06 12:44:40.002234-06:00' }]],
];

describe.each(cases)('%p conformance', (Model, docs) => {
  const build = (d: JsonObject): BaseModel => hydrate(Model, undefined, structuredClone(d), { fullDoc: true });

  it.each(docs.map((d, i) => [i, d] as const))('document #%i hydrates without loss, keeps raw, lists every field', (_i, doc) => {
    const m = build(doc);
    expect(m.toJSON()).toEqual(doc);
    expect(m.isDirty()).toBe(false);
    expect(m.raw).toEqual(doc);
    expect(Object.keys(m)).not.toContain('raw');
    const listing = String(m);
    expect(inspect(m)).toBe(listing);
    for (const [key, value] of Object.entries(doc)) {
      expect(listing).toContain(`${key.padStart(20)}: `);
      const got = m.get<unknown>(key, '__absent__');
      if (value === null) expect(got).toBe('__absent__');
      else expect(got).not.toBe('__absent__');
    }
    const again = build(m.toJSON());
    expect(again.toJSON()).toEqual(m.toJSON());
  });

  it('leaves unknown fields alone', () => {
    const doc = docs[0] ?? {};
    const m = build({ ...doc, [UNKNOWN]: { nested: [1, 'two'] } });
    expect(m.get(UNKNOWN)).toEqual({ nested: [1, 'two'] });
    expect(m.toJSON()[UNKNOWN]).toEqual({ nested: [1, 'two'] });
    expect(m.isDirty()).toBe(false);
  });
});
