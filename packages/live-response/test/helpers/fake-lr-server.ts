import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TEST_CERT, TEST_KEY } from './test-certificate.js';

/**
 * A small Cb Response Live Response server for tests (HTTPS, self-signed, on 127.0.0.1, port 0): session
 * budget, pending → active after `sessionStartMs` (never for offline sensors), commands done after
 * `commandMs`, long polls (`wait=true`), a file store per sensor, injected faults and the same
 * `stats` the simulator keeps.
 */
export interface FakeLrOptions {
  maxSessions?: number;
  sessionStartMs?: number;
  commandMs?: number;
  offlineSensors?: number[];
  token?: string;
}

interface Cmd { wire: Record<string, unknown>; doneAt: number }
interface Sess { id: number; sensor_id: number; status: string; activeAt: number; commands: Map<number, Cmd>; files: Map<number, Buffer>; nextId: number }

export interface FakeLrServer {
  url: string;
  token: string;
  stats: { openSessions: number; maxConcurrentSessions: number; sessionsCreated: number; commands: number; refused: number };
  faults: { set(f: { errorRate?: number; status?: number; resetRate?: number; pathPattern?: RegExp }): void; clear(): void };
  /** The server forgets a session (as when it expires): later requests get 404 "Session <id> not found". */
  expireSession(id: number): void;
  sessions(): { id: number; sensor_id: number; status: string }[];
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

const SUPPORTED = ['delete file', 'put file', 'reg delete key', 'directory list', 'reg create key', 'get file', 'reg enum key', 'reg query value', 'kill', 'create process', 'process list', 'reg delete value', 'reg set value', 'create directory', 'memdump'];

export async function startFakeLrServer(options: FakeLrOptions = {}): Promise<FakeLrServer> {
  const maxSessions = options.maxSessions ?? 10;
  const sessionStartMs = options.sessionStartMs ?? 20;
  const commandMs = options.commandMs ?? 5;
  const offline = new Set(options.offlineSensors ?? []);
  const token = options.token ?? 'fake-lr-token';
  const sessions = new Map<number, Sess>();
  const disks = new Map<number, Map<string, Buffer>>();
  const stats = { openSessions: 0, maxConcurrentSessions: 0, sessionsCreated: 0, commands: 0, refused: 0 };
  let faults: { errorRate: number; status: number; resetRate: number; pathPattern: RegExp | undefined } | undefined;
  let nextSession = 1;
  const requests: { method: string; path: string }[] = [];

  const disk = (sensor: number): Map<string, Buffer> => {
    let d = disks.get(sensor);
    if (!d) {
      d = new Map([['c:\\windows\\system32\\drivers\\etc\\hosts', Buffer.from(`127.0.0.1 localhost # sensor ${sensor}`)]]);
      disks.set(sensor, d);
    }
    return d;
  };
  const isOpen = (s: Sess): boolean => s.status === 'pending' || s.status === 'active';
  const recount = (): void => {
    stats.openSessions = [...sessions.values()].filter(isOpen).length;
    stats.maxConcurrentSessions = Math.max(stats.maxConcurrentSessions, stats.openSessions);
  };
  const statusOf = (s: Sess): string => (s.status === 'pending' && !offline.has(s.sensor_id) && Date.now() >= s.activeAt ? (s.status = 'active') : s.status);
  const sessionDoc = (s: Sess): Record<string, unknown> => ({
    id: s.id, sensor_id: s.sensor_id, status: statusOf(s), supported_commands: SUPPORTED, drives: ['C:\\'], current_working_directory: 'C:\\Windows\\CarbonBlack',
    session_timeout: 300, sensor_wait_timeout: 120, check_in_timeout: 1200, hostname: `HOST-${s.sensor_id}`, create_time: s.activeAt / 1000,
  });
  const wait = (ms: number, req: IncomingMessage): Promise<void> => new Promise((r) => {
    const t = setTimeout(r, Math.max(0, ms));
    req.socket.once('close', () => {
      clearTimeout(t);
      r();
    });
  });

  function execute(s: Sess, body: Record<string, unknown>): Record<string, unknown> {
    const d = disk(s.sensor_id);
    const obj = typeof body['object'] === 'string' ? (body['object'] as string) : '';
    const key = obj.toLowerCase();
    const fail = (code: number) => ({ status: 'error', result_type: 'WinHresult', result_code: code, result_desc: '' });
    switch (body['name']) {
      case 'get file': {
        const data = d.get(key);
        if (!data) return fail(0x80070002);
        const offset = typeof body['offset'] === 'number' ? body['offset'] : 0;
        const count = typeof body['get_count'] === 'number' ? body['get_count'] : data.length;
        const fid = s.nextId++;
        s.files.set(fid, data.subarray(offset, offset + count));
        return { file_id: fid };
      }
      case 'put file': {
        const f = s.files.get(Number(body['file_id']));
        if (!f) return fail(0x80070002);
        d.set(key, f);
        return {};
      }
      case 'delete file':
        if (!d.delete(key)) return fail(0x80070002);
        return {};
      case 'directory list': {
        const prefix = key.replace(/\*$/, '');
        const files = [...d.entries()].filter(([p]) => p.startsWith(prefix) && !p.slice(prefix.length).includes('\\'))
          .map(([p, b]) => ({ filename: p.slice(prefix.length), attributes: ['ARCHIVE'], size: b.length, create_time: 1, last_access_time: 1, last_write_time: 1 }));
        return { files };
      }
      case 'create process': {
        if (typeof body['output_file'] === 'string') d.set((body['output_file'] as string).toLowerCase(), Buffer.from(`output of ${obj}`));
        return { pid: 1000 + s.nextId, return_code: 0 };
      }
      case 'process list':
        return { processes: [{ pid: 4, parent: 0, path: '', command_line: '', username: 'NT AUTHORITY\\SYSTEM', sid: 's-1-5-18', create_time: 1, proc_guid: 'g', parent_guid: 'p' }] };
      case 'kill':
        return body['object'] === 0 ? fail(0x80070057) : {};
      case 'reg query value':
        return { value: { value_name: obj.split('\\').pop(), value_type: 'REG_SZ', value_data: `sensor ${s.sensor_id}` } };
      case 'reg enum key':
        return { values: [], sub_keys: ['Enum'] };
      case 'memdump':
        d.set(body['compress'] ? `${key}.zip` : key, Buffer.alloc(4096, 7));
        return {};
      default:
        return {};
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    requests.push({ method: req.method ?? '', path });
    const send = (status: number, body: unknown): void => {
      if (res.destroyed || req.socket.destroyed) return; // the client gave up on a long poll
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }).end(text);
    };
    if (req.headers['x-auth-token'] !== token) return send(401, { reason: 'unauthorized' });
    if (faults && (!faults.pathPattern || faults.pathPattern.test(path))) {
      if (Math.random() < faults.resetRate) {
        req.socket.destroy();
        return;
      }
      if (Math.random() < faults.errorRate) return send(faults.status, { reason: 'injected fault' });
    }
    const json = (): Record<string, unknown> => (raw.length ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {});
    const longPoll = url.searchParams.get('wait') === 'true';
    let m: RegExpExecArray | null;
    if (path === '/api/v1/cblr/session' && req.method === 'GET') {
      const activeOnly = url.searchParams.get('active_only') === 'true';
      return send(200, [...sessions.values()].filter((s) => !activeOnly || isOpen(s)).map(sessionDoc));
    }
    if (path === '/api/v1/cblr/session' && req.method === 'POST') {
      const sensorId = Number(json()['sensor_id']);
      if ([...sessions.values()].filter(isOpen).length >= maxSessions) {
        stats.refused++;
        return send(503, { reason: 'Too many Live Response sessions' });
      }
      const s: Sess = { id: nextSession++, sensor_id: sensorId, status: 'pending', activeAt: Date.now() + sessionStartMs, commands: new Map(), files: new Map(), nextId: 1 };
      sessions.set(s.id, s);
      stats.sessionsCreated++;
      recount();
      return send(200, { id: s.id, sensor_id: sensorId, status: 'pending' });
    }
    if ((m = /^\/api\/v1\/cblr\/session\/(\d+)(\/.*)?$/.exec(path))) {
      const s = sessions.get(Number(m[1]));
      if (!s || !isOpen(s) && m[2] !== undefined) return send(404, `Session ${m[1]} not found`);
      const rest = m[2] ?? '';
      if (rest === '' && req.method === 'GET') {
        if (longPoll && statusOf(s) === 'pending') await wait(offline.has(s.sensor_id) ? 200 : s.activeAt - Date.now(), req);
        return send(200, sessionDoc(s));
      }
      if (rest === '' && req.method === 'PUT') {
        if (json()['status'] === 'close') s.status = 'close';
        recount();
        return send(200, sessionDoc(s));
      }
      if (rest === '/keepalive') return send(200, {});
      if (statusOf(s) !== 'active') return send(404, `Session ${s.id} is not active`);
      if (rest === '/command' && req.method === 'POST') {
        const body = json();
        const id = s.nextId++;
        stats.commands++;
        const wire: Record<string, unknown> = { id, session_id: s.id, sensor_id: s.sensor_id, name: body['name'], object: body['object'] ?? null, status: 'pending' };
        s.commands.set(id, { wire, doneAt: Date.now() + commandMs });
        return send(200, wire);
      }
      if ((m = /^\/command\/(\d+)$/.exec(rest))) {
        const c = s.commands.get(Number(m[1]));
        if (!c) return send(404, { status: 'NOT_FOUND' });
        if (c.wire['status'] === 'pending') {
          if (longPoll) await wait(c.doneAt - Date.now(), req);
          if (Date.now() >= c.doneAt) Object.assign(c.wire, { status: 'complete', result_code: 0, result_type: 'WinHresult', result_desc: '', completion: Date.now() / 1000 }, execute(s, c.wire));
        }
        return send(200, c.wire);
      }
      if (rest === '/file' && req.method === 'POST') {
        const text = raw.toString('latin1');
        const start = text.indexOf('\r\n\r\n') + 4;
        const end = text.lastIndexOf('\r\n--');
        const id = s.nextId++;
        s.files.set(id, raw.subarray(start, end));
        return send(200, { id });
      }
      if ((m = /^\/file\/(\d+)\/content$/.exec(rest))) {
        const f = s.files.get(Number(m[1]));
        if (!f) return send(404, { status: 'NOT_FOUND' });
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(f);
        return;
      }
    }
    send(404, { reason: `no route ${req.method} ${path}` });
  }

  const server = createServer({ key: TEST_KEY, cert: TEST_CERT }, (req, res) => {
    req.socket.on('error', () => undefined); // aborted long polls reset their sockets
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(e));
      });
    });
  });
  server.keepAliveTimeout = 1000;
  server.on('clientError', (_e, socket) => socket.destroy());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    token,
    stats,
    requests,
    faults: {
      set(f) {
        faults = { errorRate: f.errorRate ?? 0, status: f.status ?? 503, resetRate: f.resetRate ?? 0, pathPattern: f.pathPattern };
      },
      clear() {
        faults = undefined;
      },
    },
    expireSession(id) {
      sessions.delete(id);
      recount();
    },
    sessions: () => [...sessions.values()].map((s) => ({ id: s.id, sensor_id: s.sensor_id, status: s.status })),
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
