/** One part of a multipart/form-data body. */
export interface MultipartPart {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/**
 * Parses a `multipart/form-data` body (RFC 7578). Returns undefined when the content type is not
 * multipart or has no boundary, and throws a `SyntaxError` naming what is malformed.
 */
export function parseMultipart(contentType: string | undefined, body: Buffer): MultipartPart[] | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw new SyntaxError('multipart body has no boundary line');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') break;
    if (body.subarray(position, position + 2).toString() === '\r\n') position += 2;
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd < 0) throw new SyntaxError('multipart part without a header end');
    const headers = body.subarray(position, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new SyntaxError('multipart part without a closing boundary');
    let name = '';
    let filename: string | undefined;
    let partType: string | undefined;
    for (const header of headers) {
      const [key = '', ...rest] = header.split(':');
      const value = rest.join(':').trim();
      if (key.trim().toLowerCase() === 'content-disposition') {
        name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? '';
        filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
      } else if (key.trim().toLowerCase() === 'content-type') {
        partType = value;
      }
    }
    parts.push({ name, filename, contentType: partType, data: Buffer.from(body.subarray(headerEnd + 4, next)) });
    position = next + 2;
  }
  return parts;
}
