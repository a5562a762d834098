import { redact } from '../internal/redact.js';

/** Options every @cbapi error accepts. */
export interface ApiErrorOptions {
  /** The error that caused this one (kept as `cause`). */
  cause?: unknown;
  /** HTTP method of the request that failed, when there was one. */
  method?: string;
  /** Path and query of the request that failed (tokens redacted). */
  path?: string;
  /** Exact secrets to scrub from the message and path, besides the known patterns. */
  secrets?: readonly string[];
}

const marker = (name: string): symbol => Symbol.for(`cbapi.error.${name}`);

/**
 * The root of every error the SDK throws, as in cbapi: `catch (e) { if (ApiError.isInstance(e)) … }`
 * catches them all. Messages and paths never carry a token: they are redacted here, in the
 * constructor, whatever the caller passed.
 *
 * @example
 * ```ts
 * try { await cb.select(Sensor, 999); } catch (e) { if (ObjectNotFoundError.isInstance(e)) console.log(e.path); }
 * ```
 * @public
 */
export class ApiError extends Error {
  /** The class name used for `isInstance()` markers; survives minification and duplicate installs. */
  static readonly errorName: string = 'ApiError';

  /** HTTP method of the failed request, if any. */
  readonly method: string | undefined;
  /** Path (and query) of the failed request, token redacted, if any. */
  readonly path: string | undefined;

  constructor(message: string, options: ApiErrorOptions = {}) {
    const secrets = options.secrets ?? [];
    super(redact(message, secrets), options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as unknown as typeof ApiError;
    this.name = ctor.errorName;
    this.method = options.method;
    this.path = options.path === undefined ? undefined : redact(options.path, secrets);
    for (let c: unknown = ctor; typeof c === 'function' && 'errorName' in c; c = Object.getPrototypeOf(c)) {
      Object.defineProperty(this, marker((c as typeof ApiError).errorName), { value: true, enumerable: false });
    }
  }

  /**
   * True when `value` is an error of this class or a subclass, even one thrown by another copy
   * of @cbapi/core (duplicate installs), where `instanceof` would say no.
   */
  static isInstance<T extends ApiError>(this: { readonly errorName: string; readonly prototype: T }, value: unknown): value is T {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker(this.errorName)] === true;
  }
}
