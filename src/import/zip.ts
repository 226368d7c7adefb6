/**
 * Zip archives as NCES publishes them, read in place: the central directory lists the members, a member
 * is streamed out (inflated as it is read, never unpacked to disk) with its CRC-32 and size checked at
 * its end, and a zip inside the zip is opened from memory (or from a temporary file when large).
 * yauzl reads the archive; it does not check CRC-32s itself, so every stream here does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { LctError } from '../errors.js';
import type { InputSource } from './input-source.js';

/** A zip that cannot be read, or whose contents do not match its own checksums. */
export class ZipError extends LctError {
  constructor(
    readonly archive: string,
    message: string,
    hint?: string,
  ) {
    super(`${path.basename(archive)}: ${message}`, hint ?? 'The archive is damaged or incomplete: download it again.');
    this.name = 'ZipError';
  }
}

/** Nested archives up to this size are read from memory; larger ones are copied to a temporary file. */
const NESTED_IN_MEMORY_BYTES = 128 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;

export function isZipName(file: string): boolean {
  return /\.zip$/i.test(file);
}

interface OpenArchive {
  zip: yauzl.ZipFile;
  entries: yauzl.Entry[];
  close(): void;
}

async function openArchive(where: { file: string } | { buffer: Buffer; label: string }): Promise<OpenArchive> {
  const label = 'file' in where ? where.file : where.label;
  let zip: yauzl.ZipFile;
  try {
    zip =
      'file' in where
        ? await yauzl.openPromise(where.file, { autoClose: false, lazyEntries: true, strictFileNames: false })
        : await yauzl.fromBufferPromise(where.buffer, { lazyEntries: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
      throw new LctError(`${label}: cannot read the file (${code}).`, 'Check the path.');
    throw new ZipError(label, `not a readable zip archive (${(error as Error).message})`);
  }
  const entries: yauzl.Entry[] = [];
  try {
    for await (const entry of zip.eachEntry()) entries.push(entry);
  } catch (error) {
    zip.close();
    throw new ZipError(label, `its list of members is damaged (${(error as Error).message})`);
  }
  return { zip, entries, close: () => zip.close() };
}

/**
 * The bytes of one member, in chunks of about 1 MB, checked against the CRC-32 and size the central
 * directory records: a mismatch throws at the end of the member, after its last chunk.
 */
async function* checkedEntryStream(archive: OpenArchive, entry: yauzl.Entry, label: string): AsyncGenerator<Buffer> {
  if (entry.isEncrypted()) throw new ZipError(label, `${entry.fileName} is encrypted`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new ZipError(
      label,
      `${entry.fileName} is compressed with method ${entry.compressionMethod}${entry.compressionMethod === 9 ? ' (Deflate64)' : ''}, which lct cannot read`,
      `Unpack it with another tool (7z x, or unzip) and import the CSV inside instead.`,
    );
  }
  let stream: NodeJS.ReadableStream;
  try {
    // The raw bytes, inflated here with 1 MB output chunks: yauzl's own inflater emits 16 KB chunks,
    // and the per-chunk cost made checking a 700 MB member three times slower.
    const raw = await archive.zip.openReadStreamPromise(entry, { decodeFileData: false });
    if (entry.compressionMethod === 8) {
      const inflate = createInflateRaw({ chunkSize: CHUNK_BYTES });
      raw.on('error', (error) => inflate.destroy(error));
      stream = raw.pipe(inflate);
    } else stream = raw;
  } catch (error) {
    throw new ZipError(label, `cannot read ${entry.fileName} (${(error as Error).message})`);
  }
  let crc = 0;
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      crc = crc32(chunk, crc);
      bytes += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) {
        const out = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        yield out;
      }
    }
  } catch (error) {
    if (error instanceof LctError) throw error;
    throw new ZipError(label, `${entry.fileName} is damaged (${(error as Error).message})`);
  }
  if (bytes !== entry.uncompressedSize)
    throw new ZipError(label, `${entry.fileName} has ${bytes} bytes, but the archive says ${entry.uncompressedSize}`);
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    throw new ZipError(
      label,
      `${entry.fileName} does not match its CRC-32 (${hex(crc)} read, ${hex(entry.crc32)} recorded)`,
    );
  }
  if (pendingBytes > 0) yield pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/** A member found in an archive (or in an archive inside it): a name and a way to read it. */
