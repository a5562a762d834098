import type { LiveResponseSession } from '../../src/index.js';

/** A module job: two commands (read the hosts file, list processes); returns a structured-clonable summary. */
export default async function readHosts(session: LiveResponseSession, args: { path?: string }): Promise<{ sensorId: number; text: string; processes: number }> {
  const windows = String(session.info.current_working_directory ?? '').includes('\\');
  const path = args.path ?? (windows ? 'C:\\Windows\\System32\\drivers\\etc\\hosts' : '/etc/hosts');
  const text = (await session.getFile(path)).toString();
  const processes = (await session.listProcesses()).length;
  return { sensorId: session.sensorId, text, processes };
}
