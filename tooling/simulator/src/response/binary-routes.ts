import { zipSync, strToU8 } from 'fflate';
import { Prng } from '../world/prng.js';
import type { Router } from '../server/router.js';
import type { JsonDoc } from './process-docs.js';
import { notFound } from './route-context.js';
import type { RouteContext } from './route-context.js';

/** Largest `filedata` the simulator builds (larger binaries are truncated; see README). */
const MAX_FILEDATA_BYTES = 2 * 1024 * 1024;

/** A PE-looking file body (`MZ`, DOS stub, `PE\0\0` header) of `size` bytes, the same for the same md5. */
export function fakePeImage(md5: string, size: number): Uint8Array {
  const n = Math.max(512, Math.min(size, MAX_FILEDATA_BYTES));
  const out = new Uint8Array(n);
  out.set([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);
  out[0x3c] = 0x80; // e_lfanew
  out.set(strToU8('This program cannot be run in DOS mode.\r\r\n$'), 0x4e);
  out.set([0x50, 0x45, 0x00, 0x00, 0x4c, 0x01], 0x80);
  const rng = new Prng(`filedata/${md5}`);
  // half text-like, half noise: compresses like a real binary (about 50%)
  for (let i = 0x200; i < n; i++) out[i] = i % 64 < 32 ? 0 : rng.nextUint32() & 0xff;
  return out;
}

function metadataText(doc: JsonDoc): string {
  const ts = new Date(String(doc['server_added_timestamp']));
  const pad = (x: number): string => String(x).padStart(2, '0');
  const stamp = `${pad(ts.getUTCMonth() + 1)}/${pad(ts.getUTCDate())}/${ts.getUTCFullYear()} ${pad(ts.getUTCHours())}:${pad(ts.getUTCMinutes())}:${pad(ts.getUTCSeconds())}`;
  const path = String((doc['observed_filename'] as string[])[0] ?? '');
  const device = path.replace(/^[a-z]:/i, '\\Device\\HarddiskVolume2');
  return `Timestamp                      : ${stamp}\r\nOrigFilename                   : ${titleCasePath(device)}\r\n`;
}

function titleCasePath(path: string): string {
  return path.split('\\').map((part) => (part.length ? part[0]?.toUpperCase() + part.slice(1) : part)).join('\\');
}

/** Binary summary and the ZIP download (`filedata` + `metadata`, built with fflate). */
export function registerBinaryRoutes(router: Router, ctx: RouteContext): void {
  const { store } = ctx;
  const zips = new Map<string, Buffer>();
  const find = (md5: string): JsonDoc => {
    const doc = store.binaryByMd5.get(md5.toUpperCase());
    if (!doc) throw notFound(`Binary ${md5} not found`);
    return doc;
  };
  router.add('GET', '/api/v1/binary/:md5/summary', 'response', (req) => ({ json: find(req.params['md5'] ?? '') }));
  router.add('GET', '/api/v1/binary/:md5/icon', 'response', (req) => {
    find(req.params['md5'] ?? '');
    return { body: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==', 'base64'), headers: { 'Content-Type': 'image/png' } };
  });
  router.add('GET', '/api/v1/binary/:md5', 'response', (req) => {
    const doc = find(req.params['md5'] ?? '');
    const md5 = String(doc['md5']);
    let zip = zips.get(md5);
    if (!zip) {
      zip = Buffer.from(
        zipSync({
          filedata: [fakePeImage(md5, Number(doc['orig_mod_len'])), { level: 6 }],
          metadata: [strToU8(metadataText(doc)), { level: 6 }],
        }),
      );
      if (zips.size > 64) zips.clear();
      zips.set(md5, zip);
    }
    return { body: zip, headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename=${md5}.zip` } };
  });
}
