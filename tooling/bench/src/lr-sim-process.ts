/**
 * The simulator in a child process for the Live Response benchmarks, so that the server's CPU time
 * does not count against the client's (a real server is another machine). Started with
 * `fork(this file, [JSON options])`; it sends `{ url, token }`, answers `'stats'` with the Live
 * Response counters and exits on `'close'`.
 */
import { startSimulator, type SimulatorOptions } from '@cbapi/simulator';

/** Messages from the child. */
export type SimChildMessage = { type: 'ready'; url: string; token: string } | { type: 'stats'; stats: Record<string, unknown> };

const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
const sim = await startSimulator(options);
const send = (m: SimChildMessage): void => {
  process.send?.(m);
};
process.on('message', (m: unknown) => {
  if (m === 'stats') send({ type: 'stats', stats: { ...sim.liveResponse.stats } });
  if (m === 'close') void sim.close().then(() => process.exit(0));
});
process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
send({ type: 'ready', url: sim.url, token: sim.tokens.response });
