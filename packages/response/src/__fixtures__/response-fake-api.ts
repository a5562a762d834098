// Test helper (not built): a CbResponseAPI over an in-process fake transport that records calls.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { ObjectNotFoundError, ServerError, UnauthorizedError, createObjectCache } from '@cbapi/core';
import type { Credentials, HttpMethod, RequestOptions, SearchParams, Transport, TransportResponse } from '@cbapi/core';
import { CbResponseAPI } from '../cb-response-api.js';

/** One recorded call; `params` keeps repeated keys as arrays. */
export interface Call {
  method: HttpMethod;
  path: string;
  params: Record<string, string | string[]>;
  json: unknown;
  body: unknown;
}

/** A handler answers a call: a JSON body, a Buffer (streams), or throws a core error. */
export type Handler = (call: Call) => unknown;

function flatten(params: SearchParams | URLSearchParams | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!params) return out;
  const entries: Array<[string, unknown]> = params instanceof URLSearchParams ? [...params] : Object.entries(params);
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

export class RecordingTransport implements Transport {
  readonly baseUrl = 'https://cb.example.com';
  readonly stats = { requests: 0, retries: 0 };
  readonly calls: Call[] = [];
  constructor(private readonly handler: Handler) {}
  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<TransportResponse<T>> {
    options.signal?.throwIfAborted();
    const call: Call = { method, path, params: flatten(options.searchParams), json: options.json, body: options.body };
    this.calls.push(call);
    this.stats.requests++;
    await Promise.resolve();
    const out = await this.handler(call);
    return { status: out === undefined ? 204 : 200, headers: {}, body: (out === undefined ? undefined : JSON.parse(JSON.stringify(out))) as T };
  }
  async get<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('GET', path, o)).body; }
  async post<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('POST', path, o)).body; }
  async put<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('PUT', path, o)).body; }
  async patch<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('PATCH', path, o)).body; }
  async delete<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('DELETE', path, o)).body; }
  async stream(path: string, options: RequestOptions = {}): Promise<Readable> {
    const call: Call = { method: 'GET', path, params: flatten(options.searchParams), json: undefined, body: undefined };
    this.calls.push(call);
    this.stats.requests++;
    const out = await this.handler(call);
    const buf = Buffer.isBuffer(out) ? out : Buffer.from(out instanceof Uint8Array ? out : String(out));
    const parts: Buffer[] = [];
    for (let i = 0; i < buf.length; i += 4096) parts.push(buf.subarray(i, i + 4096));
    return Readable.from(parts);
  }
  close(): void {}
}

export const CREDENTIALS: Credentials = {
  url: 'https://cb.example.com', token: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed', sslVerify: true, sslVerifyHostname: true,
  sslForceTls12: false, ignoreSystemProxy: false,
};

export const notFound = (path: string): ObjectNotFoundError => new ObjectNotFoundError(`not found: ${path}`, { method: 'GET', path });
export const forbidden = (path: string): UnauthorizedError => new UnauthorizedError('forbidden', { status: 403, method: 'GET', path });
export const serverError = (status: number, path: string): ServerError => new ServerError(`HTTP ${status}`, { status, method: 'GET', path });

/** The recorded body of a fixture in this folder (`info.v6-2.json` holds a whole recording). */
export function fixture<T = unknown>(name: string): T {
  const data = JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as unknown;
  if (typeof data === 'object' && data !== null && 'method' in data && 'body' in data) return (data as { body: T }).body;
  return data as T;
}

/** Connects a CbResponseAPI to a handler; `version` patches `/api/info`, `partitions` answers the partition route. */
export async function fakeResponseApi(
  handler: Handler,
  options: { version?: string; partitions?: unknown; cache?: boolean } = {},
): Promise<{ cb: CbResponseAPI; transport: RecordingTransport; calls: () => Call[] }> {
  const info = { ...fixture<Record<string, unknown>>('info.v6-2.json'), ...(options.version ? { version: options.version } : {}) };
  const transport = new RecordingTransport((call) => {
    if (call.method === 'GET' && call.path === '/api/info') return info;
    if (call.method === 'GET' && call.path === '/api/v1/storage/events/partition') {
      if (options.partitions instanceof Error) throw options.partitions;
      return options.partitions ?? fixture('storage-partition.list.json');
    }
    return handler(call);
  });
  const cache = options.cache === false ? undefined : createObjectCache({ namespace: 'cbapi:response:cb.example.com' });
  const cb = new CbResponseAPI({ product: 'response', credentials: CREDENTIALS, transport, cache });
  await cb.initialize();
  const startAt = transport.calls.length;
  return { cb, transport, calls: () => transport.calls.slice(startAt) };
}
