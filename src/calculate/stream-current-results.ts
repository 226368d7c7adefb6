/**
 * Streams the year's current results (`lct_current`) for a run's scopes out of the database with COPY,
 * once, sorted by district and scope: what an incremental run's outputs and QA describe (a full run's are
 * exactly its own rows, streamed as they are inserted: see insert-calculations.ts).
 */
import type { Queryable } from '../db/database.js';
import { ALL_SCOPES } from '../domain/scopes.js';
import { type DistrictLabels, readResultRows, resultRowColumns, type ResultRowHandler } from './result-rows.js';
import { sqlList, sqlLiteral } from './sql-text.js';

/** Calls `onRow` for every current row of the year and scopes, in order; returns the number of rows. */
export async function streamCurrentResults(
  tx: Queryable,
  run: { year: string; scopes: readonly string[] },
  labels: DistrictLabels,
  onRow: ResultRowHandler,
): Promise<number> {
  // COPY takes no parameters: the year and scopes are written as quoted literals. The C collation sorts
  // the ASCII ids like the locale would, without its cost.
  const copy = `COPY (SELECT ${resultRowColumns('c')} FROM lct_current c
                WHERE c.year = ${sqlLiteral(run.year)} AND c.scope IN (${sqlList(run.scopes)})
                ORDER BY c.district_id COLLATE "C", array_position(ARRAY[${sqlList(ALL_SCOPES)}], c.scope::text))
          TO STDOUT WITH (FORMAT csv)`;
  return readResultRows(tx.copyTo(copy), labels, onRow);
}
