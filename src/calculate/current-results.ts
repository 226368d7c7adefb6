/**
 * Stages the results a run's outputs and QA describe, in the temporary table `calc_results`: the year's
 * current rows (`lct_current`) for the run's scopes, with district names and states. For a full run
 * these are exactly its own rows (it processed every district), read directly by run id: much faster.
 */
import type { Queryable } from '../db/database.js';
import { ALL_SCOPES } from '../domain/scopes.js';

export const RESULTS_TABLE = 'calc_results';

// Ids, states and scopes are ASCII: the C collation sorts them the same way, without locale lookups.
const COLUMNS = `c.district_id COLLATE "C" AS district_id, d.name AS district_name, d.state COLLATE "C" AS state, c.scope COLLATE "C" AS scope, array_position($1::text[], c.scope::text) AS scope_order,
       c.lct_value, c.instructional_minutes, c.minutes_source, c.minutes_year, c.staff_count, c.staff_year,
       c.enrollment, c.enrollment_type, c.enrollment_year, c.qa_flags, c.calculation_notes AS notes, c.valid, c.run_id`;

export async function stageCurrentResults(
  tx: Queryable,
  run: { runId: string; year: string; runType: 'full' | 'incremental'; scopes: readonly string[] },
): Promise<number> {
  await tx.query(`DROP TABLE IF EXISTS ${RESULTS_TABLE}`);
  const result =
    run.runType === 'full'
      ? await tx.query(
          `CREATE TEMP TABLE ${RESULTS_TABLE} ON COMMIT DROP AS
           SELECT ${COLUMNS} FROM lct_calculations c JOIN districts d ON d.nces_id = c.district_id
           WHERE c.run_id = $2`,
          [ALL_SCOPES, run.runId],
        )
      : await tx.query(
          `CREATE TEMP TABLE ${RESULTS_TABLE} ON COMMIT DROP AS
           SELECT ${COLUMNS} FROM lct_current c JOIN districts d ON d.nces_id = c.district_id
           WHERE c.year = $2 AND c.scope = ANY ($3::text[])`,
          [ALL_SCOPES, run.year, run.scopes],
        );
  return result.rowCount;
}
