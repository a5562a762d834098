/** Why the Live Response service refused a request (the route adapters turn it into HTTP). */
export type LiveResponseRefusal =
  | 'session-not-found'
  | 'sensor-not-found'
  | 'command-not-found'
  | 'file-not-found'
  | 'bad-request'
  | 'unsupported-command'
  | 'session-limit'
  | 'conflict';

const STATUS: Record<LiveResponseRefusal, number> = {
  'session-not-found': 404,
  'sensor-not-found': 404,
  'command-not-found': 404,
  'file-not-found': 404,
  'bad-request': 400,
  'unsupported-command': 400,
  'session-limit': 503,
  conflict: 409,
};

/**
 * A refused Live Response request: the kind of refusal, the HTTP status it maps to and the
 * server's message (e.g. `Session 7 not found`).
 */
export class LiveResponseRequestError extends Error {
  /** The HTTP status a real server answers with. */
  readonly status: number;

  constructor(
    readonly refusal: LiveResponseRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'LiveResponseRequestError';
    this.status = STATUS[refusal];
  }
}
