import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLrTestServer, type LrTestServer } from './__fixtures__/lr-test-server.js';

interface Recording {
  method: string;
  path: string;
  request_body: Record<string, unknown> | null;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  body_length?: number;
}

function recording(name: string): Recording {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8')) as Recording;
}

/** The JSON type of every field, recursively (arrays by the shape of each element, deduplicated). */
function shape(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return [...new Set(value.map((v) => JSON.stringify(shape(v))))].map((s) => JSON.parse(s) as unknown);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]));
  }
  return typeof value;
}

const BASE = '/api/v1/cblr';
let srv: LrTestServer;
let sessionId: number;

beforeAll(async () => {
  srv = await startLrTestServer({ sessionStartMs: 10, commandMs: 10 });
  const created = await srv.request('POST', `${BASE}/session`, { json: { sensor_id: 1 } });
  sessionId = created.json.id as number;
  await srv.request('GET', `${BASE}/session/${sessionId}?wait=true`);
});

afterAll(async () => {
  await srv.close();
});

describe('answers have the recorded Cb Response 6.2 shapes, field for field', () => {
  it('03 GET /api/v1/cblr/session', async () => {
    const rec = recording('03_GET_api_v1_cblr_session');
    const reply = await srv.request('GET', `${BASE}/session`);
    expect(reply.status).toBe(rec.status);
    expect(shape(reply.json)).toEqual(shape(rec.body));
    expect(reply.json[0].supported_commands).toEqual((rec.body as { supported_commands: string[] }[])[0]?.supported_commands);
  });

  it('04 GET /api/v1/cblr/session/<id>', async () => {
    const rec = recording('04_GET_api_v1_cblr_session_1');
    const reply = await srv.request('GET', `${BASE}/session/${sessionId}`);
    expect(reply.status).toBe(rec.status);
    expect(shape(reply.json)).toEqual(shape(rec.body));
    const body = rec.body as Record<string, unknown>;
    expect(reply.json).toMatchObject({
      status: body['status'],
      sensor_id: body['sensor_id'],
      check_in_timeout: body['check_in_timeout'],
      sensor_wait_timeout: body['sensor_wait_timeout'],
      session_timeout: body['session_timeout'],
      storage_ttl: body['storage_ttl'],
      os_version: body['os_version'],
      current_working_directory: body['current_working_directory'],
      drives: body['drives'],
    });
    expect(reply.json.address).toMatch(/^::ffff:\d+\.\d+\.\d+\.\d+$/);
  });

  let getFileCommand: number;
  let fileId: number;

  it('09 POST command get file (pending, with file_id)', async () => {
    const rec = recording('09_POST_api_v1_cblr_session_1_command_get_file');
    const reply = await srv.request('POST', `${BASE}/session/${sessionId}/command`, { json: { ...rec.request_body, session_id: sessionId } });
    expect(reply.status).toBe(rec.status);
    expect(shape(reply.json)).toEqual(shape(rec.body));
    expect(reply.json).toMatchObject({ status: 'pending', name: 'get file', object: 'C:\\test.txt', sensor_id: 1, session_id: sessionId });
    getFileCommand = reply.json.id as number;
    fileId = reply.json.file_id as number;
  });

  it('10 GET command (complete)', async () => {
    const rec = recording('10_GET_api_v1_cblr_session_1_command_3');
    const reply = await srv.request('GET', `${BASE}/session/${sessionId}/command/${getFileCommand}?wait=true`);
    expect(reply.status).toBe(rec.status);
    expect(shape(reply.json)).toEqual(shape(rec.body));
    expect(reply.json).toMatchObject({ status: 'complete', result_code: 0, result_type: 'WinHresult', result_desc: '', file_id: fileId });
  });

  it('11 GET file content (octet-stream, the recorded empty C:\\test.txt)', async () => {
    const rec = recording('11_GET_api_v1_cblr_session_1_file_2_content');
    const reply = await srv.request('GET', `${BASE}/session/${sessionId}/file/${fileId}/content`);
    expect(reply.status).toBe(rec.status);
    expect(reply.headers.get('content-type')).toBe(rec.headers['Content-Type']);
    expect(reply.bytes.length).toBe(rec.body_length);
    for (const header of ['Cache-Control', 'ETag', 'Last-Modified', 'Expires']) expect(reply.headers.get(header)).not.toBeNull();
  });

  let processListCommand: number;

  it('12 POST command process list (pending, object null)', async () => {
    const rec = recording('12_POST_api_v1_cblr_session_1_command_process_list');
    const reply = await srv.request('POST', `${BASE}/session/${sessionId}/command`, { json: { ...rec.request_body, session_id: sessionId } });
    expect(reply.status).toBe(rec.status);
    expect(shape(reply.json)).toEqual(shape(rec.body));
    processListCommand = reply.json.id as number;
  });

  it('13 GET command (complete process list)', async () => {
    const rec = recording('13_GET_api_v1_cblr_session_1_command_4');
    const reply = await srv.request('GET', `${BASE}/session/${sessionId}/command/${processListCommand}?wait=true`);
    expect(reply.status).toBe(rec.status);
    expect(shape(reply.json)).toEqual(shape(rec.body));
    const recorded = (rec.body as { processes: Record<string, unknown>[] }).processes;
    expect(reply.json.processes.length).toBeGreaterThan(5);
    for (const p of reply.json.processes as Record<string, unknown>[]) {
      expect(p['proc_guid']).toMatch(/^00000001-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(p['parent_guid']).toMatch(/^00000001-/);
    }
    expect(shape(recorded[1])).toEqual(shape((reply.json.processes as unknown[])[1]));
  });
});
