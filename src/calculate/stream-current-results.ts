/**
 * Streams the year's current results (`lct_current`) for a run's scopes out of the database with COPY,
 * once, sorted by district and scope: what an incremental run's outputs and QA describe (a full run's are
 * exactly its own rows, streamed as they are inserted: see insert-calculations.ts).
 */
import type { Queryable } from '../db/database.js';
import { ALL_SCOPES } from '../domain/scopes.js';
import { type DistrictLabels, readResultRows, resultRowColumns, type ResultRowHandler } from './result-rows.js';
import { sqlList, sqlLiteral } from './sql-text.js';

/**
 * The year's latest completed full run that calculated all the scopes: it processed every district, so no
 * current row for those scopes comes from an earlier run, and reading `lct_current` can skip their rows.
 */
async function lastFullRun(tx: Queryable, run: { year: string; scopes: readonly string[] }): Promise<string | null> {
  const result = await tx.query<{ run_id: string }>(
    `SELECT run_id FROM calculation_runs WHERE year = $1 AND status = 'completed' AND run_type = 'full' AND scopes @> $2::text[]
     ORDER BY completed_at DESC, run_id DESC LIMIT 1`,
    [run.year, run.scopes],
  );
  return result.rows[0]?.run_id ?? null;
}

/** Calls `onRow` for every current row of the year and scopes, in order; returns the number of rows. */
export async function streamCurrentResults(
  tx: Queryable,
  run: { year: string; scopes: readonly string[] },
  labels: DistrictLabels,
  onRow: ResultRowHandler,
): Promise<number> {
  const fullRun = await lastFullRun(tx, run);
  const since =
    fullRun === null
      ? ''
      : ` AND c.run_id IN (SELECT run_id FROM calculation_runs WHERE year = ${sqlLiteral(run.year)} AND status = 'completed'
            AND (completed_at, run_id) >= (SELECT completed_at, run_id FROM calculation_runs WHERE run_id = ${sqlLiteral(fullRun)}))`;
  // COPY takes no parameters: the year and scopes are written as quoted literals. The C collation sorts
  // the ASCII ids like the locale would, without its cost.
  const copy = `COPY (SELECT ${resultRowColumns('c')} FROM lct_current c
                WHERE c.year = ${sqlLiteral(run.year)} AND c.scope IN (${sqlList(run.scopes)})${since}
                ORDER BY c.district_id COLLATE "C", array_position(ARRAY[${sqlList(ALL_SCOPES)}], c.scope::text))
          TO STDOUT WITH (FORMAT csv)`;
  return readResultRows(tx.copyTo(copy), labels, onRow);
}
