import type { LiveResponseSession } from '../../src/index.js';

/** A module job that sends one command, then spins on the CPU forever (it never looks at a signal). */
export default async function spin(session: LiveResponseSession): Promise<never> {
  await session.listProcesses();
  for (;;) {
    // busy
  }
}
