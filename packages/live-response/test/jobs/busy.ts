import type { LiveResponseSession } from '../../src/index.js';

/** A module job that lists processes `rounds` times (forever when 0); returns the sensor id. */
export default async function busy(session: LiveResponseSession, args: { rounds: number }): Promise<number> {
  for (let i = 0; args.rounds === 0 || i < args.rounds; i++) await session.listProcesses();
  return session.sensorId;
}
