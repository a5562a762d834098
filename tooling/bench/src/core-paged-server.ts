/**
 * A local paged HTTPS server for the core benchmark (node:https + a `selfsigned` certificate):
 * `GET /api/v1/process?start=&rows=` pages through `total` generated process documents
 * (Response's start/rows envelope) and `GET /api/v1/sensor/<id>` answers sensor documents.
 * It runs in a child process (`fork`) so the client's RSS is measured alone.
 */
import { createServer, type Server } from 'node:https';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generate } from 'selfsigned';

/** What the parent learns from the child. */
export interface PagedServerHandle {
  url: string;
  /** Asks the child how many requests it served, by route. */
  counts(): Promise<{ sensor: number; process: number }>;
  close(): Promise<void>;
}

/** One generated process document (about 700 bytes, like a Response search result). */
export function processDoc(i: number): Record<string, unknown> {
  const guid = `00000001-0000-${(i % 65536).toString(16).padStart(4, '0')}-01d3-${i.toString(16).padStart(12, '0')}`;
  return {
    id: guid, unique_id: `${guid}-00000001`, segment_id: 1, sensor_id: (i % 500) + 1, process_name: `proc-${i % 97}.exe`,
    process_md5: (i * 2654435761 >>> 0).toString(16).padStart(32, '0'), process_pid: 1000 + (i % 30000),
    parent_unique_id: `00000001-0000-0000-01d3-000000000001-00000001`, parent_name: 'explorer.exe', parent_pid: 812,
    cmdline: `"C:\\Program Files\\App\\proc-${i % 97}.exe" --flag ${i}`, path: `c:\\program files\\app\\proc-${i % 97}.exe`,
    hostname: `win-host-${i % 500}`, username: 'CORP\\alice', start: '2018-02-06T18:44:40.002Z',
    last_update: '2018-02-06T18:45:40.002Z', last_server_update: '2018-02-06T18:45:41.002Z', terminated: i % 3 === 0,
    group: 'Default Group', host_type: 'workstation', os_type: 'windows', comms_ip: 3232235940, interface_ip: 3232235940,
    filemod_count: i % 13, regmod_count: i % 7, modload_count: 40 + (i % 9), netconn_count: i % 5, crossproc_count: 0,
    childproc_count: i % 4, emet_count: 0, processblock_count: 0,
  };
}

function sensorDoc(id: number): Record<string, unknown> {
  return { id, computer_name: `win-host-${id}`, status: 'Online', network_isolation_enabled: false, is_isolating: false, group_id: 1, last_update: '2018-02-06 12:44:40.002234-06:00', os_environment_display_string: 'Windows 7 Professional Service Pack 1, 32-bit' };
}

async function serve(total: number): Promise<{ server: Server; port: number; counts: { sensor: number; process: number } }> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keySize: 2048, algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }] } as never);
  const counts = { sensor: 0, process: 0 };
  const server = createServer({ key: pems.private, cert: pems.cert, keepAlive: true }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const sensor = /^\/api\/v1\/sensor\/(\d+)$/.exec(url.pathname);
    let body: unknown;
    if (sensor) {
      counts.sensor++;
      body = sensorDoc(Number(sensor[1]));
    } else if (url.pathname === '/api/v1/process') {
      counts.process++;
      const start = Number(url.searchParams.get('start') ?? 0);
      const rows = Number(url.searchParams.get('rows') ?? 10);
      const results = [];
      for (let i = start; i < Math.min(total, start + rows); i++) results.push(processDoc(i));
      body = { results, total_results: total, start, elapsed: 0.01, facets: {}, terms: [], highlights: [] };
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, port, counts };
}

/** Starts the server in a child process. */
export async function startPagedServer(total: number): Promise<PagedServerHandle> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child', String(total)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('paged server did not start within 30 s')), 30_000);
    child.once('message', (m: { port?: number }) => { clearTimeout(timer); if (m.port) resolve(m.port); else reject(new Error('no port')); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`paged server exited with ${String(code)}`)); });
  });
  return {
    url: `https://127.0.0.1:${port}`,
    counts: () => new Promise((resolve) => {
      child.once('message', (m: { counts?: { sensor: number; process: number } }) => resolve(m.counts ?? { sensor: -1, process: -1 }));
      child.send({ type: 'counts' });
    }),
    close: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

if (process.argv[2] === '--child' && process.send) {
  const { counts, port } = await serve(Number(process.argv[3] ?? 200_000));
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'counts') process.send?.({ counts });
  });
  process.send({ port });
}
