import type { Readable } from 'node:stream';

/** HTTP methods the SDK sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type SearchParamValue = string | number | boolean;
/** Query parameters. Arrays become repeated keys; `undefined` values are dropped. On the wire they are sorted by key, then value, as cbapi sends them. */
export type SearchParams = Record<string, SearchParamValue | readonly SearchParamValue[] | undefined>;

/** Where debug lines go (`HTTP GET /api/v1/process?... took 0.462s (response 200)`). Tokens are redacted before they get here. @public */
export interface Logger {
  debug(message: string): void;
  info?(message: string): void;
  warn(message: string): void;
  error?(message: string): void;
}

/** Per-request options. @public */
export interface RequestOptions {
  searchParams?: SearchParams | URLSearchParams;
  /** A JSON body (Content-Type application/json). */
  json?: unknown;
  /** A raw body: a multipart `FormData`, a Buffer, a string or a stream. */
  body?: Buffer | string | Readable | FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Per-request timeout in ms (connect and response). */
  timeout?: number;
  /** Allow retrying a POST/PATCH after it may have reached the server. @defaultValue false */
  idempotent?: boolean;
  /** What the failing object is, for error messages: `Sensor 42`. */
  object?: string;
}

/** A response with its status and headers, for the few callers that need more than the body. */
export interface TransportResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON (or undefined for 204 / an empty body). */
  body: T;
}

/** Hooks for logging and tracing (Octokit-style), not middleware. @public */
export interface TransportHooks {
  beforeRequest?: (request: { method: HttpMethod; path: string }) => void;
  afterResponse?: (response: { method: HttpMethod; path: string; status: number; ms: number }) => void;
  beforeError?: (error: Error) => void;
}

/** Transport options `connect()` takes. Durations in ms. @public */
export interface TransportOptions {
  /** Per-request timeout (connect and response) in ms. @defaultValue 120_000 */
  timeout?: number;
  /** Retries for network errors, 429, 502, 503, 504. @defaultValue 5 */
  maxRetries?: number;
  /** Appended to the User-Agent. */
  userAgent?: string;
  logger?: Logger;
  /** Requests in flight to this server at once. @defaultValue 16 */
  maxConcurrency?: number;
  hooks?: TransportHooks;
  /** Time allowed to open the TCP connection and finish the TLS handshake, in ms. @defaultValue 10_000 */
  connectTimeoutMs?: number;
  /** First backoff ceiling in ms; doubles per attempt (full jitter). @defaultValue 500 */
  retryBaseDelayMs?: number;
  /** Largest backoff in ms. @defaultValue 30_000 */
  maxRetryDelayMs?: number;
  /** Largest Retry-After honoured, in ms. @defaultValue 60_000 */
  maxRetryAfterMs?: number;
  /** Environment for HTTPS_PROXY / NO_PROXY. @defaultValue `process.env` */
  env?: NodeJS.ProcessEnv;
}

/** Counters, for benchmarks and tests. */
export interface TransportStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
}

/**
 * One server connection: auth, JSON, retries, logging and error mapping. Paths may start with
 * `/` (`/api/info`) or not. Every failure is an ApiError subclass; AbortError passes through.
 * @public
 */
export interface Transport {
  /** The server URL, no trailing slash. */
  readonly baseUrl: string;
  readonly stats: TransportStats;
  request<T = unknown>(method: HttpMethod, path: string, options?: RequestOptions): Promise<TransportResponse<T>>;
  /** GET and parse JSON; 204 gives undefined. */
  get<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  post<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  put<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  patch<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  /** A raw download; the status is checked (and errors mapped) before the stream is returned. */
  stream(path: string, options?: RequestOptions): Promise<Readable>;
  /** Releases sockets. */
  close(): void;
}
