/**
 * What an importer reads: a file on disk or a member of a zip archive, opened as a stream of bytes.
 * Messages name the file (the member's own name for an archive member) and say where it came from.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface InputSource {
  /** The file name messages and lineage use: `ccd_lea_052_2324_l_1a_073124.csv`. */
  name: string;
  /** Where it is, for people: a path, or `archive.zip › member.csv`. */
  location: string;
  /** Bytes the stream will deliver (uncompressed), for progress. */
  size: number;
  /** The bytes, in chunks of up to about 1 MB. */
  open(): AsyncIterable<Buffer>;
}

export function fileSource(file: string): InputSource {
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    // Reported by open() as a file that cannot be read.
  }
  return {
    name: path.basename(file),
    location: file,
    size,
    open: () => fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>,
  };
}
