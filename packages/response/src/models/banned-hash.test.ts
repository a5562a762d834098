import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { InvalidHashError, InvalidObjectError, ServerError } from '@cbapi/core';
import { capture, connect, server } from '../__fixtures__/part2-nock.js';
import { BannedHash } from './banned-hash.js';

const MD5 = '7FB55F5A62E78AF9B58D08AAEEAEF848';
const doc = {
  md5hash: MD5.toLowerCase(), text: 'Banned from API', enabled: true, username: 'admin', user_id: 1, timestamp: '2018-02-06 12:44:40.002234-06:00',
  block_count: 2, last_block_time: '2018-02-06 13:00:00.000000-06:00', last_block_sensor_id: 1, last_block_hostname: 'WIN7', audit: [{ enabled: true }],
};

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

describe('BannedHash list', () => {
  it('asks for count=10000 so more than 500 come back', async () => {
    const cb = await connect();
    const list = Array.from({ length: 620 }, (_, i) => ({ ...doc, md5hash: i.toString(16).padStart(32, '0') }));
    server().get('/api/v1/banning/blacklist').query({ count: '10000' }).reply(200, list);
    const all = await cb.select(BannedHash).toArray();
    expect(all).toHaveLength(620);
    expect(all[1]?.block_count).toBe(2);
    expect(all[1]?.timestamp.toISOString()).toBe('2018-02-06T18:44:40.002Z');
    expect(all[1]?.audit).toEqual([{ enabled: true }]);
    await cb.close();
  });
});

describe('BannedHash saves', () => {
  it('bans: POST the full document with md5hash, then GET (seed 4.5.2)', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .post('/api/v1/banning/blacklist', capture(bodies)).reply(200, { result: 'success' })
      .get(`/api/v1/banning/blacklist/${MD5}`).reply(200, doc);
    const bh = cb.create(BannedHash);
    bh.md5hash = MD5;
    bh.text = 'Banned from API';
    bh.enabled = true;
    await bh.save();
    expect(bodies).toEqual([{ md5hash: MD5, text: 'Banned from API', enabled: true }]);
    expect(bh.block_count).toBe(2);
    await cb.close();
  });

  it('a new ban without enabled still carries md5hash (cbapi dropped it)', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .post('/api/v1/banning/blacklist', capture(bodies)).reply(200, { result: 'success' })
      .get(`/api/v1/banning/blacklist/${MD5}`).reply(200, doc);
    await cb.create(BannedHash, { md5hash: MD5, text: 'x' }).save();
    expect(bodies).toEqual([{ md5hash: MD5, text: 'x' }]);
    await cb.close();
  });

  it('a duplicate ban surfaces the server 409 as a ServerError with its message', async () => {
    const cb = await connect();
    server().post('/api/v1/banning/blacklist').reply(409, { result: 'Hash already banned' });
    const err = await cb.create(BannedHash, { md5hash: MD5, enabled: true }).save().catch((e: unknown) => e);
    expect(ServerError.isInstance(err)).toBe(true);
    expect((err as ServerError).status).toBe(409);
    expect(`${(err as Error).message} ${(err as ServerError).body ?? ''}`).toContain('Hash already banned');
    await cb.close();
  });

  it('disabling: DELETE, then PUT the document back because the server erased text', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    const id = MD5.toLowerCase();
    server()
      .get(`/api/v1/banning/blacklist/${id}`).reply(200, doc)
      .delete(`/api/v1/banning/blacklist/${id}`).reply(200, { result: 'success' })
      .put(`/api/v1/banning/blacklist/${id}`, capture(bodies)).reply(200, { result: 'success' })
      .get(`/api/v1/banning/blacklist/${id}`).reply(200, { ...doc, enabled: false });
    const bh = await cb.select(BannedHash, id);
    bh.enabled = false;
    await bh.save();
    expect(bodies).toEqual([{ ...doc, enabled: false }]);
    expect(bh.enabled).toBe(false);
    expect(bh.text).toBe('Banned from API');
    await cb.close();
  });

  it('re-enabling POSTs; other changes PUT', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    const id = MD5.toLowerCase();
    server()
      .get(`/api/v1/banning/blacklist/${id}`).reply(200, { ...doc, enabled: false })
      .post('/api/v1/banning/blacklist', capture(bodies)).reply(200, { result: 'success' })
      .get(`/api/v1/banning/blacklist/${id}`).reply(200, doc)
      .put(`/api/v1/banning/blacklist/${id}`, capture(bodies)).reply(200, { result: 'success' })
      .get(`/api/v1/banning/blacklist/${id}`).reply(200, { ...doc, text: 'new' });
    const bh = await cb.select(BannedHash, id);
    bh.enabled = true;
    await bh.save();
    bh.text = 'new';
    await bh.save();
    expect(bodies).toEqual([{ ...doc, enabled: true }, { ...doc, text: 'new' }]);
    await cb.close();
  });

  it('refuses a missing or malformed md5hash before any request', async () => {
    const cb = await connect();
    await expect(cb.create(BannedHash, { text: 'x', enabled: true }).save()).rejects.toThrow(InvalidObjectError);
    await expect(cb.create(BannedHash, { md5hash: 'not-an-md5', enabled: true }).save()).rejects.toThrow(InvalidHashError);
    await cb.close();
  });

  it('binary() joins the Binary of the hash', async () => {
    const cb = await connect();
    server()
      .get(`/api/v1/banning/blacklist/${MD5}`).reply(200, { ...doc, md5hash: MD5 })
      .get(`/api/v1/binary/${MD5}/summary`).reply(200, { md5: MD5, original_filename: 'evil.exe' });
    const bh = await cb.select(BannedHash, MD5);
    expect((await bh.binary())?.get('original_filename')).toBe('evil.exe');
    await cb.close();
  });
});
