import { describe, expect, it } from '@jest/globals';
import { ApiError, InvalidObjectError, type Transport } from '@cbapi/core';
import { createLiveResponse } from './live-response-api.js';

/** A transport that must not be used: these checks happen before any request. */
const unused = new Proxy({} as Transport, {
  get: (_t, prop) => (prop === 'get' ? () => Promise.reject(new Error('no request expected')) : undefined),
});

describe('createLiveResponse input checks (no request is sent)', () => {
  it('rejects bad options with InvalidObjectError naming the option', () => {
    for (const [options, name] of [
      [{ maxSessions: 0 }, 'maxSessions'], [{ jobTimeout: -1 }, 'jobTimeout'], [{ retries: 1.5 }, 'retries'],
      [{ sessionStartTimeout: Number.NaN }, 'sessionStartTimeout'], [{ jobsPerSession: 0 }, 'jobsPerSession'],
      [{ keepaliveIntervalMs: -5 }, 'keepaliveIntervalMs'], [{ maxThreads: 0 }, 'maxThreads'],
    ] as const) {
      let error: unknown;
      try {
        createLiveResponse({ transport: unused, adapter: 'response', options });
      } catch (e) {
        error = e;
      }
      expect(InvalidObjectError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(name);
    }
  });

  it('rejects a missing transport and an unknown adapter', () => {
    expect(() => createLiveResponse({ transport: undefined as unknown as Transport, adapter: 'response' })).toThrow('`transport`');
    expect(() => createLiveResponse({ transport: unused, adapter: 'protection' as 'response' })).toThrow("adapter must be 'response', 'defense' or a LiveResponseAdapter");
  });

  it('module jobs need credentials; runJobs checks every sensor id before queueing any job', async () => {
    const lr = createLiveResponse({ transport: unused, adapter: 'response', options: { keepaliveIntervalMs: 0 } });
    const it1 = lr.runJobs(async () => 1, [1, -2]);
    await expect(it1.next()).rejects.toThrow('every sensorId must be a non-negative integer, got -2');
    expect(lr.stats.jobsSubmitted).toBe(0);
    expect(() => lr.submitJob({ module: new URL('file:///job.js') }, 1)).toThrow('Module jobs need credentials');
    await expect(lr.lrSession(Number.NaN)).rejects.toBeInstanceOf(ApiError);
    await lr.close({ mode: 'abort' });
  });
});
