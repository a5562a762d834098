import type { LiveResponseOptions, LiveResponseStats } from './live-response/index.js';
import type { FaultInjector } from './server/fault-injector.js';
import type { RequestLog } from './server/request-log.js';
import type { SimWorld, WorldOptions } from './state.js';

/**
 * Options of {@link startSimulator}. Every duration is in milliseconds; every option has a default.
 * @public
 */
export interface SimulatorOptions extends WorldOptions {
  /** TCP port on 127.0.0.1; 0 = a free port. @defaultValue 0 */
  port?: number;
  /** HTTPS with the simulator's self-signed certificate (`sim.certPem`); false = plain HTTP. @defaultValue true */
  tls?: boolean;
  /** Added to every answer. @defaultValue 0 */
  latencyMs?: number;
  /** The simulated Live Response service. */
  liveResponse?: LiveResponseOptions;
  /** API tokens per product (defaults are fixed strings derived from the seed). */
  tokens?: Partial<SimulatorTokens>;
  /** Delay before a sensor's `is_isolating` follows `network_isolation_enabled`. @defaultValue 1_000 */
  isolationDelayMs?: number;
  /** Third-party binaries beyond the ones the estate runs. @defaultValue 300 */
  extraBinaries?: number;
  /** Alerts generated. @defaultValue 150 */
  alerts?: number;
  /** Banned hashes (more than 500, so the unpaged cap matters). @defaultValue 620 */
  bannedHashes?: number;
  /** How many requests `sim.requests` keeps (oldest dropped first). @defaultValue 100_000 */
  maxLoggedRequests?: number;
}

/** The API token of each product. */
export interface SimulatorTokens {
  response: string;
  protection: string;
  defense: string;
}

/**
 * A running simulator.
 * @public
 */
export interface Simulator {
  /** Base URL, e.g. `https://127.0.0.1:51234` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The server certificate (PEM) to trust (`ssl_cert_file`); empty with `tls: false`. */
  readonly certPem: string;
  readonly tokens: SimulatorTokens;
  /** Every request served, in order (bounded): `{ method, path, query, body, status, ms }`. */
  readonly requests: RequestLog;
  readonly liveResponse: { readonly stats: LiveResponseStats };
  /** Fault injection: `set({...})` / `clear()`. */
  readonly faults: FaultInjector;
  /** The simulated estate (sensors, processes, clock) for tests that need to look behind the API. */
  readonly world: SimWorld;
  /** Stops the server, its timers and Live Response. */
  close(): Promise<void>;
}
