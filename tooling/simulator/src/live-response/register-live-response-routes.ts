import type { Router, SimHandler, SimRequest, SimResponse } from '../server/router.js';
import { defenseDialect, responseDialect, type LiveResponseDialect } from './live-response-dialect.js';
import { LiveResponseEngine, type FileRecord } from './live-response-engine.js';
import { LiveResponseRequestError } from './live-response-request-error.js';
import { parseMultipart } from './multipart.js';
import type { SimWorld } from '../state.js';
import type { LiveResponseOptions, LiveResponseStats } from './types.js';

/** What {@link registerLiveResponseRoutes} hands back. */
export interface LiveResponseService {
  /** Live counters (one object, updated in place). */
  readonly stats: LiveResponseStats;
  /** Clears every timer and answers every held long poll; call it when the server stops. */
  close(): void;
}

/**
 * Mounts the simulated Live Response service on a router: Cb Response's `/api/v1/cblr` routes
 * and Cb Defense's `/integrationServices/v3/cblr` routes, over one shared set of sessions
 * (the session budget is server-wide).
 *
 * @param router - the simulator's router
 * @param world - the shared simulated world (sensors, their processes, clock, PRNG)
 * @param options - timings and limits (milliseconds)
 * @returns the live stats and `close()`
 * @throws RangeError when an option is out of range
 * @example
 * ```ts
 * const lr = registerLiveResponseRoutes(router, world, { maxSessions: 10, sessionStartMs: 20, commandMs: 10 });
 * // ... serve requests ...
 * console.log(lr.stats.maxConcurrentSessions);
 * lr.close();
 * ```
 * @public
 */
export function registerLiveResponseRoutes(router: Router, world: SimWorld, options: LiveResponseOptions = {}): LiveResponseService {
  const engine = new LiveResponseEngine(world, options);
  mountDialect(router, engine, responseDialect);
  mountDialect(router, engine, defenseDialect);
  return { stats: engine.stats, close: () => engine.close() };
}

function flag(request: SimRequest, name: string): boolean {
  const value = request.query[name];
  const text = Array.isArray(value) ? value[value.length - 1] : value;
  return text !== undefined && ['true', '1', 'yes'].includes(text.toLowerCase());
}

