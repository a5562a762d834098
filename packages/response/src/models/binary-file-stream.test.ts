import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import { ApiError } from '@cbapi/core';
import { createZipEntryStream } from './binary-file-stream.js';

function chunked(buf: Uint8Array, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(Buffer.from(buf.subarray(i, i + size)));
  return Readable.from(parts);
}

async function collect(source: Readable, entry?: string): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(source, createZipEntryStream(entry), async (s: AsyncIterable<Buffer>) => {
    for await (const c of s) out.push(c);
  });
  return Buffer.concat(out);
}

describe('createZipEntryStream', () => {
  const payload = Buffer.concat([Buffer.from('MZ'), randomBytes(200_000), Buffer.alloc(100_000, 7)]);
  const zip = zipSync({ filedata: [new Uint8Array(payload), { level: 6 }], metadata: strToU8('Timestamp : 02/01/2017 04:05:44\r\n') });

  it('extracts filedata from a deflated archive fed in small chunks', async () => {
    const data = await collect(chunked(zip, 1000));
    expect(data.equals(payload)).toBe(true);
    expect(data.subarray(0, 2).toString()).toBe('MZ');
  });
  it('extracts a stored (level 0) member and any named member', async () => {
    const stored = zipSync({ metadata: strToU8('a\r\nb'), filedata: [new Uint8Array(payload.subarray(0, 5000)), { level: 0 }] });
    expect((await collect(chunked(stored, 333))).equals(payload.subarray(0, 5000))).toBe(true);
    expect((await collect(chunked(stored, 333), 'metadata')).toString()).toBe('a\r\nb');
  });
  it('fails with an ApiError when the entry is missing or the archive is cut', async () => {
    const other = zipSync({ metadata: strToU8('x') });
    await expect(collect(chunked(other, 100))).rejects.toThrow(/no "filedata" entry/);
    const cut = zip.subarray(0, Math.floor(zip.length / 2));
    const err = await collect(chunked(cut, 1000)).catch((e: unknown) => e);
    expect(ApiError.isInstance(err)).toBe(true);
  });
});

describe('createZipEntryStream with a streamed (data-descriptor) archive', () => {
  it('extracts filedata written by a streaming zipper', async () => {
    const { Zip, ZipDeflate } = await import('fflate');
    const payload = Buffer.concat([Buffer.from('MZ'), randomBytes(50_000)]);
    const parts: Uint8Array[] = [];
    await new Promise<void>((resolve, reject) => {
      const z = new Zip((err, data, final) => {
        if (err) reject(err);
        else {
          parts.push(data);
          if (final) resolve();
        }
      });
      const f = new ZipDeflate('filedata', { level: 6 });
      z.add(f);
      f.push(new Uint8Array(payload), true);
      z.end();
    });
    const data = await collect(chunked(Buffer.concat(parts), 777));
    expect(data.equals(payload)).toBe(true);
  });
});
