import { describe, it, expect, afterEach } from '@jest/globals';
import nock from 'nock';
import { inspect } from 'node:util';
import { CredentialError } from '../errors/credential-error.js';
import { ObjectNotFoundError } from '../errors/object-not-found-error.js';
import { TestBinary, TestSensor } from '../__fixtures__/test-models.js';
import { BaseApi } from './base-api.js';
import { prepareApi } from './prepare-api.js';

const URL_ = 'https://cb.example.test';
const TOKEN = '0123456789abcdef0123456789abcdef';
const scope = (): nock.Scope => nock(URL_, { reqheaders: { 'x-auth-token': TOKEN } });

afterEach(() => {
  nock.cleanAll();
});

describe('prepareApi with the real transport', () => {
  it('builds credentials, transport and a namespaced cache; select goes over HTTP once', async () => {
    const api = new BaseApi(await prepareApi('response', { url: URL_, token: TOKEN, ignoreSystemProxy: true }));
    try {
      scope().get('/api/v1/sensor/1').once().reply(200, { id: 1, computer_name: 'WIN7' });
      const [a, b] = await Promise.all([api.select(TestSensor, 1), api.select(TestSensor, 1)]);
      expect(a.computer_name).toBe('WIN7');
      expect(b.computer_name).toBe('WIN7');
      expect(api.cache?.namespace).toBe('cbapi:response:cb.example.test');
      expect(api.transport.stats.requests).toBe(1);
      expect(inspect(api)).not.toContain(TOKEN);
      expect(JSON.stringify(api)).not.toContain(TOKEN);
    } finally {
      await api.close();
    }
  });

  it('a 404 is an ObjectNotFoundError naming the model and id', async () => {
    const api = new BaseApi(await prepareApi('response', { url: URL_, token: TOKEN, ignoreSystemProxy: true, maxRetries: 0 }));
    try {
      scope().get('/api/v1/binary/ABCDEF').reply(404, 'Not found');
      const error = await api.select(TestBinary, 'ABCDEF').catch((e: unknown) => e);
      expect(ObjectNotFoundError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe('Binary with id ABCDEF not found');
    } finally {
      await api.close();
    }
  });

  it('the query goes over HTTP with sorted parameters', async () => {
    const api = new BaseApi(await prepareApi('response', { url: URL_, token: TOKEN, ignoreSystemProxy: true, cache: false }));
    try {
      scope().get('/api/v1/binary').query({ 'cb.urlver': '1', facet: 'false', q: 'md5:X', rows: '0', start: '0' }).reply(200, { results: [], total_results: 3 });
      expect(await api.select(TestBinary).where('md5:X').count()).toBe(3);
      expect(api.cache).toBeUndefined();
    } finally {
      await api.close();
    }
  });

  it('passes cache options through; bad ones are errors', async () => {
    const store = new Map<unknown, unknown>();
    const init = await prepareApi('protection', { url: URL_, token: TOKEN, cache: store, cacheTtl: 1_000, cacheMaxEntries: 3 });
    await init.cache?.set('X:1', { id: 1 });
    expect([...store.keys()]).toEqual(['cbapi:protection:cb.example.test:X:1']);
    init.transport.close();
    await expect(prepareApi('response', { url: URL_, token: TOKEN, cacheTtl: -5 })).rejects.toThrow(/cacheTtl/);
  });

  it('credential problems are CredentialErrors; options must be an object; a signal cancels', async () => {
    await expect(prepareApi('response', { url: 'http://insecure', token: TOKEN })).rejects.toThrow(CredentialError);
    await expect(prepareApi('nope' as never, { url: URL_, token: TOKEN })).rejects.toThrow(CredentialError);
    await expect(prepareApi('response', null as never)).rejects.toThrow(/must be an object/);
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(prepareApi('response', { url: URL_, token: TOKEN, signal: ac.signal })).rejects.toThrow('stop');
  });
});
