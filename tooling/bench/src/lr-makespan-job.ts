/**
 * The worker-thread job of the `lr-makespan` benchmark: two Live Response commands, as the
 * in-process function job does.
 */
import type { LiveResponseSession } from '@cbapi/live-response';

/** Lists processes, then the working directory; returns the entry counts. */
export default async function twoCommands(session: LiveResponseSession): Promise<number> {
  const processes = await session.listProcesses();
  const cwd = String(session.info.current_working_directory ?? '/');
  const sep = cwd.includes('\\') ? '\\' : '/';
  const entries = await session.listDirectory(cwd.endsWith(sep) ? cwd : cwd + sep);
  return processes.length + entries.length;
}
