/**
 * The simulated world's clock: it starts at a fixed instant (so generated data is the same on every
 * run) and then advances with real time.
 *
 * @example
 * ```ts
 * const clock = new SimClock(Date.UTC(2018, 1, 6, 18, 44, 47));
 * new Date(clock.now()).toISOString(); // 2018-02-06T18:44:47.xxxZ, moving forward in real time
 * ```
 * @public
 */
export class SimClock {
  private readonly realStart = performance.now();

  /** @param startMs - the simulated "now" at construction, epoch milliseconds. */
  constructor(readonly startMs: number) {}

  /** The simulated current time, epoch milliseconds. */
  now(): number {
    return this.startMs + Math.floor(performance.now() - this.realStart);
  }

  /** Milliseconds of real time since the clock was created. */
  elapsedMs(): number {
    return performance.now() - this.realStart;
  }
}
