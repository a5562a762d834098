import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { gunzipSync } from 'node:zlib';
import type { Simulator } from '../simulator-options.js';

/** A reply as tests see it. */
export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Options of one test request. */
export interface CallOptions {
  body?: unknown;
  /** Token to send; null = none. @defaultValue the Response token */
  token?: string | null;
  headers?: Record<string, string>;
}

/** Sends one request to a simulator (trusting its certificate) and reads the whole answer. */
export function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const url = new URL(path, sim.url);
  const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const token = options.token === undefined ? sim.tokens.response : options.token;
  if (token !== null) headers['X-Auth-Token'] = token;
  if (body) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const done = (res: import('node:http').IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        let raw = Buffer.concat(chunks);
        if (res.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
        const text = raw.toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text, json });
      });
    };
    const req = url.protocol === 'https:' ? httpsRequest(url, { method, headers, ca: sim.certPem, agent: false }, done) : httpRequest(url, { method, headers, agent: false }, done);
    req.on('error', reject);
    req.end(body);
  });
}
