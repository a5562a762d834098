import { describe, expect, it } from '@jest/globals';
import { parseMultipart } from './multipart.js';

function body(boundary: string, parts: { name: string; filename?: string; type?: string; data: Buffer }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`));
    chunks.push(part.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe('parseMultipart', () => {
  it('keeps binary data (including CRLF and dashes) byte for byte', () => {
    const data = Buffer.from([0, 13, 10, 45, 45, 255, 13, 10, 13, 10, 1]);
    const parts = parseMultipart('multipart/form-data; boundary=XyZ', body('XyZ', [{ name: 'file', filename: 'a.bin', type: 'application/octet-stream', data }, { name: 'note', data: Buffer.from('hi') }]));
    expect(parts).toHaveLength(2);
    expect(parts?.[0]).toMatchObject({ name: 'file', filename: 'a.bin', contentType: 'application/octet-stream' });
    expect(parts?.[0]?.data).toEqual(data);
    expect(parts?.[1]).toMatchObject({ name: 'note', filename: undefined });
    expect(parts?.[1]?.data.toString()).toBe('hi');
  });

  it('accepts a quoted boundary', () => {
    const parts = parseMultipart('multipart/form-data; boundary="a b"', body('a b', [{ name: 'file', filename: 'x', data: Buffer.from('x') }]));
    expect(parts?.[0]?.data.toString()).toBe('x');
  });

  it('returns undefined for other content types and throws SyntaxError for a truncated body', () => {
    expect(parseMultipart('application/json', Buffer.from('{}'))).toBeUndefined();
    expect(parseMultipart(undefined, Buffer.from(''))).toBeUndefined();
    expect(() => parseMultipart('multipart/form-data; boundary=B', Buffer.from('--B\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc'))).toThrow(SyntaxError);
    expect(() => parseMultipart('multipart/form-data; boundary=B', Buffer.from('nothing here'))).toThrow(SyntaxError);
  });
});
