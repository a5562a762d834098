import { Transform, type TransformCallback } from 'node:stream';
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipFile } from 'fflate';
import { ApiError } from '@cbapi/core';

/**
 * A Transform that takes the bytes of a ZIP archive and gives the uncompressed bytes of one entry
 * (`filedata` for a Cb Response binary), unzipping on the fly with fflate's streaming `Unzip`:
 * only the chunks in flight are in memory, never the whole file. Backpressure is kept: the
 * archive is read only as fast as the entry is consumed.
 *
 * Emits an {@link ApiError} when the archive ends without the entry or is corrupt.
 *
 * @param entryName - the member to extract @defaultValue 'filedata'
 * @example
 * ```ts
 * const zip = await transport.stream('/api/v1/binary/C7F5CAE0B450BE875EEE0E6DDFA771FE');
 * zip.pipe(createZipEntryStream()).pipe(fs.createWriteStream('appid.sys'));
 * ```
 * @public
 */
export function createZipEntryStream(entryName = 'filedata'): Transform {
  let found = false;
  let finished = false;
  let failure: Error | undefined;
  let stream: Transform;
  const unzip = new Unzip((file: UnzipFile) => {
    if (file.name !== entryName || found) return;
    found = true;
    file.ondata = (err, data, final) => {
      if (err) {
        failure = new ApiError(`Cannot unzip "${entryName}": ${err.message}`, { cause: err });
        return;
      }
      if (data.length > 0) stream.push(Buffer.from(data.buffer, data.byteOffset, data.length));
      if (final) finished = true;
    };
    try {
      file.start();
    } catch (err) {
      failure = new ApiError(`Cannot unzip "${entryName}": ${(err as Error).message}`, { cause: err });
    }
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  stream = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
      try {
        unzip.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), false);
      } catch (err) {
        callback(new ApiError(`Corrupt ZIP archive: ${(err as Error).message}`, { cause: err }));
        return;
      }
      callback(failure);
    },
    flush(callback: TransformCallback): void {
      try {
        unzip.push(new Uint8Array(0), true);
      } catch (err) {
        callback(new ApiError(`Corrupt ZIP archive: ${(err as Error).message}`, { cause: err }));
        return;
      }
      if (failure) callback(failure);
      else if (!found) callback(new ApiError(`The ZIP archive has no "${entryName}" entry`));
      else if (!finished) callback(new ApiError(`The ZIP archive ended inside the "${entryName}" entry`));
      else callback();
    },
  });
  return stream;
}
