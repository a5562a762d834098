/**
 * Worker thread of the `simulator` benchmark: runs either the simulator or a bare `node:https`
 * server answering a fixed body (the baseline), so the load generator in the main thread and the
 * server under test each get their own core.
 */
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { simulatorCertificate, startSimulator } from '@cbapi/simulator';

/** What the main thread asks the worker to run. */
export interface WorkerRequest {
  mode: 'simulator' | 'baseline';
  tls: boolean;
  sensors: number;
  /** Baseline only: the bytes and headers to answer every request with. */
  body?: string;
  headers?: Record<string, string>;
}

/** What the worker reports once it listens. */
export interface WorkerReady {
  url: string;
  token: string;
  certPem: string;
  startMs: number;
}

const request = workerData as WorkerRequest;
const port = parentPort;
if (!port) throw new Error('simulator-worker must run in a worker thread');

/** Event-loop busy time of this (server) thread between 'mark' and 'measure' messages. */
let mark = performance.eventLoopUtilization();
function onControl(message: unknown, close: () => void): void {
  if (message === 'mark') mark = performance.eventLoopUtilization();
  else if (message === 'measure') port?.postMessage({ elu: performance.eventLoopUtilization(mark) });
  else close();
}

const started = performance.now();
if (request.mode === 'simulator') {
  const sim = await startSimulator({ seed: 1, sensors: request.sensors, offlineSensors: Math.floor(request.sensors / 10), tls: request.tls });
  port.postMessage({ url: sim.url, token: sim.tokens.response, certPem: sim.certPem, startMs: performance.now() - started } satisfies WorkerReady);
  port.on('message', (m: unknown) => onControl(m, () => void sim.close().then(() => port.close())));
} else {
  const cert = request.tls ? await simulatorCertificate() : undefined;
  const body = Buffer.from(request.body ?? '{}');
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { ...request.headers, 'Content-Length': String(body.length) });
      res.end(body);
    });
  };
  const server = cert ? createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, handler) : createHttpServer(handler);
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    const { port: p } = server.address() as AddressInfo;
    port.postMessage({ url: `${cert ? 'https' : 'http'}://127.0.0.1:${p}`, token: '', certPem: cert?.certPem ?? '', startMs: performance.now() - started } satisfies WorkerReady);
  });
  port.on('message', (m: unknown) =>
    onControl(m, () => {
      server.closeAllConnections();
      server.close(() => port.close());
    }),
  );
}
