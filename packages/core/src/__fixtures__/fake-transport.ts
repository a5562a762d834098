import { Readable } from 'node:stream';
import { BaseApi } from '../client/base-api.js';
import { createObjectCache, type ObjectCache } from '../cache/create-object-cache.js';
import type { Credentials } from '../credentials/types.js';
import type { HttpMethod, RequestOptions, SearchParams, Transport, TransportResponse } from '../transport/types.js';

/** One request the fake transport received. */
export interface FakeCall {
  method: HttpMethod;
  path: string;
  params: Record<string, string>;
  json: unknown;
  options: RequestOptions;
}

/** What a handler returns: a body (status 200), or `{ status, body }` via `reply()`. */
export type FakeHandler = (call: FakeCall) => unknown;

const REPLY = Symbol('reply');
/** A reply with an explicit status (e.g. 204 with no body). */
export function reply(status: number, body?: unknown): { [REPLY]: true; status: number; body: unknown } {
  return { [REPLY]: true, status, body };
}

function flatten(params: SearchParams | URLSearchParams | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!params) return out;
  if (params instanceof URLSearchParams) {
    for (const [k, v] of params) out[k] = v;
    return out;
  }
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}

/** A Transport that answers from `handler` in-process and records every call. */
export class FakeTransport implements Transport {
  readonly baseUrl = 'https://cb.example.com';
  readonly stats = { requests: 0, retries: 0 };
  readonly calls: FakeCall[] = [];
  closed = 0;
  constructor(private readonly handler: FakeHandler) {}

  async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<TransportResponse<T>> {
    if (options.signal?.aborted) throw options.signal.reason;
    const call: FakeCall = { method, path, params: flatten(options.searchParams), json: options.json === undefined ? undefined : JSON.parse(JSON.stringify(options.json)), options };
    this.calls.push(call);
    this.stats.requests++;
    await Promise.resolve();
    const out = await this.handler(call);
    if (options.signal?.aborted) throw options.signal.reason;
    if (typeof out === 'object' && out !== null && REPLY in out) {
      const r = out as unknown as { status: number; body: unknown };
      return { status: r.status, headers: {}, body: (r.status === 204 ? undefined : r.body) as T };
    }
    return { status: 200, headers: {}, body: JSON.parse(JSON.stringify(out ?? null)) as T };
  }
  async get<T = unknown>(path: string, options?: RequestOptions): Promise<T> { return (await this.request<T>('GET', path, options)).body; }
  async post<T = unknown>(path: string, options?: RequestOptions): Promise<T> { return (await this.request<T>('POST', path, options)).body; }
  async put<T = unknown>(path: string, options?: RequestOptions): Promise<T> { return (await this.request<T>('PUT', path, options)).body; }
  async patch<T = unknown>(path: string, options?: RequestOptions): Promise<T> { return (await this.request<T>('PATCH', path, options)).body; }
  async delete<T = unknown>(path: string, options?: RequestOptions): Promise<T> { return (await this.request<T>('DELETE', path, options)).body; }
  async stream(path: string, options?: RequestOptions): Promise<Readable> {
    const body = await this.get<unknown>(path, options);
    return Readable.from([Buffer.from(String(body))]);
  }
  close(): void { this.closed++; }
}

export const FAKE_CREDENTIALS: Credentials = {
  url: 'https://cb.example.com', token: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed', sslVerify: true, sslVerifyHostname: true,
  sslForceTls12: false, ignoreSystemProxy: false,
};

/** A BaseApi over a FakeTransport, with an in-memory object cache unless `cache: false`. */
export function fakeApi(handler: FakeHandler, options: { cache?: false | ObjectCache } = {}): { api: BaseApi; transport: FakeTransport } {
  const transport = new FakeTransport(handler);
  const cache = options.cache === false ? undefined : options.cache ?? createObjectCache({ namespace: 'cbapi:response:cb.example.com' });
  const api = new BaseApi({ product: 'response', credentials: FAKE_CREDENTIALS, transport, cache });
  return { api, transport };
}
