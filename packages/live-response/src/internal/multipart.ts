import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** Builds a streaming `multipart/form-data` body with one file field. @internal */
export function multipartFile(field: string, filename: string, data: Buffer | string | Readable): { body: Readable; contentType: string } {
  const boundary = `----cbapi${randomBytes(12).toString('hex')}`;
  const safeName = filename.replace(/["\r\n\\]/g, '_');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${safeName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts(): AsyncGenerator<Buffer> {
    yield head;
    if (typeof data === 'string') yield Buffer.from(data);
    else if (Buffer.isBuffer(data)) yield data;
    else for await (const chunk of data) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    yield tail;
  }
  return { body: Readable.from(parts()), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Reads a stream to one Buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}

/** `<12 random [A-Za-z0-9]>`, as cbapi's temp names. */
export function randomName(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}
