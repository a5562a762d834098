import { SimHttpError, type SimProduct } from '../server/router.js';
import type { LiveResponseEngine, SessionRecord } from './live-response-engine.js';
import type { LiveResponseRequestError } from './live-response-request-error.js';

/**
 * How one product speaks Live Response on the wire: where the routes live, how a session
 * object looks and how a refusal is answered. The engine underneath is shared.
 */
export interface LiveResponseDialect {
  readonly product: SimProduct;
  /** Route prefix, e.g. `/api/v1/cblr`. */
  readonly base: string;
  /** The session object the server sends. */
  renderSession(engine: LiveResponseEngine, session: SessionRecord): Record<string, unknown>;
  /** The HTTP answer to a refusal. */
  refuse(error: LiveResponseRequestError): SimHttpError;
}

function sessionFields(engine: LiveResponseEngine, session: SessionRecord, status: string): Record<string, unknown> {
  const sensor = session.endpoint.sensor;
  return {
    status,
    sensor_id: session.sensorId,
    supported_commands: [...session.supportedCommands],
    drives: session.endpoint.fs.drives(),
    storage_size: String(engine.storageSize(session)),
    create_time: session.createTime / 1000,
    sensor_wait_timeout: session.sensorWaitTimeoutS,
    address: `::ffff:${sensor.ipAddress}`,
    check_in_timeout: session.checkInTimeoutS,
    id: session.id,
    hostname: sensor.doc.computer_name,
    storage_ttl: 7,
    os_version: '',
    session_timeout: session.sessionTimeoutS,
    current_working_directory: session.cwd,
  };
}

/**
 * Cb Response (`/api/v1/cblr`): lower-case statuses; refusals are plain text, so a 404 body starts
 * with `Session` or `Sensor` (what cbapi checks before re-establishing a session).
 */
export const responseDialect: LiveResponseDialect = {
  product: 'response',
  base: '/api/v1/cblr',
  renderSession: (engine, session) => sessionFields(engine, session, session.status),
  refuse: (error) => new SimHttpError(error.status, error.message, { 'Content-Type': 'text/plain; charset=utf-8' }),
};

/**
 * Cb Defense (`/integrationServices/v3/cblr`): upper-case session statuses (`PENDING`, `ACTIVE`,
 * `CLOSE`, `TIMEOUT`); a 404 answers `{"status": "NOT_FOUND", ...}`, other refusals
 * `{"success": false, "message": ...}`.
 */
export const defenseDialect: LiveResponseDialect = {
  product: 'defense',
  base: '/integrationServices/v3/cblr',
  renderSession: (engine, session) => sessionFields(engine, session, session.status.toUpperCase()),
  refuse: (error) =>
    new SimHttpError(error.status, error.status === 404 ? { status: 'NOT_FOUND', message: error.message } : { success: false, message: error.message }),
};
