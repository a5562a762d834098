import { createTransport, type Credentials } from '@cbapi/core';
import { createLiveResponse, type LiveResponseAPI, type LiveResponseOptions } from '../../src/index.js';
import { startFakeLrServer, type FakeLrOptions, type FakeLrServer } from './fake-lr-server.js';

/** A fake server plus a LiveResponseAPI wired to it with fast retries. */
export async function startHarness(server: FakeLrOptions = {}, options: LiveResponseOptions = {}): Promise<{ sim: FakeLrServer; lr: LiveResponseAPI; credentials: Credentials; close(): Promise<void> }> {
  const sim = await startFakeLrServer(server);
  const credentials: Credentials = { url: sim.url, token: sim.token, sslVerify: false, sslVerifyHostname: false, sslForceTls12: false, ignoreSystemProxy: true, source: 'test' };
  const transport = createTransport(credentials, { maxRetries: 3, retryBaseDelayMs: 5, maxRetryDelayMs: 20, timeout: 10_000 });
  const lr = createLiveResponse({
    transport, credentials, adapter: 'response',
    options: { keepaliveIntervalMs: 0, retryDelayMs: 5, sessionRetryDelayMs: 20, workerTransportOptions: { maxRetries: 3, retryBaseDelayMs: 5, maxRetryDelayMs: 20, timeout: 10_000 }, ...options },
  });
  return {
    sim, lr, credentials,
    async close() {
      await lr.close({ mode: 'abort' });
      transport.close();
      await sim.close();
    },
  };
}
