import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import { Readable } from 'node:stream';
import { debuglog } from 'node:util';
import got, { type Got, type OptionsInit, type Response } from 'got';
import { HttpsProxyAgent } from 'hpagent';
import { assertProduct } from '../credentials/credential-files.js';
import { hideUserInfo, normalizeServerUrl } from '../credentials/profile-values.js';
import type { Credentials, Product } from '../credentials/types.js';
import { ApiError } from '../errors/api-error.js';
import { CredentialError } from '../errors/credential-error.js';
import { ServerError } from '../errors/server-error.js';
import { redact } from '../internal/redact.js';
import { VERSION } from '../version.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { ACCEPT_ENCODING, decodeBody } from './decode-body.js';
import { relativePath } from './encode-query.js';
import { proxyForUrl } from './proxy-for-url.js';
import { pythonJson } from './python-json.js';
import { RETRY_ERROR_CODES, RETRY_STATUS_CODES, retryDelay, type RetryPolicy } from './retry-policy.js';
import { httpError, toCbError, type RequestContext } from './to-cb-error.js';
import type {
  HttpMethod, Logger, RequestOptions, Transport, TransportHooks, TransportOptions, TransportResponse, TransportStats,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const MAX_ERROR_BODY = 64 * 1024;

/** Per-request bookkeeping, carried in got's `context`. */
interface RequestState {
  method: HttpMethod;
  /** `/path?query`, for logs and errors. */
  path: string;
  object: string | undefined;
  idempotent: boolean;
  attempts: number;
  totalRetryDelayMs: number;
  timeoutMs: number;
  /** True while the stream retry loop decides: the user's beforeError hook waits for its verdict. */
  deferErrorHook: boolean;
  /** The last low-level failure before mapping (for the stream retry loop). */
  lastFailure: { code?: string; event?: string; status?: number; retryAfter?: string } | undefined;
}

interface Settings {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxRetryAfterMs: number;
  policy: RetryPolicy;
  hooks: TransportHooks;
  log: (message: string) => void;
  /** False when debug messages go nowhere (the default logger without `NODE_DEBUG=cbapi`): the per-request ones are not even built. */
  logsDebug: boolean;
}

const cbapiDebug = debuglog('cbapi');
/** `NODE_DEBUG=cbapi` output, and process warnings. */
const defaultLogger: Logger = {
  debug: (message) => cbapiDebug('%s', message),
  warn: (message) => process.emitWarning(message),
};

function stateOf(context: Record<string, unknown> | undefined): RequestState | undefined {
  const state = context?.['cbapi'];
  return typeof state === 'object' && state !== null ? (state as RequestState) : undefined;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function describeBody(options: RequestOptions, json: string | undefined): string | undefined {
  if (json !== undefined) return json;
  const body = options.body;
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body.length > 2048 ? `${body.slice(0, 2048)}…` : body;
  if (Buffer.isBuffer(body)) return `<${body.length} bytes>`;
  if (body instanceof Readable) return '<stream>';
  return '<multipart form>';
}

function checkPositive(name: string, value: number | undefined, fallback: number, integer: boolean, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new ApiError(`Transport option ${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${String(value)}`);
  }
  return value;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** got's error fields this file reads. */
interface GotFailure {
  name?: string;
  code?: string;
  event?: string;
  options?: { context?: Record<string, unknown> };
  response?: { statusCode: number; headers: Record<string, string | string[] | undefined> };
}

function failureOf(error: unknown): NonNullable<RequestState['lastFailure']> {
  const e = (error ?? {}) as GotFailure;
  const out: NonNullable<RequestState['lastFailure']> = {};
  if (e.response) {
    out.status = e.response.statusCode;
    const retryAfter = headerValue(e.response.headers['retry-after']);
    if (retryAfter !== undefined) out.retryAfter = retryAfter;
  } else {
    if (e.code !== undefined) out.code = e.code;
    if (e.name === 'TimeoutError' && e.event !== undefined) out.event = e.event;
  }
  return out;
}

function waitMs(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function readCapped(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    chunks.push(buffer);
    size += buffer.length;
    if (size >= limit) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

class GotTransport implements Transport {
  readonly baseUrl: string;
  readonly stats: TransportStats = { requests: 0, retries: 0 };
  private readonly client: Got;
  private readonly limiter: ConcurrencyLimiter;
  private readonly agent: HttpsAgent;
  private closed = false;

  constructor(
    private readonly settings: Settings,
    agent: HttpsAgent,
    tls: AgentOptions,
    maxConcurrency: number,
    userAgent: string,
  ) {
    this.baseUrl = settings.baseUrl;
    this.agent = agent;
    this.limiter = new ConcurrencyLimiter(maxConcurrency);
    const { hooks, log, policy } = settings;
    this.client = got.extend({
      prefixUrl: `${settings.baseUrl}/`,
      headers: {
        'x-auth-token': settings.token,
        accept: 'application/json',
        'user-agent': userAgent,
      },
      agent: { https: agent },
      https: {
        rejectUnauthorized: tls.rejectUnauthorized ?? true,
        ...(tls.ca === undefined ? {} : { certificateAuthority: tls.ca as string }),
        ...(tls.checkServerIdentity === undefined ? {} : { checkServerIdentity: tls.checkServerIdentity }),
        ...(tls.minVersion === undefined ? {} : { minVersion: tls.minVersion }),
      },
      timeout: {
        lookup: settings.connectTimeoutMs,
        connect: settings.connectTimeoutMs,
        secureConnect: settings.connectTimeoutMs,
        response: settings.timeoutMs,
        socket: settings.timeoutMs,
      },
      responseType: 'buffer',
      followRedirect: false,
      throwHttpErrors: true,
      http2: false,
      retry: {
        limit: policy.maxRetries,
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        statusCodes: [...RETRY_STATUS_CODES],
        errorCodes: [...RETRY_ERROR_CODES],
        calculateDelay: ({ attemptCount, error }) => {
          const state = stateOf((error as GotFailure).options?.context);
          if (state === undefined) return 0;
          const failure = failureOf(error);
          const delay = retryDelay(policy, {
            attempt: attemptCount, method: state.method, idempotent: state.idempotent, ...failure,
          });
          if (delay > 0) state.totalRetryDelayMs += delay;
          return delay;
        },
      },
      hooks: {
        beforeRequest: [
          (options) => {
            const state = stateOf(options.context);
            if (state === undefined) return;
            state.attempts += 1;
            this.stats.requests += 1;
            hooks.beforeRequest?.({ method: state.method, path: state.path });
          },
        ],
        beforeRetry: [
          (error, retryCount) => {
            this.stats.retries += 1;
            const state = stateOf((error as GotFailure).options?.context);
            if (state) log(`Retrying HTTP ${state.method} ${state.path} (retry ${retryCount}) after: ${error.message}`);
          },
        ],
        afterResponse: [
          (response: Response) => {
            const state = stateOf(response.request.options.context);
            if (state) {
              const ms = Date.now() - (response.timings.start ?? Date.now());
              if (settings.logsDebug) log(`HTTP ${state.method} ${state.path} took ${seconds(ms)}s (response ${response.statusCode})`);
              hooks.afterResponse?.({ method: state.method, path: state.path, status: response.statusCode, ms });
            }
            return response;
          },
        ],
        beforeError: [
          (error) => {
            const state = stateOf((error as GotFailure).options?.context);
            if (error.name === 'AbortError' || state === undefined) return error;
            state.lastFailure = failureOf(error);
            const mapped = toCbError(error, this.context(state));
            if (!(error as GotFailure).response) log(`HTTP ${state.method} ${state.path} failed: ${mapped.message}`);
            if (!state.deferErrorHook) hooks.beforeError?.(mapped);
            return mapped as unknown as typeof error;
          },
        ],
      },
    });
  }

  private context(state: RequestState): RequestContext {
    return {
      method: state.method,
      path: state.path,
      ...(state.object === undefined ? {} : { object: state.object }),
      attempts: state.attempts,
      totalRetryDelayMs: state.totalRetryDelayMs,
      baseUrl: this.settings.baseUrl,
      timeoutMs: state.timeoutMs,
      maxRetryAfterMs: this.settings.maxRetryAfterMs,
      secrets: [this.settings.token],
    };
  }

  private prepare(method: HttpMethod, path: string, options: RequestOptions): { url: string; state: RequestState; init: OptionsInit } {
    if (this.closed) throw new ApiError(`Transport for ${this.baseUrl} is closed`);
    if (typeof path !== 'string' || path.trim() === '') throw new ApiError(`Request path must be a non-empty string, got ${JSON.stringify(path)}`);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) throw new ApiError(`Request path must be relative to ${this.baseUrl}, got an absolute URL`, { path });
    if (options.json !== undefined && options.body !== undefined) throw new ApiError(`Request ${method} ${path}: give json or body, not both`, { method, path });
    const url = relativePath(path, options.searchParams);
    const timeoutMs = checkPositive('timeout', options.timeout, this.settings.timeoutMs, false);
    const state: RequestState = {
      method, path: `/${url}`, object: options.object, idempotent: options.idempotent ?? (method !== 'POST' && method !== 'PATCH'),
      attempts: 0, totalRetryDelayMs: 0, timeoutMs, deferErrorHook: false, lastFailure: undefined,
    };
    const init: OptionsInit = { method, context: { cbapi: state } };
    if (options.headers) init.headers = { ...options.headers };
    if (options.signal) init.signal = options.signal;
    let json: string | undefined;
    if (options.json !== undefined) {
      // Byte for byte what cbapi sends: json.dumps(data, sort_keys=True).
      try {
        json = pythonJson(options.json);
      } catch (error) {
        throw new ApiError(`Request ${method} ${state.path}: the json body cannot be serialised: ${(error as Error).message}`, { method, path: state.path, cause: error });
      }
      init.body = json;
      init.headers = { 'content-type': 'application/json', ...init.headers };
    }
    if (options.body !== undefined) init.body = options.body as OptionsInit['body'];
    if (options.body instanceof Readable) init.retry = { limit: 0 };
    if (options.timeout !== undefined) {
      const connect = Math.min(timeoutMs, this.settings.connectTimeoutMs);
      init.timeout = { lookup: connect, connect, secureConnect: connect, response: timeoutMs, socket: timeoutMs };
    }
    if (this.settings.logsDebug) {
      const body = describeBody(options, json);
      if (body !== undefined) this.settings.log(`Sending HTTP ${method} ${state.path} with ${body}`);
    }
    return { url, state, init };
  }

  private fail(error: unknown, state: RequestState, signal: AbortSignal | undefined): never {
    if (signal?.aborted) throw signal.reason;
    if ((error as { name?: unknown } | null)?.name === 'AbortError' && !ApiError.isInstance(error)) throw error;
    throw toCbError(error, this.context(state));
  }

  private parse<T>(response: { statusCode: number; headers: Record<string, string | string[] | undefined>; body: Buffer }, state: RequestState): T {
    if (response.statusCode >= 300) throw httpError(response, this.context(state));
    const text = response.body.toString('utf8');
    if (response.statusCode === 204 || text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new ServerError(`Cannot parse response as JSON: ${state.method} ${state.path} returned ${text.length > 100 ? `${text.slice(0, 100)}…` : text}`, {
        status: response.statusCode, method: state.method, path: state.path, body: text, cause: error,
        attempts: state.attempts, totalRetryDelayMs: state.totalRetryDelayMs, secrets: [this.settings.token],
      });
    }
  }

  async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<TransportResponse<T>> {
    const { url, state, init } = this.prepare(method, path, options);
    const release = await this.limiter.acquire(options.signal);
    try {
      let response: Response<Buffer>;
      try {
        // Buffered bodies are decoded here (decodeBody), not by got's per-response zlib stream.
        const headers = { 'accept-encoding': ACCEPT_ENCODING, ...init.headers };
        response = (await this.client(url, { ...init, headers, decompress: false, responseType: 'buffer', isStream: false } as OptionsInit)) as Response<Buffer>;
      } catch (error) {
        this.fail(error, state, options.signal);
      }
      let raw: Buffer;
      try {
        raw = await decodeBody(response.body, response.headers['content-encoding']);
      } catch (error) {
        throw new ServerError(`Cannot decode the ${String(response.headers['content-encoding'])} response body: ${state.method} ${state.path}: ${(error as Error).message}`, {
          status: response.statusCode, method: state.method, path: state.path, cause: error,
          attempts: state.attempts, totalRetryDelayMs: state.totalRetryDelayMs, secrets: [this.settings.token],
        });
      }
      const body = this.parse<T>({ statusCode: response.statusCode, headers: response.headers, body: raw }, state);
      return { status: response.statusCode, headers: { ...response.headers }, body };
    } finally {
      release();
    }
  }

  async get<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('GET', path, options)).body;
  }

  async post<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('POST', path, options)).body;
  }

  async put<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('PUT', path, options)).body;
  }

  async patch<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('PATCH', path, options)).body;
  }

  async delete<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('DELETE', path, options)).body;
  }

  async stream(path: string, options: RequestOptions = {}): Promise<Readable> {
    const { url, state, init } = this.prepare('GET', path, options);
    const release = await this.limiter.acquire(options.signal);
    let handedOver = false;
    state.deferErrorHook = true;
    try {
      for (;;) {
        const stream = this.client.stream(url, { ...init, throwHttpErrors: false, retry: { limit: 0 } } as OptionsInit & { isStream?: true });
        let response: Response;
        try {
          response = await new Promise<Response>((resolve, reject) => {
            stream.once('response', resolve);
            stream.once('error', reject);
          });
        } catch (error) {
          stream.destroy();
          if (options.signal?.aborted) throw options.signal.reason;
          const delay = retryDelay(this.settings.policy, { attempt: state.attempts, method: 'GET', idempotent: true, ...(state.lastFailure ?? failureOf(error)) });
          if (delay === 0) {
            const mapped = toCbError(error, this.context(state));
            this.settings.hooks.beforeError?.(mapped);
            throw mapped;
          }
          await this.backoff(state, delay, options.signal);
          continue;
        }
        // got runs afterResponse hooks for promises only: log and report stream responses here.
        const ms = Date.now() - (response.timings.start ?? Date.now());
        if (this.settings.logsDebug) this.settings.log(`HTTP GET ${state.path} took ${seconds(ms)}s (response ${response.statusCode})`);
        this.settings.hooks.afterResponse?.({ method: 'GET', path: state.path, status: response.statusCode, ms });
        if (response.statusCode >= 300) {
          const body = await readCapped(stream, MAX_ERROR_BODY).catch(() => Buffer.alloc(0));
          const retryAfter = headerValue(response.headers['retry-after']);
          const delay = retryDelay(this.settings.policy, {
            attempt: state.attempts, method: 'GET', idempotent: true, status: response.statusCode, ...(retryAfter === undefined ? {} : { retryAfter }),
          });
          if (delay === 0) {
            const mapped = httpError({ statusCode: response.statusCode, headers: response.headers, body }, this.context(state));
            this.settings.hooks.beforeError?.(mapped);
            throw mapped;
          }
          await this.backoff(state, delay, options.signal);
          continue;
        }
        const done = (): void => release();
        stream.once('close', done);
        stream.once('end', done);
        stream.once('error', done);
        handedOver = true;
        state.deferErrorHook = false;
        return stream;
      }
    } finally {
      if (!handedOver) release();
    }
  }

  private async backoff(state: RequestState, delay: number, signal: AbortSignal | undefined): Promise<void> {
    state.totalRetryDelayMs += delay;
    this.stats.retries += 1;
    this.settings.log(`Retrying HTTP ${state.method} ${state.path} in ${delay}ms`);
    await waitMs(delay, signal);
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
  }
}

