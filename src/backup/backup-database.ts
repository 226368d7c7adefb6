/**
 * `lct backup <file> [--table t]…`: every data table (or the ones named) from one consistent snapshot
 * into the portable format of backup-format.ts, with row counts and checksums to verify on restore.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { Database, Queryable } from '../db/database.js';
import { inReadSnapshot } from '../db/in-transaction.js';
import { LctError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { silentProgress, type ProgressSink } from '../progress.js';
import { orderedSelect, selectDataTables, type TableInfo } from '../db/table-catalog.js';
import { checksumTables } from './table-checksums.js';
import { BACKUP_FORMAT_VERSION, BACKUP_MAGIC, type BackupHeader, type BackupSequence } from './backup-format.js';

export interface BackupOptions {
  /** Only these tables (default: every data table). */
  tables?: readonly string[];
  progress?: ProgressSink;
}

export interface BackupResult {
  file: string;
  bytes: number;
  tables: { name: string; rows: number }[];
}

function lctVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The serial and identity sequences of these tables, with their current position. */
export async function readSequences(tx: Queryable, tables: readonly TableInfo[]): Promise<BackupSequence[]> {
  const owned = await tx.query<{ table: string; column: string; sequence: string }>(
    `SELECT c.relname::text AS table, a.attname::text AS column, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY ($1) AND a.attnum > 0 AND NOT a.attisdropped
       AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL
     ORDER BY 1, 2`,
    [tables.map((t) => t.name)],
  );
  const sequences: BackupSequence[] = [];
  for (const s of owned.rows) {
    // The name comes from pg_get_serial_sequence, already quoted as SQL needs it.
    const position = await tx.query<{ last_value: number; is_called: boolean }>(
      `SELECT last_value, is_called FROM ${s.sequence}`,
    );
    sequences.push({ table: s.table, column: s.column, ...position.rows[0]! });
  }
  return sequences;
}

export async function backupDatabase(db: Database, file: string, options: BackupOptions = {}): Promise<BackupResult> {
  const progress = options.progress ?? silentProgress;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  try {
    const header = await inReadSnapshot(db, async (tx) => {
      const tables = await selectDataTables(tx, options.tables);
      const checksums = await checksumTables(tx, tables);
      const migrations = await tx.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
      );
      const version = await tx.query<{ server_version: string }>(
        `SELECT current_setting('server_version') AS server_version`,
      );
      const header: BackupHeader = {
        format: 'lct-backup',
        version: BACKUP_FORMAT_VERSION,
        created_at: new Date().toISOString(),
        lct_version: lctVersion(),
        source: { engine: db.engine, server_version: version.rows[0]!.server_version },
        migrations: migrations.rows,
        tables: tables.map((t) => ({ ...t, rows: checksums[t.name]!.rows, md5: checksums[t.name]!.md5 })),
        sequences: await readSequences(tx, tables),
      };
      const totalRows = header.tables.reduce((n, t) => n + t.rows, 0);
      progress.begin(`Backing up ${tables.length} tables`, totalRows, 'rows');
      await pipeline(
        async function* () {
          yield `${BACKUP_MAGIC}\n${JSON.stringify(header)}\n`;
          for (const table of tables) {
            for await (const chunk of tx.copyTo(`COPY (${orderedSelect(table)}) TO STDOUT WITH (FORMAT csv)`)) {
              yield `${chunk.length}\n`;
              yield chunk;
            }
            yield '0\n';
            progress.advance(checksums[table.name]!.rows);
          }
        },
        zlib.createGzip({ level: 3 }),
        fs.createWriteStream(partial),
      );
      return header;
    });
    fs.renameSync(partial, file);
    const bytes = fs.statSync(file).size;
    progress.end(
      `Backed up ${header.tables.reduce((n, t) => n + t.rows, 0).toLocaleString('en-US')} rows of ${header.tables.length} tables to ${file} (${(bytes / 1e6).toFixed(1)} MB)`,
    );
    return { file, bytes, tables: header.tables.map((t) => ({ name: t.name, rows: t.rows })) };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'ENOENT' || code === 'EISDIR')
      throw new LctError(`Cannot write ${file}: ${code}.`, 'Choose a writable path.', { cause: error });
    throw error;
  }
}
