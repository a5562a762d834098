import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { unzipSync, strFromU8 } from 'fflate';
import { startSimulator } from './index.js';
import type { Simulator } from './index.js';
import { call } from './__fixtures__/sim-client.js';

interface Recording {
  method: string;
  path: string;
  query: string | null;
  request_body: unknown;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  body_zip_entries?: { name: string; first_bytes_hex: string; text?: string }[];
}

const DIR = new URL('./__fixtures__/recorded/', import.meta.url);
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const load = (file: string): Recording => JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Recording;

/** Recordings that are not answers of a Carbon Black server, with the reason. */
const NOT_CARBON_BLACK: Record<string, string> = {
  '16_GET_a_check.json': 'GET /a/check is the answer of a public TLS-checker site (given_cipher_suites, tls_version ...) that cbapi\'s test run called, not of Carbon Black',
};
/** Objects keyed by data (names, pids), compared by their values' shape. */
const MAPS = new Set(['$', '$.tagged_pids', '$.facets', '$.filtered']);

type Shape = { types: Set<string>; fields: Map<string, Shape> | undefined; items: Shape | undefined };

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** The merged shape of values: JSON types per path; array items and map values merged. */
function shapeOf(values: unknown[], path: string, maps: Set<string>): Shape {
  const shape: Shape = { types: new Set(values.map(jsonType)), fields: undefined, items: undefined };
  const objects = values.filter((v): v is Record<string, unknown> => jsonType(v) === 'object');
  if (objects.length > 0) {
    if (maps.has(path)) {
      shape.items = shapeOf(objects.flatMap((o) => Object.values(o)), `${path}.*`, maps);
    } else {
      shape.fields = new Map();
      const keys = new Set(objects.flatMap((o) => Object.keys(o)));
      for (const k of keys) shape.fields.set(k, shapeOf(objects.filter((o) => k in o).map((o) => o[k]), `${path}.${k}`, maps));
    }
  }
  const arrays = values.filter((v): v is unknown[] => Array.isArray(v));
  if (arrays.length > 0) shape.items = shapeOf(arrays.flat(), `${path}[]`, maps);
  return shape;
}

/** Differences between a recorded and a simulated shape (empty = same fields, same JSON types). */
function compare(rec: Shape, sim: Shape, path: string, out: string[]): string[] {
  const nonNull = (s: Set<string>): string => [...s].filter((t) => t !== 'null').sort().join('|');
  if (rec.types.size > 0 && sim.types.size > 0) {
    if (nonNull(rec.types) !== nonNull(sim.types)) out.push(`${path}: recorded ${[...rec.types].join('|')}, simulator ${[...sim.types].join('|')}`);
    else if (sim.types.has('null') && !rec.types.has('null')) out.push(`${path}: simulator sends null where the recording never does`);
  }
  if (rec.fields && sim.fields) {
    for (const k of rec.fields.keys()) if (!sim.fields.has(k)) out.push(`${path}.${k}: missing in the simulator`);
    for (const k of sim.fields.keys()) if (!rec.fields.has(k)) out.push(`${path}.${k}: not in the recording`);
    for (const [k, r] of rec.fields) {
      const s = sim.fields.get(k);
      if (s) compare(r, s, `${path}.${k}`, out);
    }
  }
  // an empty array on either side carries no item shape to compare
  if (rec.items && sim.items && rec.items.types.size > 0 && sim.items.types.size > 0) compare(rec.items, sim.items, `${path}[]`, out);
  return out;
}

let sim: Simulator;
let sessionId = 0;
const ids: Record<string, number> = {};

beforeAll(async () => {
  sim = await startSimulator({ seed: 1, sensors: 12, offlineSensors: 2, liveResponse: { sessionStartMs: 10, commandMs: 10 } });
});
afterAll(async () => {
  await sim.close();
});

/** Maps a recorded path onto this simulator's ids (Live Response session, command and file ids differ). */
async function pathFor(rec: Recording): Promise<string> {
  if (!rec.path.startsWith('/api/v1/cblr/session')) return rec.query ? `${rec.path}?${rec.query}` : rec.path;
  if (sessionId === 0) {
    const created = await call(sim, 'POST', '/api/v1/cblr/session', { body: { sensor_id: 1 } });
    sessionId = created.json.id as number;
    await call(sim, 'GET', `/api/v1/cblr/session/${sessionId}?wait=true`);
  }
  return rec.path
    .replace('/session/1', `/session/${sessionId}`)
    .replace('/command/3', `/command/${ids['get file'] ?? 0}`)
    .replace('/command/4', `/command/${ids['process list'] ?? 0}`)
    .replace('/file/2/', `/file/${ids['file'] ?? 0}/`);
}

describe('every recorded Cb Response 6.2 answer has the same fields and JSON types in the simulator', () => {
  it('lists the skipped recordings with a reason', () => {
    for (const file of Object.keys(NOT_CARBON_BLACK)) expect(FILES).toContain(file);
    expect(load('16_GET_a_check.json').body).toHaveProperty('given_cipher_suites');
  });

  for (const file of FILES.filter((f) => !(f in NOT_CARBON_BLACK))) {
    it(file, async () => {
      const rec = load(file);
      const path = await pathFor(rec);
      const body = rec.request_body && typeof rec.request_body === 'object' ? { ...(rec.request_body as object), ...('session_id' in (rec.request_body as object) ? { session_id: sessionId } : {}) } : undefined;
      let reply = await call(sim, rec.method, path, { body, headers: { 'Accept-Encoding': 'gzip' } });
      if (rec.method === 'POST' && path.endsWith('/command')) {
        ids[String((body as { name: string }).name)] = reply.json.id as number;
        if (reply.json.file_id !== undefined) ids['file'] = reply.json.file_id as number;
      }
      if (/\/command\/\d+$/.test(path) && rec.method === 'GET') reply = await call(sim, 'GET', `${path}?wait=true`);
      expect(reply.status).toBe(rec.status);
      expect(reply.headers['server']).toBe(rec.headers['Server']);
      expect(String(reply.headers['content-type'])).toBe(rec.headers['Content-Type']);
      if (rec.headers['X-Frame-Options']) expect(reply.headers['x-frame-options']).toBe(rec.headers['X-Frame-Options']);
      if (rec.body_zip_entries) {
        const entries = unzipSync(new Uint8Array(reply.raw));
        expect(Object.keys(entries).sort()).toEqual(rec.body_zip_entries.map((e) => e.name).sort());
        expect(Buffer.from(entries['filedata'] ?? []).subarray(0, 2).toString('latin1')).toBe('MZ');
        const meta = strFromU8(entries['metadata'] ?? new Uint8Array());
        expect(meta).toMatch(/^Timestamp {22}: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}\r\nOrigFilename {19}: \\Device\\HarddiskVolume2\\.+\r\n$/);
        return;
      }
      if (rec.body === undefined) {
        expect(reply.raw).toBeInstanceOf(Buffer);
        return;
      }
      const diffs = compare(shapeOf([rec.body], '$', MAPS), shapeOf([reply.json], '$', MAPS), '$', []);
      expect(diffs).toEqual([]);
    });
  }
});
