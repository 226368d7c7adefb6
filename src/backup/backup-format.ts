/**
 * The portable backup format (`lct backup <file>`), the same on both engines and across PostgreSQL
 * versions, because it holds data, not DDL: the schema comes from the migrations the backup names.
 *
 * A gzip stream of:
 *   LCT-BACKUP 1\n
 *   <header: one line of JSON — migrations, tables (columns, primary key, rows, md5), sequences>\n
 *   for each table of the header, in order (parents before children):
 *     blocks of `<byte length>\n<bytes>` holding the rows as COPY … CSV (no header), then `0\n`.
 * The rows are exactly what `lct export csv` writes; timestamps in UTC.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { EngineName } from '../db/database.js';
import { LctError } from '../errors.js';
import { concatBytes } from '../db/bytes.js';

export const BACKUP_MAGIC = 'LCT-BACKUP 1';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupTable {
  name: string;
  columns: string[];
  primary_key: string[];
  rows: number;
  md5: string;
}

export interface BackupSequence {
  table: string;
  column: string;
  last_value: number;
  is_called: boolean;
}

export interface BackupHeader {
  format: 'lct-backup';
  version: typeof BACKUP_FORMAT_VERSION;
  created_at: string;
  lct_version: string;
  source: { engine: EngineName; server_version: string };
  migrations: { version: number; name: string; checksum: string }[];
  tables: BackupTable[];
  sequences: BackupSequence[];
}

/** Reads a backup file sequentially: the header, then each table's rows in turn. */
export class BackupReader {
  private buffer: Uint8Array = new Uint8Array(0);
  private constructor(
    private readonly source: AsyncIterator<Uint8Array>,
    private readonly file: string,
    private readonly stream: zlib.Gunzip,
  ) {}

  header!: BackupHeader;

  static async open(file: string): Promise<BackupReader> {
    const stream = fs.createReadStream(file).pipe(zlib.createGunzip());
    const reader = new BackupReader(stream[Symbol.asyncIterator](), file, stream);
    try {
      if ((await reader.readLine()) !== BACKUP_MAGIC) throw new Error('no magic line');
      const header = JSON.parse(await reader.readLine()) as BackupHeader;
      if (header.format !== 'lct-backup' || header.version !== BACKUP_FORMAT_VERSION) {
        throw new LctError(
          `${file} is an lct backup of format version ${header.version}; this lct reads version ${BACKUP_FORMAT_VERSION}.`,
          'Restore it with the lct version that wrote it.',
        );
      }
      reader.header = header;
      return reader;
    } catch (error) {
      reader.close();
      if (error instanceof LctError) throw error;
      throw new LctError(
        `${file} is not an lct backup (or it is damaged): ${(error as Error).message}.`,
        'Give a file written by lct backup, or a pg_dump file with --format pg_dump.',
        { cause: error },
      );
    }
  }

  close(): void {
    this.stream.destroy();
  }

  /** The rows of the next table, as COPY CSV bytes in blocks (they need not end on row boundaries). */
  async *tableData(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const line = await this.readLine();
      const length = Number(line);
      if (!/^\d+$/.test(line))
        throw new LctError(`${this.file} is damaged: expected a block length, found "${line.slice(0, 40)}".`);
      if (length === 0) return;
      yield* this.readBytes(length);
    }
  }

  private async fill(): Promise<boolean> {
    const next = await this.source.next();
    if (next.done) return false;
    this.buffer = this.buffer.length ? concatBytes([this.buffer, next.value]) : next.value;
    return true;
  }

  private async readLine(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf(0x0a);
      if (end >= 0) {
        const line = Buffer.from(this.buffer.subarray(0, end)).toString('utf8');
        this.buffer = this.buffer.subarray(end + 1);
        return line;
      }
      if (!(await this.fill())) throw new LctError(`${this.file} ends too early: it was cut off or is damaged.`);
    }
  }

  private async *readBytes(length: number): AsyncGenerator<Uint8Array> {
    let left = length;
    while (left > 0) {
      if (this.buffer.length === 0 && !(await this.fill()))
        throw new LctError(`${this.file} ends too early: it was cut off or is damaged.`);
      const take = Math.min(left, this.buffer.length);
      yield this.buffer.subarray(0, take);
      this.buffer = this.buffer.subarray(take);
      left -= take;
    }
  }
}

/** What a file starts with, to tell the portable format from a pg_dump script. */
export type BackupFileKind = 'lct' | 'pg_dump' | 'pg_dump_custom' | 'unknown';

export function detectBackupKind(file: string): BackupFileKind {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new LctError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      undefined,
      { cause: error },
    );
  }
  const head = Buffer.alloc(4096);
  const read = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const start = head.subarray(0, read);
  if (start[0] === 0x1f && start[1] === 0x8b) return 'lct';
  if (start.subarray(0, 5).toString('latin1') === 'PGDMP') return 'pg_dump_custom';
  if (/PostgreSQL database dump/.test(start.toString('utf8'))) return 'pg_dump';
  return 'unknown';
}
