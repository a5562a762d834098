import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import KeyvRedis from '@keyv/redis';
import { createObjectCache } from './create-object-cache.js';

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts redis-server on a free port, resolving once it accepts connections (10 s deadline). */
async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.env['REDIS_SERVER_BIN'] ?? 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited with ${String(code)}: ${out}`)); });
  });
  return { url: `redis://127.0.0.1:${port}`, child };
}

describe('createObjectCache with @keyv/redis against a real redis-server', () => {
  let url: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    if (process.env['REDIS_URL']) {
      url = process.env['REDIS_URL'];
    } else {
      ({ url, child } = await startRedis());
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('stores raw JSON under the namespace, with coalesced loads and TTL', async () => {
    const store = new KeyvRedis(url);
    const namespace = `cbapi:response:test-${process.pid}-${Date.now()}`;
    const cache = createObjectCache({ cache: store, namespace, ttlMs: 60_000 });
    try {
      let calls = 0;
      const loader = async (): Promise<Record<string, unknown>> => { calls++; return { id: 1, computer_name: 'WIN7', nested: { a: [1, 2] } }; };
      const docs = await Promise.all(Array.from({ length: 10 }, () => cache.load('Sensor:1', loader)));
      expect(calls).toBe(1);
      expect(docs[9]).toEqual({ id: 1, computer_name: 'WIN7', nested: { a: [1, 2] } });
      const otherStore = new KeyvRedis(url);
      const other = createObjectCache({ cache: otherStore, namespace, ttlMs: 60_000 });
      expect(await other.get('Sensor:1')).toEqual({ id: 1, computer_name: 'WIN7', nested: { a: [1, 2] } });
      await other.delete('Sensor:1');
      expect(await cache.get('Sensor:1')).toBeUndefined();
      await other.close();
      await otherStore.disconnect();
      const shortStore = new KeyvRedis(url);
      const short = createObjectCache({ cache: shortStore, namespace: `${namespace}:short`, ttlMs: 40 });
      await short.set('Sensor:2', { id: 2 });
      expect(await short.get('Sensor:2')).toEqual({ id: 2 });
      await new Promise((r) => setTimeout(r, 120));
      expect(await short.get('Sensor:2')).toBeUndefined();
      await short.close();
      await shortStore.disconnect();
    } finally {
      await cache.close();
      await store.disconnect();
    }
  });

  it('a redis that goes away is a miss, not an exception', async () => {
    const own = process.env['REDIS_URL'] ? undefined : await startRedis();
    const target = own?.url ?? 'redis://127.0.0.1:1';
    const store = new KeyvRedis(target, { throwOnConnectError: false, connectionTimeout: 200 });
    const cache = createObjectCache({ cache: store, namespace: 'cbapi:response:gone', storeTimeoutMs: 200 });
    try {
      if (own) {
        await cache.set('S:1', { id: 1 });
        expect(await cache.get('S:1')).toEqual({ id: 1 });
        const exited = new Promise((r) => own.child.once('exit', r));
        own.child.kill('SIGKILL');
        await exited;
      }
      expect(await cache.get('S:1')).toBeUndefined();
      expect(await cache.load('S:1', async () => ({ id: 2 }))).toEqual({ id: 2 });
      expect(cache.stats.misses).toBeGreaterThanOrEqual(1);
    } finally {
      await cache.close();
      const client = (store as unknown as { client?: { destroy?: () => void } }).client;
      client?.destroy?.();
    }
  });
});
