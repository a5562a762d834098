import { promisify } from 'node:util';
import { brotliDecompress, brotliDecompressSync, inflateRaw, inflateRawSync, unzip, unzipSync, type InputType } from 'node:zlib';

/** What buffered requests accept: the encodings {@link decodeBody} undoes. @internal */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Compressed bodies up to this size are inflated on the spot: far cheaper than a round trip through
 * the libuv pool, which got's streaming decompression costs on every response (about 1 ms per Live
 * Response poll, measured). Larger ones are inflated on the pool, so the event loop stays free.
 */
const INLINE_LIMIT = 64 * 1024;

type Codec = { sync: (body: InputType) => Buffer; async: (body: InputType) => Promise<Buffer> };

const codecs = {
  unzip: { sync: unzipSync, async: promisify(unzip) } as Codec,
  inflateRaw: { sync: inflateRawSync, async: promisify(inflateRaw) } as Codec,
  brotli: { sync: brotliDecompressSync, async: promisify(brotliDecompress) } as Codec,
};

function codecFor(encoding: string, body: Buffer): Codec | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return codecs.unzip;
    case 'deflate':
      // RFC 9110 deflate is zlib-wrapped (CMF low nibble 8); some servers send raw deflate.
      return ((body[0] ?? 0) & 0x0f) === 0x08 ? codecs.unzip : codecs.inflateRaw;
    case 'br':
      return codecs.brotli;
    default:
      return undefined; // identity, or an encoding we did not ask for: left as is
  }
}

/**
 * Undoes a response's `Content-Encoding` (gzip, deflate, br) on a fully read body.
 * @throws Error from zlib when the body is not what its encoding says.
 * @internal
 */
export async function decodeBody(body: Buffer, contentEncoding: string | string[] | undefined): Promise<Buffer> {
  const encoding = (Array.isArray(contentEncoding) ? contentEncoding[0] : contentEncoding)?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || body.length === 0) return body;
  const codec = codecFor(encoding, body);
  if (codec === undefined) return body;
  return body.length <= INLINE_LIMIT ? codec.sync(body) : codec.async(body);
}
