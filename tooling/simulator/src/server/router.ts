import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** Which product's token a route needs. */
export type SimProduct = 'response' | 'protection' | 'defense';

/** A request as a route handler sees it. */
export interface SimRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v1/sensor/1`. */
  path: string;
  /** Query parameters; repeated keys become arrays. */
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  /** The raw body bytes. */
  rawBody: Buffer;
  /** Path parameters from the route pattern (`/api/v1/sensor/:id` → `{ id: '1' }`). */
  params: Record<string, string>;
  /** Aborted when the client goes away (long polls stop waiting). */
  signal: AbortSignal;
}

/** What a handler answers. `json` is serialised; `body` is sent as is. */
export interface SimResponse {
  status?: number;
  json?: unknown;
  body?: Buffer | string | Readable;
  headers?: Record<string, string>;
}

export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

/** Thrown by handlers to answer with an error status (the body is what the real server says). */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

interface Route {
  method: string;
  product: SimProduct;
  pattern: string;
  regex: RegExp;
  keys: string[];
  handler: SimHandler;
}

/** Method + path-pattern routing (`:name` matches one segment). Routes are tried in the order added. */
export class Router {
  private readonly routes: Route[] = [];
  /** Routes by number of path segments (a `:name` matches exactly one), so a lookup tries only those. */
  private readonly bySegments = new Map<number, Route[]>();

  add(method: string, pattern: string, product: SimProduct, handler: SimHandler): this {
    const keys: string[] = [];
    const source = pattern
      .split('/')
      .map((part) => {
        if (part.startsWith(':')) {
          keys.push(part.slice(1));
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    const route: Route = { method: method.toUpperCase(), product, pattern, regex: new RegExp(`^${source}/?$`), keys, handler };
    this.routes.push(route);
    const count = segmentCount(pattern);
    const bucket = this.bySegments.get(count);
    if (bucket) bucket.push(route);
    else this.bySegments.set(count, [route]);
    return this;
  }

  /** The route for a request, or `undefined`; `methodNotAllowed` when the path exists under another method. */
  match(method: string, path: string): { handler: SimHandler; product: SimProduct; params: Record<string, string> } | { methodNotAllowed: true } | undefined {
    let pathMatched = false;
    for (const route of this.bySegments.get(segmentCount(path)) ?? []) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method.toUpperCase()) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { handler: route.handler, product: route.product, params };
    }
    return pathMatched ? { methodNotAllowed: true } : undefined;
  }
}

/** Number of `/`-separated segments, ignoring one trailing slash. */
function segmentCount(path: string): number {
  let n = 0;
  const end = path.length > 1 && path.endsWith('/') ? path.length - 1 : path.length;
  for (let i = 0; i < end; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
}
