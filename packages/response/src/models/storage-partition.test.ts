import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ApiError, ObjectNotFoundError } from '@cbapi/core';
import { capture, connect, recording, server } from '../__fixtures__/part2-nock.js';
import { StoragePartition } from './storage-partition.js';

const rec = recording<Record<string, Record<string, unknown>>>('storage-partition.list.json');

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

describe('StoragePartition from the recorded GET /api/v1/storage/events/partition', () => {
  it('reads the object keyed by name into partitions with every field', async () => {
    const cb = await connect();
    server().get('/api/v1/storage/events/partition').times(2).reply(200, rec.body);
    const parts = await cb.select(StoragePartition).toArray();
    expect(parts.map((p) => p.name).sort()).toEqual(Object.keys(rec.body).sort());
    const writer = parts.find((p) => p.name === 'writer');
    expect(writer?.status).toBe('hot');
    expect(writer?.isLegacy).toBe(false);
    for (const p of parts) expect(p.toJSON()).toEqual(rec.body[p.name]);
    const warm = await cb.select(StoragePartition).where('status:warm').toArray();
    expect(warm.length).toBeGreaterThan(0);
    expect(warm.every((p) => p.status === 'warm')).toBe(true);
    await cb.close();
  });

  it('selects one by name (from the list), mounts, unmounts and deletes it', async () => {
    const cb = await connect();
    const name = Object.keys(rec.body).find((k) => k !== 'writer') ?? '';
    const bodies: unknown[] = [];
    const unmounted = { ...rec.body, [name]: { ...rec.body[name], status: 'cold' } };
    server()
      .get('/api/v1/storage/events/partition').reply(200, rec.body)
      .post(`/api/v1/storage/events/${name}/unmount`, capture(bodies)).reply(200, { result: 'success' })
      .get('/api/v1/storage/events/partition').reply(200, unmounted)
      .post(`/api/v1/storage/events/${name}/mount`, capture(bodies)).reply(200, { result: 'success' })
      .get('/api/v1/storage/events/partition').reply(200, rec.body)
      .delete(`/api/v1/storage/events/${name}`).reply(200, { result: 'success' })
      .get('/api/v1/storage/events/partition').reply(200, {});
    const p = await cb.select(StoragePartition, name);
    expect(p.info.partitionId).toBe((rec.body[name]?.['info'] as { partitionId: number }).partitionId);
    await p.unmount();
    expect(p.status).toBe('cold');
    await p.mount();
    expect(p.status).toBe('warm');
    expect(bodies).toEqual([null, null]);
    await p.delete();
    await expect(cb.select(StoragePartition, name, { forceInit: true })).rejects.toThrow(ObjectNotFoundError);
    await cb.close();
  });

  it('cannot be created or changed', async () => {
    const cb = await connect();
    expect(() => cb.create(StoragePartition, { name: 'x' })).toThrow(ApiError);
    await cb.close();
  });
});