function param(request: SimRequest, name: string): string | undefined {
  const value = request.query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function body(request: SimRequest): Record<string, unknown> {
  const value = request.body;
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LiveResponseRequestError('bad-request', 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

function renderFile(file: FileRecord): Record<string, unknown> {
  return { id: file.id, file_name: file.fileName, size: file.data.length, size_uploaded: file.sizeUploaded, status: 0, delete: false };
}

function mountDialect(router: Router, engine: LiveResponseEngine, dialect: LiveResponseDialect): void {
  const { base, product } = dialect;
  const add = (method: string, path: string, handler: (request: SimRequest) => SimResponse | Promise<SimResponse>): void => {
    const wrapped: SimHandler = async (request) => {
      try {
        return await handler(request);
      } catch (error) {
        if (error instanceof LiveResponseRequestError) throw dialect.refuse(error);
        throw error;
      }
    };
    router.add(method, `${base}${path}`, product, wrapped);
  };
  const sessionJson = (sessionId: string | undefined): SimResponse => ({ json: dialect.renderSession(engine, engine.session(sessionId)) });

  // sessions
  add('GET', '/session', (request) => ({
    json: engine.listSessions(flag(request, 'active_only')).map((s) => dialect.renderSession(engine, s)),
  }));
  if (dialect === defenseDialect) {
    add('POST', '/session/:sensorId', (request) => {
      const fields = body(request);
      const session = engine.createSession(request.params['sensorId'], fields);
      return { json: dialect.renderSession(engine, session) };
    });
    add('PUT', '/session', (request) => {
      const fields = body(request);
      const session = engine.session(fields['session_id']);
      if (String(fields['status'] ?? '').toUpperCase() !== 'CLOSE') throw new LiveResponseRequestError('bad-request', 'status must be CLOSE');
      engine.closeSession(session);
      return { json: dialect.renderSession(engine, session) };
    });
  } else {
    add('POST', '/session', (request) => {
      const fields = body(request);
      const session = engine.createSession(fields['sensor_id'], fields);
      return { json: dialect.renderSession(engine, session) };
    });
    add('PUT', '/session/:sid', (request) => {
      const session = engine.session(request.params['sid']);
      const status = body(request)['status'];
      if (typeof status !== 'string' || status.toLowerCase() !== 'close') throw new LiveResponseRequestError('bad-request', `Only status "close" can be written to a session, got ${JSON.stringify(status) ?? 'nothing'}`);
      engine.closeSession(session);
      return { json: dialect.renderSession(engine, session) };
    });
  }
  add('GET', '/session/:sid', async (request) => {
    const session = engine.session(request.params['sid']);
    if (flag(request, 'wait')) await engine.waitForSession(session, request.signal);
    return sessionJson(request.params['sid']);
  });
  add('GET', '/session/:sid/keepalive', (request) => {
    const session = engine.session(request.params['sid']);
    engine.keepalive(session);
    return { json: dialect.renderSession(engine, session) };
  });
  add('GET', '/session/:sid/archive', (request) => {
    const session = engine.session(request.params['sid']);
    return {
      body: engine.archive(session, (s) => dialect.renderSession(engine, s)),
      headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="session-${session.id}.zip"` },
    };
  });

  // commands
  add('POST', '/session/:sid/command', (request) => {
    const session = engine.openSession(request.params['sid']);
    return { json: { ...engine.postCommand(session, request.body).wire } };
  });
  add('GET', '/session/:sid/command', (request) => {
    const session = engine.session(request.params['sid']);
    return { json: engine.listCommands(session, param(request, 'status'), param(request, 'count')).map((c) => ({ ...c.wire })) };
  });
  add('GET', '/session/:sid/command/:cid', async (request) => {
    const session = engine.session(request.params['sid']);
    const command = engine.command(session, request.params['cid']);
    if (flag(request, 'wait')) await engine.waitForCommand(command, request.signal);
    return { json: { ...command.wire } };
  });
  add('PUT', '/session/:sid/command/:cid', (request) => {
    const session = engine.session(request.params['sid']);
    const command = engine.command(session, request.params['cid']);
    const status = request.body === undefined ? 'cancel' : body(request)['status'];
    if (status !== undefined && status !== 'cancel') throw new LiveResponseRequestError('bad-request', `Only status "cancel" can be written to a command, got ${JSON.stringify(status)}`);
    engine.cancelCommand(command);
    return { json: { ...command.wire } };
  });

  // files
  add('POST', '/session/:sid/file', (request) => {
    const session = engine.openSession(request.params['sid']);
    let parts;
    try {
      parts = parseMultipart(request.headers['content-type'], request.rawBody);
    } catch (error) {
      throw new LiveResponseRequestError('bad-request', `Malformed multipart body: ${(error as Error).message}`);
    }
    if (!parts) throw new LiveResponseRequestError('bad-request', 'Upload a file as multipart/form-data with a field named "file"');
    const part = parts.find((p) => p.name === 'file');
    if (!part) throw new LiveResponseRequestError('bad-request', 'The multipart body has no field named "file"');
    return { json: renderFile(engine.uploadFile(session, part.filename ?? 'file', part.data)) };
  });
  add('GET', '/session/:sid/file', (request) => ({ json: [...engine.session(request.params['sid']).files.values()].map(renderFile) }));
  add('GET', '/session/:sid/file/:fid', (request) => ({ json: renderFile(engine.file(engine.session(request.params['sid']), request.params['fid'])) }));
  const remove = (request: SimRequest): SimResponse => {
    const session = engine.session(request.params['sid']);
    const file = engine.file(session, request.params['fid']);
    engine.deleteFile(session, file);
    return { json: { ...renderFile(file), delete: true } };
  };
  add('DELETE', '/session/:sid/file/:fid', remove);
  add('PUT', '/session/:sid/file/:fid', (request) => {
    if (body(request)['delete'] !== true) throw new LiveResponseRequestError('bad-request', 'PUT a file object with "delete": true to remove it');
    return remove(request);
  });
  add('GET', '/session/:sid/file/:fid/content', (request) => {
    const file = engine.file(engine.session(request.params['sid']), request.params['fid']);
    const now = new Date(engine.now());
    return {
      body: Buffer.from(file.data),
      headers: {
        'Content-Type': 'application/octet-stream',
        'Cache-Control': 'max-age=0',
        ETag: `"flask-${(engine.now() / 1000).toFixed(2)}-${file.data.length}-${file.id}"`,
        'Last-Modified': now.toUTCString(),
        Expires: now.toUTCString(),
      },
    };
  });
}
