import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router, SimHttpError, type SimRequest, type SimResponse } from '../../server/router.js';
import { SimWorld, type WorldOptions } from '../../state.js';
import { registerLiveResponseRoutes, type LiveResponseService } from '../register-live-response-routes.js';
import type { LiveResponseOptions } from '../types.js';

/** A reply as the tests see it. */
export interface TestReply {
  status: number;
  headers: Headers;
  text: string;
  bytes: Buffer;
  /** Parsed JSON (undefined when the body is not JSON). */
  json: any;
}

/** A tiny node:http front for the Live Response routes (no auth, no faults): enough to test them over real HTTP. */
export interface LrTestServer {
  url: string;
  world: SimWorld;
  lr: LiveResponseService;
  request(method: string, path: string, options?: { json?: unknown; body?: Buffer; headers?: Record<string, string>; signal?: AbortSignal }): Promise<TestReply>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the routes on 127.0.0.1:0 over a fresh world. */
export async function startLrTestServer(options: LiveResponseOptions = {}, worldOptions: WorldOptions = { seed: 1, sensors: 24, offlineSensors: 2 }): Promise<LrTestServer> {
  const world = new SimWorld(worldOptions);
  const router = new Router();
  const lr = registerLiveResponseRoutes(router, world, options);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readBody(req);
    let body: unknown;
    try {
      body = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const match = router.match(req.method ?? 'GET', url.pathname);
    let answer: SimResponse;
    if (!match) answer = { status: 404, body: 'no route' };
    else if ('methodNotAllowed' in match) answer = { status: 405, body: 'method not allowed' };
    else {
      const controller = new AbortController();
      res.once('close', () => {
        if (!res.writableFinished) controller.abort(new Error('client went away'));
      });
      const request: SimRequest = { method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body, rawBody, params: match.params, signal: controller.signal };
      try {
        answer = await match.handler(request);
      } catch (error) {
        if (error instanceof SimHttpError) answer = typeof error.body === 'string' ? { status: error.status, body: error.body, headers: error.headers } : { status: error.status, json: error.body, headers: error.headers };
        else answer = { status: 500, json: { reason: String(error) } };
      }
    }
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...(answer.headers ?? {}) };
    let payload: Buffer;
    if (answer.json !== undefined) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      payload = Buffer.from(JSON.stringify(answer.json));
    } else payload = typeof answer.body === 'string' ? Buffer.from(answer.body) : Buffer.isBuffer(answer.body) ? answer.body : Buffer.alloc(0);
    res.writeHead(answer.status ?? 200, headers);
    res.end(payload);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    world,
    lr,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      let requestBody: Buffer | string | undefined = opts.body;
      if (opts.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        requestBody = JSON.stringify(opts.json);
      }
      const reply = await fetch(`${url}${path}`, { method, headers, body: requestBody, ...(opts.signal ? { signal: opts.signal } : {}) });
      const bytes = Buffer.from(await reply.arrayBuffer());
      const text = bytes.toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: reply.status, headers: reply.headers, text, bytes, json };
    },
    async close() {
      lr.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
