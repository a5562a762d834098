/**
 * The README's demo (`pnpm demo`): starts the Carbon Black simulator, writes a temporary
 * credentials profile pinned to the simulator's certificate, and walks the cbapi Cb Response user
 * guide (seed chapter 4.5 and 4.6) against it — queries, joins backed by the cache, facets, a ban,
 * an isolation, a watchlist and Live Response — then stops cleanly.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCredentialsFile } from '@cbapi/core';
import { startSimulator, type Simulator } from '@cbapi/simulator';
import { BannedHash, CbResponseAPI, Process, Sensor, ServerError } from '@cbapi/response';

const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const section = (title: string): void => console.log(`\n${bold(`== ${title}`)}`);

/** Counts the HTTP requests the simulator served while `fn` ran. */
async function counting<T>(sim: Simulator, fn: () => Promise<T>): Promise<{ value: T; requests: number }> {
  const before = sim.requests.length;
  const value = await fn();
  return { value, requests: sim.requests.length - before };
}

async function main(): Promise<void> {
  const sim = await startSimulator({
    seed: 1,
    sensors: 25,
    offlineSensors: 3,
    isolationDelayMs: 400,
    liveResponse: { sessionStartMs: 150, commandMs: 40 },
  });
  const dir = await mkdtemp(join(tmpdir(), 'cbapi-demo-'));
  try {
    // A credentials profile like the one `cbapi-response configure` writes, pinned to the simulator's certificate.
    const pem = join(dir, 'simulator.pem');
    await writeFile(pem, sim.certPem, { mode: 0o600 });
    const credentialFile = join(dir, '.carbonblack', 'credentials.response');
    await writeCredentialsFile(credentialFile, {
      simulator: { url: sim.url, token: sim.tokens.response, ssl_verify: true, ssl_cert_file: pem },
    });
    console.log(`Simulator at ${sim.url}; credentials profile "simulator" written to ${credentialFile} (mode 0600)`);

    await walkUserGuide(sim, credentialFile);
    const stats = sim.liveResponse.stats;
    console.log(`\nAfter cb.close(): ${stats.openSessions} Live Response sessions open on the server (${stats.sessionsCreated} created, at most ${stats.maxConcurrentSessions} at once)`);
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
  console.log('Done: simulator stopped, temporary credentials removed.');
}

async function walkUserGuide(sim: Simulator, credentialFile: string): Promise<void> {
  await using cb = await CbResponseAPI.connect({ profile: 'simulator', credentialFiles: [credentialFile] });
  const info = await cb.info();
  console.log(`Connected to Cb Response ${String(info['version'])}`);

  section('4.2.2 Your first query');
  const first = await cb.select(Process).first();
  console.log(`cb.select(Process).first().cmdline → ${first?.cmdline}`);

  section('4.5.4 Querying processes and walking their parents');
  const query = cb.select(Process).where('process_name:net.exe').and('cmdline:SRV-FS01').groupBy('id');
  const shares = await counting(sim, async () => {
    const lines: string[] = [];
    for await (const proc of query) {
      lines.push(`${proc.start.toISOString()}: ${proc.username} ran ${proc.cmdline}`);
      await proc.walkParents((parent, depth) => {
        lines.push(`${' '.repeat(depth + 1)}${parent.start.toISOString()}: ${parent.username ?? ''} ran ${parent.cmdline}`);
      });
      if (lines.length > 30) break;
    }
    return lines;
  });
  for (const line of shares.value) console.log(line);
  console.log(`(${shares.requests} HTTP requests; parents shared between processes came from the cache)`);

  section('4.5.7 Joining everything together');
  const joined = await counting(sim, async () => {
    const lines: string[] = [];
    for (const proc of await query.slice(0, 5)) {
      const sensor = await proc.sensor();
      const group = await sensor?.group();
      const binary = await proc.binary();
      lines.push(`On host ${proc.hostname} (part of sensor group ${group?.name ?? '?'}): ${proc.cmdline}`);
      if (binary?.signed) {
        const signing = binary.signingData;
        const days = signing.signTime ? Math.floor((proc.start.getTime() - signing.signTime.getTime()) / 86_400_000) : '?';
        lines.push(`- that binary (${proc.process_md5}) was signed by ${signing.publisher} ${days} days before it ran`);
      }
    }
    return lines;
  });
  for (const line of joined.value) console.log(line);
  console.log(`(${joined.requests} HTTP requests for 5 processes with their sensor, group and binary; cache: ${JSON.stringify(cb.cache?.stats)})`);

  section('4.5.8 Facets');
  const host = first?.hostname ?? '';
  const facets = await cb.select(Process).where(`hostname:${host}`).facets('process_name');
  for (const term of (facets['process_name'] ?? []).slice(0, 8)) {
    console.log(`${term.name.slice(0, 15).padStart(15)}: ${String(term.ratio).padStart(5)}% ${'■'.repeat(Math.round(Number(term.percent) / 4))}`);
  }

  section('4.5.1 Download a binary, 4.5.2 ban it');
  const proc = await query.first();
  const binary = await proc?.binary();
  if (binary) {
    const stream = await binary.file();
    const head: Buffer = await new Promise((resolve, reject) => {
      stream.once('data', (chunk: Buffer) => {
        resolve(chunk);
        stream.destroy();
      });
      stream.once('error', reject);
    });
    console.log(`${binary.md5} (${binary.get('original_filename', '?')}) starts with "${head.subarray(0, 2).toString('latin1')}"`);
    const ban = cb.create(BannedHash, { md5hash: binary.md5, text: 'Banned from API', enabled: true });
    await ban.save();
    console.log(`banned ${ban.md5hash}`);
    try {
      await cb.create(BannedHash, { md5hash: binary.md5, text: 'Banned twice', enabled: true }).save();
    } catch (error) {
      if (ServerError.isInstance(error)) console.log(`banning it again: ServerError ${error.status}: ${error.serverMessage ?? error.message}`);
      else throw error;
    }
  }

  section('4.5.3 Isolate a sensor');
  const sensor = await cb.select(Sensor).where(`hostname:${host}`).first();
  if (sensor) {
    const isolated = await counting(sim, () => sensor.isolate({ timeout: 30_000 }));
    console.log(`${sensor.hostname} isolated (${isolated.requests} requests while waiting for the sensor to confirm)`);
    await sensor.unisolate({ timeout: 30_000 });
    console.log(`${sensor.hostname} back on the network`);
  }

  section('4.5.5 Watchlists');
  const watchlist = await query.createWatchlist('[WARN] Attempts to mount internal share');
  console.log(`created watchlist ${watchlist.id}: query "${watchlist.query}", search_query "${watchlist.search_query}"`);
  console.log(`it matches ${await watchlist.search().count()} processes`);
  watchlist.enabled = false;
  await watchlist.save();
  console.log(`disabled: enabled=${String(watchlist.enabled)}`);

  section('4.6 Live Response');
  if (sensor) {
    await using session = await sensor.lrSession();
    const processes = await session.listProcesses();
    console.log(`${sensor.hostname} runs ${processes.length} processes, e.g. ${processes.slice(0, 3).map((p) => p.path).join(', ')}`);
  }
  const online: number[] = [];
  for await (const s of cb.select(Sensor)) if (s.status === 'Online' && online.length < 8) online.push(s.id);
  const results = cb.liveResponse.runJobs(async (session) => (await session.listDirectory('C:\\Windows\\')).length, online);
  for await (const result of results) {
    console.log(`sensor ${result.sensorId}: ${result.ok ? `${String(result.value)} entries in C:\\Windows` : `failed: ${String(result.error)}`}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
