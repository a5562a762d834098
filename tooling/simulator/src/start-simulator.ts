import { createHash } from 'node:crypto';
import { registerLiveResponseRoutes } from './live-response/index.js';
import { simulatorCertificate } from './server/certificate.js';
import { FaultInjector } from './server/fault-injector.js';
import { RequestLog } from './server/request-log.js';
import { Router } from './server/router.js';
import { SimServer } from './server/sim-server.js';
import { SimWorld } from './state.js';
import { ResponseStore } from './response/response-store.js';
import { registerAdminRoutes } from './response/admin-routes.js';
import { registerBinaryRoutes } from './response/binary-routes.js';
import { registerIntelRoutes } from './response/intel-routes.js';
import { registerProcessRoutes } from './response/process-routes.js';
import { registerSearchRoutes } from './response/search-routes.js';
import { registerSensorRoutes } from './response/sensor-routes.js';
import type { RouteContext } from './response/route-context.js';
import type { Simulator, SimulatorOptions, SimulatorTokens } from './simulator-options.js';

function checkNumber(name: string, value: number | undefined, min: number, integer = true): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new RangeError(`startSimulator: ${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${String(value)}`);
  }
}

function defaultToken(seed: number | string, product: string): string {
  return createHash('sha1').update(`cbapi-simulator/${String(seed)}/${product}`).digest('hex');
}

/**
 * Starts a simulated Carbon Black server on 127.0.0.1: Cb Response's REST API over a seeded,
 * deterministic estate (sensors, processes, binaries, feeds, watchlists, alerts ...) and the Live
 * Response service, with faults, latency and a request log for tests.
 *
 * @param options - see {@link SimulatorOptions}; all optional.
 * @returns the running {@link Simulator}; call `close()` when done.
 * @throws RangeError for an out-of-range option (negative sizes, a port outside 0..65535).
 * @example
 * ```ts
 * import { startSimulator } from '@cbapi/simulator';
 * const sim = await startSimulator({ seed: 1, sensors: 50, offlineSensors: 5 });
 * const res = await fetch(`${sim.url}/api/info`, { headers: { 'X-Auth-Token': sim.tokens.response } });
 * await sim.close();
 * ```
 * @public
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  checkNumber('port', options.port, 0);
  if (options.port !== undefined && options.port > 65_535) throw new RangeError(`startSimulator: port must be <= 65535, got ${options.port}`);
  checkNumber('sensors', options.sensors, 0);
  checkNumber('offlineSensors', options.offlineSensors, 0);
  checkNumber('processesPerSensor', options.processesPerSensor, 0);
  checkNumber('latencyMs', options.latencyMs, 0, false);
  checkNumber('isolationDelayMs', options.isolationDelayMs, 0, false);
  checkNumber('extraBinaries', options.extraBinaries, 0);
  checkNumber('alerts', options.alerts, 0);
  checkNumber('bannedHashes', options.bannedHashes, 0);
  checkNumber('maxLoggedRequests', options.maxLoggedRequests, 1);
  if (options.serverVersion !== undefined && !/^\d+\.\d+/.test(options.serverVersion)) {
    throw new RangeError(`startSimulator: serverVersion must look like "6.2.0.171114.1158", got ${JSON.stringify(options.serverVersion)}`);
  }

  const seed = options.seed ?? 1;
  const world = new SimWorld({ ...options, seed, sensors: options.sensors ?? 10 });
  const store = new ResponseStore(world, options);
  const router = new Router();
  const ctx: RouteContext = { world, store, isolationDelayMs: options.isolationDelayMs ?? 1_000, timers: new Set() };
  registerSearchRoutes(router, ctx);
  registerProcessRoutes(router, ctx);
  registerBinaryRoutes(router, ctx);
  registerSensorRoutes(router, ctx);
  registerIntelRoutes(router, ctx);
  registerAdminRoutes(router, ctx);
  const liveResponse = registerLiveResponseRoutes(router, world, options.liveResponse ?? {});

  const tokens: SimulatorTokens = {
    response: options.tokens?.response ?? defaultToken(seed, 'response'),
    protection: options.tokens?.protection ?? defaultToken(seed, 'protection'),
    defense: options.tokens?.defense ?? `${defaultToken(seed, 'defense-key').slice(0, 24).toUpperCase()}/${defaultToken(seed, 'defense-connector').slice(0, 10).toUpperCase()}`,
  };
  const tls = options.tls ?? true;
  const cert = tls ? await simulatorCertificate() : undefined;
  const faults = new FaultInjector(seed);
  const requests = new RequestLog();
  const server = new SimServer({
    router,
    tokens,
    faults,
    requests,
    tls: cert,
    latencyMs: options.latencyMs ?? 0,
    maxLoggedRequests: options.maxLoggedRequests ?? 100_000,
  });
  let port: number;
  try {
    port = await server.listen(options.port ?? 0);
  } catch (error) {
    liveResponse.close();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    certPem: cert?.certPem ?? '',
    tokens,
    requests,
    liveResponse: { stats: liveResponse.stats },
    faults,
    world,
    close: () => {
      closed ??= (async () => {
        for (const timer of ctx.timers) clearTimeout(timer);
        ctx.timers.clear();
        liveResponse.close();
        await server.close();
      })();
      return closed;
    },
  };
}