/**
 * Creates the connection to one server: one `got.extend()` instance with the token, JSON, TLS
 * and proxy settings, timeouts (never infinite), retries with backoff and jitter, a concurrency
 * limit, debug logging with tokens redacted, and every failure mapped to an SDK error.
 *
 * @param credentials - validated credentials (see `resolveCredentials`).
 * @param options - timeouts (ms), retries, logger, hooks; `product` goes into the User-Agent.
 * @returns a Transport; call `close()` to release its sockets.
 * @throws {@link CredentialError} for an unusable url or token, or an unreadable `sslCertFile`;
 *   {@link ApiError} for a bad option value.
 *
 * @example
 * ```ts
 * import { createTransport, resolveCredentials } from '@cbapi/core';
 * const transport = createTransport(await resolveCredentials('response'), { product: 'response' });
 * const info = await transport.get<{ version: string }>('/api/info');
 * transport.close();
 * ```
 * @public
 */
export function createTransport(credentials: Credentials, options: TransportOptions & { product?: Product } = {}): Transport {
  if (typeof credentials !== 'object' || credentials === null) throw new CredentialError('createTransport needs a Credentials object');
  const baseUrl = normalizeServerUrl(String(credentials.url), { source: credentials.source ?? 'credentials', ...(credentials.profile === undefined ? {} : { profile: credentials.profile }) });
  if (typeof credentials.token !== 'string' || credentials.token.trim() === '' || /[\r\n]/.test(credentials.token)) {
    throw new CredentialError('No API token specified (or it is not a single-line string)', { option: 'token' });
  }
  if (options.product !== undefined) assertProduct(options.product);
  const timeoutMs = checkPositive('timeout', options.timeout, DEFAULT_TIMEOUT_MS, false);
  const connectTimeoutMs = checkPositive('connectTimeoutMs', options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS, false);
  const maxRetries = checkPositive('maxRetries', options.maxRetries, 5, true, 0);
  const maxConcurrency = checkPositive('maxConcurrency', options.maxConcurrency, 16, true);
  const policy: RetryPolicy = {
    maxRetries,
    baseDelayMs: checkPositive('retryBaseDelayMs', options.retryBaseDelayMs, 500, false, 0),
    maxDelayMs: checkPositive('maxRetryDelayMs', options.maxRetryDelayMs, 30_000, false, 0),
    maxRetryAfterMs: checkPositive('maxRetryAfterMs', options.maxRetryAfterMs, 60_000, false, 0),
  };

  const tls: AgentOptions = { rejectUnauthorized: credentials.sslVerify !== false };
  if (credentials.sslCertFile) {
    try {
      tls.ca = readFileSync(credentials.sslCertFile, 'utf8');
    } catch (error) {
      throw new CredentialError(`Cannot read ssl_cert_file ${credentials.sslCertFile}: ${(error as Error).message}`, {
        option: 'ssl_cert_file', cause: error, ...(credentials.profile === undefined ? {} : { profile: credentials.profile }),
      });
    }
  }
  if (credentials.sslVerifyHostname === false) tls.checkServerIdentity = () => undefined;
  if (credentials.sslForceTls12) tls.minVersion = 'TLSv1.2';

  const proxy = proxyForUrl(baseUrl, { ignoreSystemProxy: credentials.ignoreSystemProxy === true, ...(credentials.proxy ? { proxy: credentials.proxy } : {}) }, options.env);
  const agentOptions = { keepAlive: true, maxSockets: maxConcurrency, ...tls };
  let agent: HttpsAgent;
  try {
    agent = proxy ? new HttpsProxyAgent({ ...agentOptions, proxy }) : new HttpsAgent(agentOptions);
  } catch (error) {
    throw new CredentialError(`Cannot use proxy ${hideUserInfo(String(proxy))}: ${(error as Error).message}`, { option: 'proxy', cause: error });
  }

  const logger = options.logger ?? defaultLogger;
  const token = credentials.token;
  const userAgent = `cbapi-ts/${VERSION} (${options.product ?? 'core'}) node/${process.versions.node}${options.userAgent ? ` ${options.userAgent}` : ''}`;
  return new GotTransport(
    {
      baseUrl, token, timeoutMs, connectTimeoutMs, maxRetryAfterMs: policy.maxRetryAfterMs, policy,
      hooks: options.hooks ?? {},
      log: (message) => logger.debug(redact(message, [token])),
      logsDebug: logger !== defaultLogger || cbapiDebug.enabled,
    },
    agent, tls, maxConcurrency, userAgent,
  );
}
