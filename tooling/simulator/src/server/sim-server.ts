import { createServer as createHttpServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { FaultDecision, FaultInjector } from './fault-injector.js';
import type { RequestLog } from './request-log.js';
import { SimHttpError } from './router.js';
import type { Router, SimProduct, SimRequest, SimResponse } from './router.js';

/** How a {@link SimServer} behaves. */
export interface SimServerOptions {
  router: Router;
  tokens: Record<SimProduct, string>;
  faults: FaultInjector;
  requests: RequestLog;
  /** PEM certificate and key for HTTPS; undefined = plain HTTP. */
  tls: { certPem: string; keyPem: string } | undefined;
  latencyMs: number;
  maxLoggedRequests: number;
  /** Largest accepted request body. @defaultValue 64 MiB */
  maxBodyBytes?: number;
}

const BASE_HEADERS: Record<string, string> = {
  Server: 'openresty',
  'Cache-Control': 'max-age=0',
  Pragma: 'no-cache',
  'Strict-Transport-Security': 'max-age=31536000',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};
const BASE_HEADER_LIST: readonly string[] = Object.entries(BASE_HEADERS).flat();
const JSON_TYPE = 'application/json; charset=utf-8';
const EMPTY = Buffer.alloc(0);
/** Bodies smaller than this are sent uncompressed even when the client accepts gzip (CPU, not bytes, is the cost). */
const GZIP_MIN_BYTES = 1024;

/** Which product a path belongs to (its auth token), or undefined for paths outside every product. */
export function productOfPath(path: string): SimProduct | undefined {
  if (path.startsWith('/api/bit9platform/')) return 'protection';
  if (path.startsWith('/integrationServices/')) return 'defense';
  if (path.startsWith('/api/') || path === '/api') return 'response';
  return undefined;
}

function unauthorizedBody(product: SimProduct): { body: string; type: string } {
  switch (product) {
    case 'response':
      return {
        type: 'text/html; charset=utf-8',
        body:
          '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>401 Unauthorized</title>\n<h1>Unauthorized</h1>\n' +
          "<p>The server could not verify that you are authorized to access the URL requested.  You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.</p>\n",
      };
    case 'protection':
      return { type: 'text/plain; charset=utf-8', body: 'Unauthorized: invalid or missing API token' };
    default:
      return { type: JSON_TYPE, body: JSON.stringify({ success: false, message: 'Authentication failed: invalid API key or connector id' }) };
  }
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 429: 'Too Many Requests',
    500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out',
  };
  return texts[status] ?? 'Error';
}

/** The openresty-style HTML error page the real servers answer for proxy-level errors. */
export function openrestyErrorPage(status: number): string {
  const t = `${status} ${statusText(status)}`;
  return `<html>\r\n<head><title>${t}</title></head>\r\n<body bgcolor="white">\r\n<center><h1>${t}</h1></center>\r\n<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n`;
}

function parseQuery(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const prev = query[key];
    if (prev === undefined) query[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else query[key] = [prev, value];
  }
  return query;
}

let dateSecond = 0;
let dateText = '';
/** The `Date` header, formatted once per second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A {@link SimRequest} whose abort signal is built only when a handler reads it (long polls); most never do. */
class LazySignalRequest implements SimRequest {
  readonly headers: IncomingHttpHeaders;
  private controller: AbortController | undefined;
  private onClose: (() => void) | undefined;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly query: Record<string, string | string[]>,
    private readonly req: IncomingMessage,
    readonly body: unknown,
    readonly rawBody: Buffer,
    readonly params: Record<string, string>,
    private readonly inflight: Set<AbortController>,
  ) {
    this.headers = req.headers;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      this.inflight.add(controller);
      this.onClose = (): void => controller.abort(new Error('client went away'));
      this.req.socket.once('close', this.onClose);
    }
    return this.controller.signal;
  }

  /** Forgets the signal once the handler is done. */
  release(): void {
    if (this.controller) this.inflight.delete(this.controller);
    if (this.onClose) this.req.socket.off('close', this.onClose);
  }
}

/**
 * The HTTP(S) front of the simulator: auth per product prefix, routing, faults, latency, gzip, the
 * request log. Plain `node:http`/`node:https`.
 * @internal
 */
