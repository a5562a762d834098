import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliUsageError, USAGE, banner, parseCliArgs } from './cli-args.js';
import { startSimulator } from './start-simulator.js';

// `pnpm simulator`: start, print URL/tokens/credentials, stay up until Ctrl-C.
try {
  const options = parseCliArgs(process.argv.slice(2));
  const sim = await startSimulator(options);
  let pemPath: string | undefined;
  if (sim.certPem) {
    pemPath = join(tmpdir(), `cbapi-simulator-${sim.port}.pem`);
    writeFileSync(pemPath, sim.certPem, { mode: 0o644 });
  }
  console.log(banner(sim.url, sim.tokens, sim.certPem !== '', pemPath));
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof CliUsageError) {
    if (error.message !== 'help') console.error(`error: ${error.message}`);
    console.error(USAGE);
    process.exitCode = error.message === 'help' ? 0 : 2;
  } else {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
