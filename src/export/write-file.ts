/** Writes streamed bytes to a file atomically: into `<file>.partial`, renamed when complete. */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LctError } from '../errors.js';

export async function writeFileFromChunks(
  file: string,
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<number> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  let bytes = 0;
  try {
    // Opened here, not lazily by the stream: a stream destroyed before its open completes would still
    // create the file after the cleanup below removed it.
    const output = fs.createWriteStream(partial, { fd: fs.openSync(partial, 'w') });
    await pipeline(async function* () {
      for await (const chunk of chunks) {
        const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        bytes += data.length;
        onChunk?.(data);
        yield data;
      }
    }, output);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
      throw new LctError(`Cannot write ${file}: ${code}.`, 'Choose a writable path.', { cause: error });
    }
    throw error;
  }
  return bytes;
}
