import type { SimulatorOptions } from './simulator-options.js';

/** Usage text of `pnpm simulator`. */
export const USAGE = `usage: pnpm simulator [--port N] [--seed S] [--sensors N] [--offline N] [--tls true|false] [--server-version V] [--latency-ms N]
  --port            TCP port on 127.0.0.1 (default 0 = any free port)
  --seed            data seed (default 1)
  --sensors         number of sensors (default 50)
  --offline         how many of them are offline (default a tenth of the sensors)
  --tls             HTTPS with a self-signed certificate (default true); --no-tls = plain HTTP
  --server-version  Cb Response version to act as (default 6.2.0.171114.1158; 5.2.0.161004.1206 = a 5.x server)
  --latency-ms      delay added to every answer (default 0)`;

/** Thrown for a bad command line; the message names the flag. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

function integer(flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliUsageError(`${flag} needs an integer between ${min} and ${max}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  }
  return Number(value);
}

/**
 * Parses the simulator's command line (`--flag value` or `--flag=value`).
 * @throws {@link CliUsageError} for an unknown flag or a bad value.
 */
export function parseCliArgs(argv: readonly string[]): SimulatorOptions {
  const options: SimulatorOptions = { sensors: 50 };
  let offlineGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        options.port = integer(flag, value(), 0, 65_535);
        break;
      case '--seed': {
        const v = value();
        if (v === undefined || v === '') throw new CliUsageError('--seed needs a value');
        options.seed = /^\d+$/.test(v) ? Number(v) : v;
        break;
      }
      case '--sensors':
        options.sensors = integer(flag, value(), 1, 100_000);
        break;
      case '--offline':
        options.offlineSensors = integer(flag, value(), 0, 100_000);
        offlineGiven = true;
        break;
      case '--latency-ms':
        options.latencyMs = integer(flag, value(), 0, 600_000);
        break;
      case '--server-version': {
        const v = value();
        if (v === undefined || !/^\d+\.\d+/.test(v)) throw new CliUsageError(`--server-version needs a version like 6.2.0.171114.1158, got ${JSON.stringify(v ?? '')}`);
        options.serverVersion = v;
        break;
      }
      case '--tls': {
        const next = inline ?? (argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('--') ? argv[++i] : 'true');
        if (!/^(true|false|1|0|yes|no)$/i.test(next ?? '')) throw new CliUsageError(`--tls needs true or false, got ${JSON.stringify(next)}`);
        options.tls = /^(true|1|yes)$/i.test(next ?? '');
        break;
      }
      case '--no-tls':
        options.tls = false;
        break;
      case '--help':
      case '-h':
        throw new CliUsageError('help');
      default:
        throw new CliUsageError(`unknown flag ${JSON.stringify(arg)}`);
    }
  }
  if (!offlineGiven) options.offlineSensors = Math.floor((options.sensors ?? 50) / 10);
  if ((options.offlineSensors ?? 0) > (options.sensors ?? 0)) options.offlineSensors = options.sensors;
  return { sensors: options.sensors, offlineSensors: options.offlineSensors, ...options };
}

/** The text the CLI prints once the simulator listens. */
export function banner(url: string, tokens: { response: string; protection: string; defense: string }, tls: boolean, pemPath: string | undefined): string {
  const lines = [
    `Carbon Black simulator listening on ${url}`,
    '',
    `  Cb Response token:   ${tokens.response}`,
    `  Cb Protection token: ${tokens.protection}`,
    `  Cb Defense token:    ${tokens.defense}`,
    '',
    'Credentials file (~/.carbonblack/credentials.response):',
    '',
    '[default]',
    `url=${url}`,
    `token=${tokens.response}`,
    `ssl_verify=${tls ? 'True' : 'False'}`,
  ];
  if (tls && pemPath) {
    lines.push(`ssl_cert_file=${pemPath}`, '', `The server certificate (PEM) was saved to ${pemPath}; ssl_cert_file pins it.`);
  }
  lines.push('', 'Press Ctrl-C to stop.');
  return lines.join('\n');
}
