// The worker entry when @cbapi/live-response runs from source (tests, `--conditions=@cbapi/source`).
// Node 20 does not apply `--import tsx` reliably inside worker threads (the hooks may register after
// the task file loads), so tsx is registered here, before the TypeScript worker is imported.
// The built package uses dist/workers/job-worker.js directly and never loads this file.
import { register } from 'tsx/esm/api';

register();
globalThis[Symbol.for('cbapi.liveResponse.tsxRegistered')] = true;
const worker = await import('./job-worker.ts');

/** See job-worker.ts. */
export const runModuleJob = worker.runModuleJob;