export interface ArchiveMember extends InputSource {
  /** The chain of names from the outer archive down: ['outer member.zip', 'data.csv']. */
  chain: string[];
}

/** Opens the archive at `chain` (the outer file, then nested archive members), runs `use`, closes everything. */
async function withNestedArchive<T>(file: string, chain: string[], use: (archive: OpenArchive) => Promise<T>) {
  let archive = await openArchive({ file });
  const cleanups: (() => void)[] = [() => archive.close()];
  try {
    for (const name of chain) {
      const entry = archive.entries.find((e) => e.fileName === name);
      if (!entry) throw new ZipError(file, `has no member ${name}`);
      const label = `${path.basename(file)} › ${name}`;
      if (entry.uncompressedSize <= NESTED_IN_MEMORY_BYTES) {
        const buffer = Buffer.concat(await collect(checkedEntryStream(archive, entry, file)));
        archive = await openArchive({ buffer, label });
      } else {
        // A large archive inside the archive: yauzl needs random access, so it goes to a temporary file.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-nested-'));
        cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
        const temp = path.join(dir, path.basename(name));
        const out = fs.createWriteStream(temp);
        for await (const chunk of checkedEntryStream(archive, entry, file))
          if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
        archive = await openArchive({ file: temp });
      }
      cleanups.push(() => archive.close());
    }
    return await use(archive);
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup();
  }
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

const isDirectory = (entry: yauzl.Entry) => entry.fileName.endsWith('/');
/** Resource forks that macOS adds to archives it makes. */
const isJunk = (name: string) => /(^|\/)__MACOSX\//.test(name) || /(^|\/)\._/.test(name);

/**
 * Every file member of the archive, nested archives opened in turn (their members listed in their
 * place, the nested archive itself not). `accept` picks the members worth listing (by name).
 */
export async function listArchiveMembers(file: string, accept: (name: string) => boolean): Promise<ArchiveMember[]> {
  const found: ArchiveMember[] = [];
  const visit = async (chain: string[]) => {
    const nested: string[] = [];
    await withNestedArchive(file, chain, async (archive) => {
      for (const entry of archive.entries) {
        if (isDirectory(entry) || isJunk(entry.fileName)) continue;
        if (isZipName(entry.fileName)) nested.push(entry.fileName);
        else if (accept(entry.fileName))
          found.push(memberSource(file, [...chain, entry.fileName], entry.uncompressedSize));
      }
    });
    for (const name of nested) await visit([...chain, name]);
  };
  await visit([]);
  return found;
}

function memberSource(file: string, chain: string[], size: number): ArchiveMember {
  const name = chain.at(-1)!;
  return {
    name: path.basename(name),
    location: [file, ...chain].join(' › '),
    size,
    chain,
    async *open() {
      const parents = chain.slice(0, -1);
      let archive: OpenArchive | undefined;
      let release: () => void = () => undefined;
      // Keep the archive open while the caller reads: withNestedArchive closes it when `use` returns,
      // so `use` waits here until the member has been read to its end (or reading stopped).
      const opened = new Promise<void>((ready, failed) => {
        withNestedArchive(file, parents, (a) => {
          archive = a;
          ready();
          return new Promise<void>((done) => (release = done));
        }).catch(failed);
      });
      await opened;
      try {
        const entry = archive!.entries.find((e) => e.fileName === name);
        if (!entry) throw new ZipError(file, `has no member ${name}`);
        yield* checkedEntryStream(archive!, entry, file);
      } finally {
        release();
      }
    },
  };
}

/**
 * Reads every member of the archive to its end, checking each CRC-32 and size: what a downloaded
 * archive must pass before it is kept. Returns the members and their uncompressed bytes.
 */
export async function verifyArchive(
  file: string,
  onBytes?: (bytes: number) => void,
): Promise<{ members: number; bytes: number }> {
  const archive = await openArchive({ file });
  let members = 0;
  let bytes = 0;
  try {
    for (const entry of archive.entries) {
      if (isDirectory(entry)) continue;
      for await (const chunk of checkedEntryStream(archive, entry, file)) {
        bytes += chunk.length;
        onBytes?.(chunk.length);
      }
      members++;
    }
  } finally {
    archive.close();
  }
  return { members, bytes };
}
