/**
 * `lct export query "<sql>" --output file.csv`: what `COPY (…) TO '/tmp/file.csv' CSV HEADER` does, but
 * streamed to the client, so it works on the embedded engine and on servers whose file system you cannot
 * write (Supabase). Same CSV format as `lct export csv`.
 */
import type { Database, Queryable } from '../db/database.js';
import { inReadSnapshot } from '../db/in-transaction.js';
import { LctError } from '../errors.js';
import { CsvRowSplitter } from './csv-rows.js';
import { writeFileFromChunks } from './write-file.js';

/** A query as people paste it: trailing semicolons and surrounding space removed; a COPY is refused. */
function selectStatement(sql: string): string {
  const statement = sql.trim().replace(/;\s*$/, '').trim();
  if (!statement)
    throw new LctError('No query given.', 'Run: lct export query "SELECT * FROM districts" --output districts.csv');
  if (/^copy\b/i.test(statement)) {
    throw new LctError(
      'Give the query inside the COPY, not the COPY itself.',
      'Run: lct export query "SELECT … FROM …" --output file.csv',
    );
  }
  return statement;
}

/** The CSV bytes of a query's result with a header row. */
export function queryCsvChunks(db: Queryable, sql: string): AsyncIterable<Uint8Array> {
  return db.copyTo(`COPY (${selectStatement(sql)}) TO STDOUT WITH (FORMAT csv, HEADER)`);
}

/** Writes the query's result to `file` and returns the number of rows (header not counted). */
export async function exportQueryCsv(
  db: Database | Queryable,
  sql: string,
  file: string,
): Promise<{ file: string; rows: number; bytes: number }> {
  return inReadSnapshot(db, async (tx) => {
    const counter = new CsvRowSplitter();
    const bytes = await writeFileFromChunks(file, queryCsvChunks(tx, sql), (c) => counter.observe(c));
    return { file, rows: Math.max(0, counter.observedRows - 1), bytes };
  });
}
