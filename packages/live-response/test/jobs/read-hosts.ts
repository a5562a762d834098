import type { LiveResponseSession } from '../../src/index.js';

/** A module job: two commands, returns a structured-clonable summary. */
export default async function readHosts(session: LiveResponseSession, args: { path: string }): Promise<{ sensorId: number; text: string; processes: number }> {
  const text = (await session.getFile(args.path)).toString();
  const processes = (await session.listProcesses()).length;
  return { sensorId: session.sensorId, text, processes };
}