export class SimServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly inflight = new Set<AbortController>();

  constructor(private readonly options: SimServerOptions) {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((error: unknown) => {
        // last resort: a bug in the simulator itself
        if (!res.headersSent) {
          res.writeHead(500, { ...BASE_HEADERS, 'Content-Type': JSON_TYPE });
          res.end(JSON.stringify({ reason: `simulator error: ${error instanceof Error ? error.message : String(error)}` }));
        } else res.destroy();
      });
    };
    this.server = options.tls ? createHttpsServer({ cert: options.tls.certPem, key: options.tls.keyPem }, handler) : createHttpServer(handler);
    this.server.keepAliveTimeout = 65_000;
    this.server.on('connection', (socket: Socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('secureConnection', (socket: Socket) => socket.setNoDelay(true));
  }

  /** Listens on 127.0.0.1 and resolves with the port. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops listening, aborts long polls and closes every connection. */
  close(): Promise<void> {
    for (const controller of this.inflight) controller.abort(new Error('simulator closed'));
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    let path = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    try {
      path = decodeURI(path);
    } catch {
      // keep the raw path; the router answers 404
    }
    const query = q >= 0 ? parseQuery(rawUrl.slice(q + 1)) : {};
    const rawBody = await this.readBody(req);
    let body: unknown;
    if (rawBody.length > 0) {
      const text = rawBody.toString('utf8');
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    // non-JSON bodies (uploads) are logged as their first 4 KiB of text, so the log stays small
    const entry = { method, path, query, body: body ?? (rawBody.length > 0 ? rawBody.subarray(0, 4096).toString('utf8') : undefined), status: 0, ms: 0 };
    const finish = (status: number): void => {
      entry.status = status;
      entry.ms = performance.now() - started;
      this.options.requests.record(entry, this.options.maxLoggedRequests);
    };

    const fault = this.options.faults.decide(method, path);
    if (fault.action === 'reset') {
      finish(0);
      req.socket.destroy();
      return;
    }
    const answer = await this.answer(req, method, path, query, body, rawBody, fault);
    const delay = this.options.latencyMs + fault.latencyMs;
    if (delay > 0) await sleep(delay);
    await this.send(req, res, answer, fault.slowBodyMs);
    finish(answer.status ?? 200);
  }

  private async answer(
    req: IncomingMessage,
    method: string,
    path: string,
    query: Record<string, string | string[]>,
    body: unknown,
    rawBody: Buffer,
    fault: FaultDecision,
  ): Promise<SimResponse> {
    const product = productOfPath(path);
    if (product) {
      const token = req.headers['x-auth-token'];
      if (token !== this.options.tokens[product]) {
        const page = unauthorizedBody(product);
        return { status: 401, body: page.body, headers: { 'Content-Type': page.type } };
      }
    }
    if (fault.action === 'error') {
      const headers: Record<string, string> = { 'Content-Type': 'text/html' };
      if (fault.retryAfterS !== undefined && (fault.status === 429 || fault.status === 503)) headers['Retry-After'] = String(fault.retryAfterS);
      return { status: fault.status, body: openrestyErrorPage(fault.status), headers };
    }
    const match = this.options.router.match(method, path);
    if (!match) return { status: 404, body: openrestyErrorPage(404), headers: { 'Content-Type': 'text/html' } };
    if ('methodNotAllowed' in match) return { status: 405, body: openrestyErrorPage(405), headers: { 'Content-Type': 'text/html' } };
    const request = new LazySignalRequest(method, path, query, req, body, rawBody, match.params, this.inflight);
    try {
      return await match.handler(request);
    } catch (error) {
      if (error instanceof SimHttpError) return { status: error.status, ...(typeof error.body === 'string' ? { body: error.body, headers: { 'Content-Type': 'text/html', ...error.headers } } : { json: error.body, headers: error.headers }) };
      return { status: 500, json: { reason: error instanceof Error ? error.message : String(error) } };
    } finally {
      request.release();
    }
  }

  private async send(req: IncomingMessage, res: ServerResponse, answer: SimResponse, slowBodyMs: number): Promise<void> {
    const status = answer.status ?? 200;
    // a flat [name, value, ...] list: much cheaper for node than building and walking a header object
    const headers = BASE_HEADER_LIST.slice();
    headers.push('Date', httpDate());
    // JSON stays a string unless compressed: node writes headers and a string body in one write
    let payload: string | Buffer | Readable;
    let type: string | undefined;
    if (answer.json !== undefined) {
      type = JSON_TYPE;
      payload = JSON.stringify(answer.json);
    } else if (answer.body instanceof Readable) {
      payload = answer.body;
    } else {
      payload = answer.body ?? '';
      if (answer.body === undefined && status !== 204) type = JSON_TYPE;
    }
    if (answer.headers) {
      for (const name in answer.headers) {
        const value = answer.headers[name] as string;
        if (name.toLowerCase() === 'content-type') type = value;
        else headers.push(name, value);
      }
    }
    if (type !== undefined) headers.push('Content-Type', type);
    if (payload instanceof Readable) {
      res.writeHead(status, headers);
      const stream = payload;
      await new Promise<void>((resolve) => {
        stream.on('error', () => {
          res.destroy();
          resolve();
        });
        res.on('close', resolve);
        stream.pipe(res);
      });
      return;
    }
    if (status === 204 || status === 304) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    if (length >= GZIP_MIN_BYTES) {
      const accept = req.headers['accept-encoding'];
      if (accept !== undefined && /\bgzip\b/.test(accept) && !(type ?? '').includes('zip') && !(type ?? '').includes('octet-stream')) {
        payload = gzipSync(payload, { level: 1 });
        headers.push('Content-Encoding', 'gzip');
      }
    }
    headers.push('Content-Length', String(typeof payload === 'string' ? length : payload.length));
    res.writeHead(status, headers);
    if (slowBodyMs > 0) {
      const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
      if (bytes.length > 1) {
        const pieces = Math.min(8, bytes.length);
        const size = Math.ceil(bytes.length / pieces);
        for (let i = 0; i < bytes.length; i += size) {
          if (res.destroyed) return;
          res.write(bytes.subarray(i, i + size));
          await sleep(slowBodyMs / pieces);
        }
        res.end();
        return;
      }
    }
    res.end(payload);
  }

  private readBody(req: IncomingMessage): Promise<Buffer> {
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return Promise.resolve(EMPTY);
    const limit = this.options.maxBodyBytes ?? 64 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.destroy();
          reject(new SimHttpError(413, openrestyErrorPage(413)));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }
}
