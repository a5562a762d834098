// Integration helper (not a test): an in-process simulator and a CbResponseAPI connected to it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '@cbapi/simulator';
import { CbResponseAPI } from '../src/cb-response-api.js';

/** A running simulator with a connected API; `close()` stops both. */
export interface SimSession {
  sim: Simulator;
  cb: CbResponseAPI;
  close(): Promise<void>;
}

/** Starts a simulator (seed 1, small estate unless told) and connects a CbResponseAPI pinned to its certificate. */
export async function startSim(options: SimulatorOptions = {}): Promise<SimSession> {
  const sim = await startSimulator({ port: 0, seed: 1, sensors: 6, processesPerSensor: 8, isolationDelayMs: 40, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'cbapi-part2-'));
  const certFile = join(dir, 'sim.pem');
  writeFileSync(certFile, sim.certPem);
  let cb: CbResponseAPI;
  try {
    cb = await CbResponseAPI.connect({ url: sim.url, token: sim.tokens.response, sslCertFile: certFile, sslVerifyHostname: false, maxRetries: 0 });
  } catch (error) {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    sim,
    cb,
    async close() {
      await cb.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The requests the simulator served since `from` (an index into `sim.requests`), as `METHOD path?query`. */
export function served(sim: Simulator, from = 0): string[] {
  return sim.requests.slice(from).map((r) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(r.query ?? {})) for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
    const qs = q.toString();
    return `${r.method} ${r.path}${qs ? `?${qs}` : ''}`;
  });
}
