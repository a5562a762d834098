import type { LiveResponseSession } from '../../src/index.js';

/** A module job whose worker thread dies (process.exit in a worker ends that thread only). */
export async function job(session: LiveResponseSession, args: { crash: boolean }): Promise<number> {
  await session.listProcesses();
  if (args.crash) process.exit(3);
  return session.sensorId;
}
