import { createTransport, type Credentials, type Transport } from '@cbapi/core';
import { startSimulator, type Simulator, type SimulatorOptions } from '@cbapi/simulator';
import { createLiveResponse, type LiveResponseAPI, type LiveResponseOptions } from '../../src/index.js';

/** Fast retries for tests (the defaults wait 500 ms and more). */
const TRANSPORT = { maxRetries: 3, retryBaseDelayMs: 5, maxRetryDelayMs: 20, timeout: 30_000 };

export interface SimHarness {
  sim: Simulator;
  lr: LiveResponseAPI;
  transport: Transport;
  credentials: Credentials;
  close(): Promise<void>;
}

/** The simulator in-process (port 0) and a Cb Response LiveResponseAPI wired to it. */
export async function startSimHarness(simOptions: SimulatorOptions = {}, options: LiveResponseOptions = {}): Promise<SimHarness> {
  const sim = await startSimulator({ seed: 1, port: 0, ...simOptions });
  const credentials: Credentials = {
    url: sim.url, token: sim.tokens.response, sslVerify: false, sslVerifyHostname: false, sslForceTls12: false, ignoreSystemProxy: true, source: 'test',
  };
  const transport = createTransport(credentials, TRANSPORT);
  const lr = createLiveResponse({
    transport, credentials, adapter: 'response',
    options: { keepaliveIntervalMs: 0, retryDelayMs: 5, sessionRetryDelayMs: 50, workerTransportOptions: TRANSPORT, ...options },
  });
  return {
    sim, lr, transport, credentials,
    async close() {
      await lr.close({ mode: 'abort' });
      transport.close();
      await sim.close();
    },
  };
}
