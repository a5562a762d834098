import { Prng } from '../world/prng.js';

/** Faults to inject into matching requests. Rates are probabilities in [0, 1]. */
export interface FaultOptions {
  /** Probability of answering with `status` instead of the real answer. @defaultValue 0 */
  errorRate?: number;
  /** Status of injected errors. @defaultValue 503 */
  status?: number;
  /** Adds `Retry-After: <s>` to injected 429 and 503 answers. */
  retryAfterS?: number;
  /** Probability of destroying the connection without an answer. @defaultValue 0 */
  resetRate?: number;
  /** Extra delay before answering matching requests. @defaultValue 0 */
  latencyMs?: number;
  /** Write matching bodies in pieces spread over this many ms. @defaultValue 0 */
  slowBodyMs?: number;
  /** Only paths matching this (RegExp, or a string: prefix). @defaultValue every path */
  pathPattern?: RegExp | string;
  /** Only these methods (upper case). @defaultValue every method */
  methods?: string[];
  /** Stop after this many injected errors/resets (latency and slow bodies don't count). @defaultValue unlimited */
  count?: number;
}

/** What to do to one request. */
export interface FaultDecision {
  action: 'none' | 'error' | 'reset';
  status: number;
  retryAfterS: number | undefined;
  latencyMs: number;
  slowBodyMs: number;
}

const NONE: FaultDecision = { action: 'none', status: 0, retryAfterS: undefined, latencyMs: 0, slowBodyMs: 0 };

/**
 * Decides, with its own seeded PRNG, which requests get an error status, a reset, extra latency or a
 * slow body (exposed as `sim.faults`).
 *
 * @example
 * ```ts
 * sim.faults.set({ errorRate: 0.1, status: 503, retryAfterS: 1, pathPattern: /^\/api\/v1\/process/ });
 * sim.faults.clear();
 * ```
 * @public
 */
export class FaultInjector {
  private options: FaultOptions | undefined;
  private remaining = Number.POSITIVE_INFINITY;
  private rng: Prng;
  /** Injected errors so far. */
  injectedErrors = 0;
  /** Injected connection resets so far. */
  injectedResets = 0;

  constructor(private readonly seed: number | string) {
    this.rng = new Prng(`${String(seed)}/faults`);
  }

  /** Replaces the active faults. Throws RangeError for rates outside [0, 1] or a status outside 400..599. */
  set(options: FaultOptions): void {
    for (const key of ['errorRate', 'resetRate'] as const) {
      const v = options[key];
      if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`faults.${key} must be within [0, 1], got ${v}`);
    }
    if (options.status !== undefined && !(Number.isInteger(options.status) && options.status >= 400 && options.status <= 599)) {
      throw new RangeError(`faults.status must be an HTTP error status 400..599, got ${options.status}`);
    }
    for (const key of ['latencyMs', 'slowBodyMs', 'retryAfterS', 'count'] as const) {
      const v = options[key];
      if (v !== undefined && !(v >= 0)) throw new RangeError(`faults.${key} must be >= 0, got ${v}`);
    }
    this.options = { ...options, methods: options.methods?.map((m) => m.toUpperCase()) };
    this.remaining = options.count ?? Number.POSITIVE_INFINITY;
    this.rng = new Prng(`${String(this.seed)}/faults/${this.injectedErrors + this.injectedResets}`);
  }

  /** Removes every fault. */
  clear(): void {
    this.options = undefined;
    this.remaining = Number.POSITIVE_INFINITY;
  }

  /** The active faults, if any. */
  get active(): Readonly<FaultOptions> | undefined {
    return this.options;
  }

  /** The decision for one request. */
  decide(method: string, path: string): FaultDecision {
    const o = this.options;
    if (!o) return NONE;
    if (o.methods && !o.methods.includes(method.toUpperCase())) return NONE;
    if (o.pathPattern !== undefined) {
      const ok = typeof o.pathPattern === 'string' ? path.startsWith(o.pathPattern) : matches(o.pathPattern, path);
      if (!ok) return NONE;
    }
    const base = { status: o.status ?? 503, retryAfterS: o.retryAfterS, latencyMs: o.latencyMs ?? 0, slowBodyMs: o.slowBodyMs ?? 0 };
    if (this.remaining > 0) {
      const roll = this.rng.next();
      const resetRate = o.resetRate ?? 0;
      const errorRate = o.errorRate ?? 0;
      if (roll < resetRate) {
        this.consume();
        this.injectedResets++;
        return { ...base, action: 'reset' };
      }
      if (roll < resetRate + errorRate) {
        this.consume();
        this.injectedErrors++;
        return { ...base, action: 'error' };
      }
    }
    return { ...base, action: 'none' };
  }

  private consume(): void {
    this.remaining--;
    if (this.remaining <= 0 && this.options && !this.options.latencyMs && !this.options.slowBodyMs) this.options = undefined;
  }
}

function matches(pattern: RegExp, path: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(path);
}
