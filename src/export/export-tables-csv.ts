/**
 * `lct export csv <dir>`: one CSV per table, `<table>.csv`, in the exact format `lct import csv` reads back
 * with COPY … FROM … CSV HEADER, so export then import gives identical contents:
 * - the first line is the column names, all columns in table order;
 * - rows ordered by primary key, written by `COPY (SELECT …) TO STDOUT WITH (FORMAT csv, HEADER)`;
 * - NULL is an empty unquoted field, the empty string is `""`; quotes inside values are doubled;
 * - jsonb as JSON text, arrays as PostgreSQL array literals (`{a,b}`), booleans `t`/`f`,
 *   timestamps ISO in UTC (`2025-01-02 03:04:05.678+00`), numbers as stored;
 * - UTF-8, `\n` line ends; a value containing a newline is quoted.
 * All tables come from one snapshot; on a server, several tables are written at once, on connections that
 * share that snapshot.
 */

/** Tables written at once on a server (each on its own connection, within the pool's size). */
const PARALLEL_TABLES = 3;
import path from 'node:path';
import type { Database, Queryable } from '../db/database.js';
import { inSharedReadSnapshot, isDatabase } from '../db/in-transaction.js';
import type { PostgresDatabase } from '../db/postgres-engine.js';
import { escapeIdentifier } from 'pg';
import { silentProgress, type ProgressSink } from '../progress.js';
import { CsvRowSplitter } from './csv-rows.js';
import { orderedSelect, selectDataTables, type TableInfo } from '../db/table-catalog.js';
import { writeFileFromChunks } from './write-file.js';

export interface ExportedTable {
  table: string;
  file: string;
  rows: number;
  bytes: number;
}

export interface ExportTablesOptions {
  /** Only these tables (default: every data table). */
  tables?: readonly string[];
  progress?: ProgressSink;
}

export async function exportTablesCsv(
  db: Database | Queryable,
  dir: string,
  options: ExportTablesOptions = {},
): Promise<ExportedTable[]> {
  const progress = options.progress ?? silentProgress;
  const connections =
    isDatabase(db) && db.engine === 'postgres'
      ? Math.max(1, Math.min(PARALLEL_TABLES, (db as PostgresDatabase).options.poolSize - 1))
      : 1;
  return inSharedReadSnapshot(db, async (tx, parallel) => {
    const tables = await selectDataTables(tx, options.tables);
    // Largest first, so the connections finish together.
    const sizes = await tx.query<{ name: string; bytes: number }>(
      `SELECT relname::text AS name, pg_total_relation_size(oid) AS bytes FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = ANY ($1)`,
      [tables.map((t) => t.name)],
    );
    const bytes = new Map(sizes.rows.map((r) => [r.name, r.bytes]));
    const queue = [...tables].sort((a, b) => bytes.get(b.name)! - bytes.get(a.name)!);
    progress.begin(`Exporting ${tables.length} tables to ${dir}`, tables.length, 'tables');
    const exported = new Map<string, ExportedTable>();
    const worker = async (q: Queryable) => {
      for (let table = queue.shift(); table; table = queue.shift()) {
        exported.set(table.name, await exportTable(q, table, dir));
        progress.advance(1);
      }
    };
    if (connections > 1) await Promise.all(Array.from({ length: connections }, () => parallel(worker)));
    else await worker(tx);
    const ordered = tables.map((t) => exported.get(t.name)!);
    progress.end(
      `Exported ${ordered.reduce((n, e) => n + e.rows, 0).toLocaleString('en-US')} rows in ${tables.length} files to ${dir}`,
    );
    return ordered;
  });
}

async function exportTable(tx: Queryable, table: TableInfo, dir: string): Promise<ExportedTable> {
  const file = path.join(dir, `${table.name}.csv`);
  const counter = new CsvRowSplitter();
  const chunks = tx.copyTo(`COPY (${orderedSelect(table)}) TO STDOUT WITH (FORMAT csv, HEADER)`);
  const bytes = await writeFileFromChunks(file, chunks, (c) => counter.observe(c));
  return { table: table.name, file, rows: Math.max(0, counter.observedRows - 1), bytes };
}

/** The COPY that loads one exported file back (what `lct import csv` does for a fresh table). */
export function copyFromExportedCsv(table: string, columns: readonly string[]): string {
  return `COPY ${escapeIdentifier(table)} (${columns.map(escapeIdentifier).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER)`;
}
