/** One served request, as `sim.requests` lists it. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Parsed JSON body, or the first 4 KiB of the raw text when not JSON, or undefined when empty. */
  body: unknown;
  /** Status sent; 0 when the connection was reset by a fault. */
  status: number;
  /** Time from the request's arrival to the end of the answer. */
  ms: number;
}

/**
 * The bounded, ordered log of served requests (oldest dropped first, in batches: at most `limit` plus 10% or 1,024 entries) plus counters.
 *
 * @example
 * ```ts
 * sim.requests.filter((r) => r.path === '/api/v1/process').length;
 * ```
 * @public
 */
export class RequestLog extends Array<LoggedRequest> {
  /** Total requests ever served (the log itself keeps only the last `limit`). */
  total = 0;
  /** Requests per status code. */
  readonly byStatus = new Map<number, number>();

  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Appends an entry, dropping the oldest ones beyond `limit`. */
  record(entry: LoggedRequest, limit: number): void {
    this.total++;
    this.byStatus.set(entry.status, (this.byStatus.get(entry.status) ?? 0) + 1);
    this.push(entry);
    // trimmed in batches so a full log does not move 100k entries on every request
    if (this.length > limit + Math.min(1024, Math.ceil(limit / 10))) this.splice(0, this.length - limit);
  }
}
