// Seed chapter 4.5.1 (download a binary), 4.5.2 (ban it), 4.5.3 (isolate a sensor) and 4.5.9
// (administrative tasks) against the simulator (6.2), comparing requests with the seed's logs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { unzipSync } from 'fflate';
import { ServerError } from '@cbapi/core';
import { Binary } from '../src/models/binary.js';
import { BannedHash } from '../src/models/banned-hash.js';
import { Sensor } from '../src/models/sensor.js';
import { SensorGroup } from '../src/models/sensor-group.js';
import { User } from '../src/models/user.js';
import { seedEnv, seedLine, type SeedEnv } from './seed-simulator.js';

let env: SeedEnv;
let dir: string;
beforeAll(async () => {
  env = await seedEnv();
  dir = mkdtempSync(join(tmpdir(), 'cbapi-seed-bin-'));
});
afterAll(async () => {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A binary the server has a copy of and that is not banned yet (found before the example runs). */
async function unbannedBinary(): Promise<string> {
  for await (const b of env.cb.select(Binary).where('is_executable_image:true')) {
    if ((await b.banned()) === false) return b.md5;
  }
  throw new Error('the simulator has no unbanned executable');
}

describe('4.5.1 Download a Binary and 4.5.2 Ban a Binary', () => {
  it('streams filedata to disk ("MZ"), then bans the hash', async () => {
    const md5 = await unbannedBinary();
    let mark = env.mark();
    const binary = await env.cb.select(Binary, md5);
    const target = join(dir, binary.original_filename || 'binary.bin');
    await pipeline(await binary.file(), createWriteStream(target));
    expect(readFileSync(target).subarray(0, 2).toString()).toBe('MZ');
    // the same bytes as the archive's filedata member (the simulator truncates large files at 2 MiB)
    const zip = Buffer.concat(await (await binary.file({ raw: true })).toArray());
    expect(readFileSync(target).equals(Buffer.from(unzipSync(zip)['filedata'] ?? []))).toBe(true);
    expect(env.since(mark)).toEqual([seedLine(`GET /api/v1/binary/${md5}/summary`), seedLine(`GET /api/v1/binary/${md5}`), seedLine(`GET /api/v1/binary/${md5}`)]);

    mark = env.mark();
    const bh = env.cb.create(BannedHash);
    bh.md5hash = binary.md5;
    bh.text = 'Banned from API';
    bh.enabled = true;
    await bh.save();
    expect(env.since(mark)).toEqual([seedLine('POST /api/v1/banning/blacklist'), seedLine(`GET /api/v1/banning/blacklist/${md5}`)]);
    const posted = env.sim.requests.at(-2)?.body as Record<string, unknown>;
    expect(posted).toMatchObject({ md5hash: md5, text: 'Banned from API', enabled: true });
    expect(await binary.banned()).not.toBe(false);

    // "if the hash is already banned ... you will receive a ServerError"
    const again = env.cb.create(BannedHash);
    again.md5hash = binary.md5;
    again.text = 'twice';
    again.enabled = true;
    await expect(again.save()).rejects.toThrow(ServerError);
  });
});

describe('4.5.3 Isolate a Sensor', () => {
  it('isolates and unisolates with PUT then GET polls', async () => {
    const some = await env.cb.select(Sensor).first();
    const hostname = String(some?.get('computer_name'));
    const mark = env.mark();
    const sensor = await env.cb.select(Sensor).where(`hostname:${hostname}`).first();
    if (!sensor) throw new Error('no sensor');
    expect(await sensor.isolate({ timeout: 10_000, minDelayMs: 10, maxDelayMs: 20 })).toBe(true);
    expect(await sensor.unisolate({ timeout: 10_000, minDelayMs: 10, maxDelayMs: 20 })).toBe(true);
    const id = String(sensor.get('id'));
    const sent = env.since(mark);
    expect(sent[0]).toBe(seedLine(`GET /api/v1/sensor?hostname=${encodeURIComponent(hostname)}`));
    expect(new Set(sent.slice(1))).toEqual(new Set([seedLine(`PUT /api/v1/sensor/${id}`), seedLine(`GET /api/v1/sensor/${id}`)]));
    expect(sent.filter((l) => l.startsWith('PUT'))).toHaveLength(2);
  });
});

describe('4.5.9 Administrative Tasks', () => {
  it('creates a user, creates a sensor group and moves a sensor into it', async () => {
    let mark = env.mark();
    const user = env.cb.create(User);
    user.username = 'jgarman';
    user.password = 'cbisawesome';
    user.first_name = 'Jason';
    user.last_name = 'Garman';
    user.email = 'jgarman@carbonblack.com';
    user.teams = [];
    user.global_admin = false;
    await user.save();
    const userCalls = env.since(mark);
    expect(userCalls[0]).toBe(seedLine('POST /api/user'));
    expect(userCalls.slice(1).every((l) => l === seedLine('GET /api/user/jgarman'))).toBe(true);

    mark = env.mark();
    const sg = env.cb.create(SensorGroup);
    sg.name = 'Critical Endpoints';
    sg.site = 1;
    await sg.save();
    const gid = String(sg.get('id'));
    expect(env.since(mark)).toEqual([seedLine('POST /api/group'), seedLine(`GET /api/group/${gid}`)]);

    const hostname = String((await env.cb.select(Sensor).first())?.get('computer_name'));
    mark = env.mark();
    const sensor = await env.cb.select(Sensor).where(`hostname:${hostname}`).first();
    if (!sensor) throw new Error('no sensor');
    sensor.group = sg;
    await sensor.save();
    const id = String(sensor.get('id'));
    expect(env.since(mark)).toEqual([seedLine(`GET /api/v1/sensor?hostname=${encodeURIComponent(hostname)}`), seedLine(`PUT /api/v1/sensor/${id}`), seedLine(`GET /api/v1/sensor/${id}`)]);
    expect((await env.cb.select(Sensor, Number(id), { forceInit: true })).get('group_id')).toBe(Number(gid));
  });
});
