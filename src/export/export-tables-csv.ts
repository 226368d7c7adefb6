/**
 * `lct export csv <dir>`: one CSV per table, `<table>.csv`, in the exact format `lct import csv` reads back
 * with COPY … FROM … CSV HEADER, so export then import gives identical contents:
 * - the first line is the column names, all columns in table order;
 * - rows ordered by primary key, written by `COPY (SELECT …) TO STDOUT WITH (FORMAT csv, HEADER)`;
 * - NULL is an empty unquoted field, the empty string is `""`; quotes inside values are doubled;
 * - jsonb as JSON text, arrays as PostgreSQL array literals (`{a,b}`), booleans `t`/`f`,
 *   timestamps ISO in UTC (`2025-01-02 03:04:05.678+00`), numbers as stored;
 * - UTF-8, `\n` line ends; a value containing a newline is quoted.
 * All tables come from one snapshot.
 */
import path from 'node:path';
import type { Database, Queryable } from '../db/database.js';
import { inReadSnapshot } from '../db/in-transaction.js';
import { quoteIdent } from '../db/quote.js';
import { silentProgress, type ProgressSink } from '../progress.js';
import { CsvRowSplitter } from './csv-rows.js';
import { orderedSelect, selectDataTables } from './table-catalog.js';
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

export async function exportTablesCsv(db: Database | Queryable, dir: string, options: ExportTablesOptions = {}): Promise<ExportedTable[]> {
  const progress = options.progress ?? silentProgress;
  return inReadSnapshot(db, async (tx) => {
    const tables = await selectDataTables(tx, options.tables);
    progress.begin(`Exporting ${tables.length} tables to ${dir}`, tables.length, 'tables');
    const exported: ExportedTable[] = [];
    for (const table of tables) {
      const file = path.join(dir, `${table.name}.csv`);
      const counter = new CsvRowSplitter();
      const bytes = await writeFileFromChunks(file, tx.copyTo(`COPY (${orderedSelect(table)}) TO STDOUT WITH (FORMAT csv, HEADER)`), (c) => counter.observe(c));
      exported.push({ table: table.name, file, rows: Math.max(0, counter.observedRows - 1), bytes });
      progress.advance(1);
    }
    progress.end(`Exported ${exported.reduce((n, e) => n + e.rows, 0).toLocaleString('en-US')} rows in ${tables.length} files to ${dir}`);
    return exported;
  });
}

/** The COPY that loads one exported file back (what `lct import csv` does for a fresh table). */
export function copyFromExportedCsv(table: string, columns: readonly string[]): string {
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER)`;
}
