/**
 * An in-memory Cb Response Live Response server behind the `Transport` interface, for measuring
 * the job runner's own cost (no HTTP, no latency): sessions are active at once, commands complete
 * at once, closes are counted.
 */
import type { Readable } from 'node:stream';
import type { HttpMethod, RequestOptions, Transport, TransportResponse } from '@cbapi/core';

/** See the module comment. */
export class MemoryLrTransport implements Transport {
  readonly baseUrl = 'https://memory.invalid';
  readonly stats = { requests: 0, retries: 0 };
  open = 0;
  maxOpen = 0;
  private readonly sessions = new Map<number, { id: number; sensor_id: number; status: string }>();
  private nextId = 1;

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<TransportResponse<T>> {
    this.stats.requests++;
    const reply = (b: unknown): TransportResponse<T> => ({ status: 200, headers: {}, body: b as T });
    const body = options.json as Record<string, unknown> | undefined;
    if (path === '/api/v1/cblr/session') {
      if (method === 'GET') return reply([...this.sessions.values()].filter((s) => s.status === 'active'));
      const s = { id: this.nextId++, sensor_id: Number(body?.['sensor_id']), status: 'active' };
      this.sessions.set(s.id, s);
      this.maxOpen = Math.max(this.maxOpen, ++this.open);
      return reply({ ...s });
    }
    const m = /^\/api\/v1\/cblr\/session\/(\d+)(\/command(?:\/(\d+))?)?$/.exec(path);
    const s = m ? this.sessions.get(Number(m[1])) : undefined;
    if (!m || !s) throw new Error(`memory transport: unexpected ${method} ${path}`);
    if (m[2] === undefined) {
      if (method === 'PUT' && s.status !== 'close') {
        s.status = 'close';
        this.open--;
      }
      return reply({ ...s });
    }
    return reply({ id: Number(m[3] ?? 1), session_id: s.id, name: 'process list', status: 'complete', processes: [] });
  }
  async get<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('GET', path, o)).body; }
  async post<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('POST', path, o)).body; }
  async put<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('PUT', path, o)).body; }
  async patch<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('PATCH', path, o)).body; }
  async delete<T>(path: string, o?: RequestOptions): Promise<T> { return (await this.request<T>('DELETE', path, o)).body; }
  stream(): Promise<Readable> { return Promise.reject(new Error('memory transport: no streams')); }
  close(): void {}
}
