import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { decodeBody } from './decode-body.js';

const json = Buffer.from(JSON.stringify({ processes: Array.from({ length: 50 }, (_, pid) => ({ pid, path: 'c:\\windows\\system32\\svchost.exe' })) }));

describe('decodeBody', () => {
  it.each([
    ['gzip', gzipSync(json)],
    ['x-gzip', gzipSync(json)],
    ['deflate', deflateSync(json)],
    ['deflate', deflateRawSync(json)],
    ['br', brotliCompressSync(json)],
    ['GZIP', gzipSync(json)],
  ])('undoes %s', async (encoding, body) => {
    expect((await decodeBody(body, encoding)).equals(json)).toBe(true);
  });

  it('inflates a large body off the event loop, to the same bytes', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 'cbapi ');
    const random = randomBytes(200_000); // incompressible: > 64 KiB gzipped
    const body = Buffer.concat([big, random]);
    const gz = gzipSync(body);
    expect(gz.length).toBeGreaterThan(64 * 1024);
    expect((await decodeBody(gz, ['gzip'])).equals(body)).toBe(true);
  });

  it('leaves identity, unknown encodings and empty bodies alone', async () => {
    expect(await decodeBody(json, undefined)).toBe(json);
    expect(await decodeBody(json, 'identity')).toBe(json);
    expect(await decodeBody(json, 'zstd')).toBe(json);
    const empty = Buffer.alloc(0);
    expect(await decodeBody(empty, 'gzip')).toBe(empty);
  });

  it('rejects a body that is not what its encoding says', async () => {
    await expect(decodeBody(Buffer.from('not gzip at all'), 'gzip')).rejects.toThrow(/header/i);
  });
});
