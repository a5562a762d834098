import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServerError } from '@cbapi/core';
import { BannedHash } from '../src/models/banned-hash.js';
import { served, startSim, type SimSession } from './seed-simulator.js';

let env: SimSession;
beforeAll(async () => {
  env = await startSim({ bannedHashes: 620 });
});
afterAll(async () => {
  await env.close();
});

describe('Banned hashes against the simulator', () => {
  it('lists more than 500 with count=10000', async () => {
    const { cb, sim } = env;
    const mark = sim.requests.length;
    const all = await cb.select(BannedHash).toArray();
    expect(all.length).toBe(620);
    expect(served(sim, mark)).toEqual(['GET /api/v1/banning/blacklist?count=10000']);
  });

  it('bans a hash (seed 4.5.2), refuses a second ban with the server 409, disables keeping the text', async () => {
    const { cb, sim } = env;
    const md5 = '7FB55F5A62E78AF9B58D08AAEEAEF848';
    const bh = cb.create(BannedHash);
    bh.md5hash = md5;
    bh.text = 'Banned from API';
    bh.enabled = true;
    const mark = sim.requests.length;
    await bh.save();
    expect(served(sim, mark)).toEqual(['POST /api/v1/banning/blacklist', `GET /api/v1/banning/blacklist/${md5}`]);
    expect(sim.requests[mark]?.body).toMatchObject({ md5hash: md5, text: 'Banned from API', enabled: true });
    const twice = cb.create(BannedHash, { md5hash: md5, text: 'again', enabled: true });
    const err = await twice.save().catch((e: unknown) => e);
    expect(ServerError.isInstance(err)).toBe(true);
    expect((err as ServerError).status).toBe(409);
    expect(String((err as ServerError).serverMessage ?? (err as Error).message)).toMatch(/already/i);
    bh.enabled = false;
    const m2 = sim.requests.length;
    await bh.save();
    const lower = md5.toLowerCase();
    expect(served(sim, m2).map((l) => l.toLowerCase())).toEqual([`delete /api/v1/banning/blacklist/${lower}`, `put /api/v1/banning/blacklist/${lower}`, `get /api/v1/banning/blacklist/${lower}`]);
    expect(bh.enabled).toBe(false);
    expect(bh.text).toBe('Banned from API');
    bh.enabled = true;
    await bh.save();
    expect(bh.enabled).toBe(true);
    const byId = await cb.select(BannedHash, md5);
    expect(byId.md5hash.toUpperCase()).toBe(md5);
  });
});
