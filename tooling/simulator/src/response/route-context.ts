import type { SimWorld } from '../state.js';
import { SimHttpError } from '../server/router.js';
import type { SimRequest } from '../server/router.js';
import type { ResponseStore } from './response-store.js';

/** What every Cb Response route module gets. */
export interface RouteContext {
  world: SimWorld;
  store: ResponseStore;
  /** Delay before `is_isolating` follows `network_isolation_enabled`. */
  isolationDelayMs: number;
  /** Timers to cancel when the simulator closes. */
  timers: Set<NodeJS.Timeout>;
}

/** A single-valued query parameter (the last one when repeated). */
export function param(req: SimRequest, name: string): string | undefined {
  const v = req.query[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** Every value of a query parameter. */
export function params(req: SimRequest, name: string): string[] {
  const v = req.query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A non-negative integer parameter; HTTP 400 naming it when malformed. */
export function intParam(req: SimRequest, name: string, fallback: number): number {
  const v = param(req, name);
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v)) throw badRequest(`invalid value for ${name}: ${JSON.stringify(v)} (expected a non-negative integer)`);
  return Number(v);
}

/** HTTP 400 with `{"reason": message}`. */
export function badRequest(message: string): SimHttpError {
  return new SimHttpError(400, { reason: message });
}

/** HTTP 404 with `{"reason": message}`. */
export function notFound(message: string): SimHttpError {
  return new SimHttpError(404, { reason: message });
}

/** HTTP 409 with `{"reason": message}`. */
export function conflict(message: string): SimHttpError {
  return new SimHttpError(409, { reason: message });
}

/** The JSON object body of a request, or HTTP 400. */
export function objectBody(req: SimRequest): Record<string, unknown> {
  const b = req.body;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw badRequest(`${req.method} ${req.path} needs a JSON object body`);
  return b as Record<string, unknown>;
}

/** A positive integer path parameter, or HTTP 404 (no such object). */
export function idParam(req: SimRequest, name: string): number {
  const v = req.params[name] ?? '';
  if (!/^-?\d+$/.test(v)) throw notFound(`no object with id ${v}`);
  return Number(v);
}

/** The standard success reply of Cb Response updates. */
export const SUCCESS = { result: 'success' } as const;
