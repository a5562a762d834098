import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ObjectNotFoundError } from '@cbapi/core';
import { StoragePartition } from '../src/models/storage-partition.js';
import { served, startSim, type SimSession } from './seed-simulator.js';

let env: SimSession;
beforeAll(async () => {
  env = await startSim();
});
afterAll(async () => {
  await env.close();
});

describe('Storage partitions against the simulator', () => {
  it('lists partitions keyed by name, unmounts, mounts and deletes one', async () => {
    const { cb, sim } = env;
    const parts = await cb.select(StoragePartition).toArray();
    expect(parts.some((p) => p.name === 'writer' && p.status === 'hot')).toBe(true);
    const warm = parts.find((p) => p.status === 'warm');
    if (!warm) throw new Error('no warm partition');
    const mark = sim.requests.length;
    await warm.unmount();
    expect(served(sim, mark)[0]).toBe(`POST /api/v1/storage/events/${warm.name}/unmount`);
    expect(warm.status).toBe('cold');
    await warm.mount();
    expect(warm.status).toBe('warm');
    const byName = await cb.select(StoragePartition, warm.name);
    expect(byName.info.partitionId).toBe(warm.info.partitionId);
    await warm.delete();
    await expect(cb.select(StoragePartition, warm.name, { forceInit: true })).rejects.toThrow(ObjectNotFoundError);
  });
});
