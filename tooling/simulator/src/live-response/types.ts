/** The product whose Live Response dialect a route speaks. */
export type LiveResponseProduct = 'response' | 'defense';

/**
 * Tuning of the simulated Live Response service. Every duration is in milliseconds.
 * @public
 */
export interface LiveResponseOptions {
  /** Sessions that may be open (pending or active) server-wide. @defaultValue 10 */
  maxSessions?: number;
  /** Time until an online sensor checks in and its session turns `active`. @defaultValue 200 */
  sessionStartMs?: number;
  /** Time a command takes on the endpoint. @defaultValue 50 */
  commandMs?: number;
  /** An active session without command or keepalive for this long turns `timeout`. @defaultValue 120_000 */
  sessionTimeoutMs?: number;
  /** A pending session whose sensor has not checked in for this long turns `timeout` (wire `check_in_timeout`, default 1200 s); a POST's `checkin_timeout` (seconds) overrides it. @defaultValue 1_200_000 */
  checkInTimeoutMs?: number;
  /** Time a `memdump` takes. @defaultValue 10 × commandMs */
  memdumpMs?: number;
  /** Size of the memory image a `memdump` writes. @defaultValue 1_048_576 */
  memdumpBytes?: number;
  /** Longest a `?wait=true` request is held before the current state is sent (below the 30 s request timeout clients use). @defaultValue 25_000 */
  longPollMs?: number;
  /** The `username` reported on command objects. @defaultValue 'admin' */
  username?: string;
  /** Current time as Unix epoch milliseconds (for `create_time`, `completion`, file times). @defaultValue the world's clock */
  clock?: () => number;
}

/**
 * Live counters of the simulated Live Response service (one object, updated in place).
 * @public
 */
export interface LiveResponseStats {
  /** Sessions pending or active right now. */
  openSessions: number;
  /** The highest `openSessions` ever reached. */
  maxConcurrentSessions: number;
  /** Sessions created. */
  sessionsCreated: number;
  /** Session creations refused because `maxSessions` sessions were open. */
  sessionsRefused: number;
  /** Sessions closed by a client. */
  sessionsClosed: number;
  /** Sessions that timed out (no check-in, or no activity). */
  sessionsExpired: number;
  /** Commands accepted. */
  commands: number;
  /** Commands accepted, per command name. */
  commandsByName: Record<string, number>;
  /** Commands that ended in `error`. */
  commandErrors: number;
  /** Files uploaded by clients. */
  filesUploaded: number;
}

/** A session's state. `close` is what a client writes; `timeout` is the server's. */
export type SessionStatus = 'pending' | 'active' | 'timeout' | 'close' | 'error';

/** A command's state. */
export type CommandStatus = 'pending' | 'complete' | 'error' | 'cancel';
