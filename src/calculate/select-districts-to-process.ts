/**
 * Which districts an incremental run recalculates: those whose input hash differs from the one recorded
 * by the latest completed run that processed them, those never processed, and those whose latest run
 * did not calculate every requested scope. Fast path: when every run since the year's last full run used
 * the same options and scopes, only the districts marked as changed by the input tables' triggers
 * (`calculation_pending_districts`) need hashing; otherwise every district is hashed and compared.
 */
import type { Queryable } from '../db/database.js';
import { CANDIDATES_TABLE, DISTRICT_INPUTS_TABLE } from './stage-district-inputs.js';
import { DISTRICTS_TO_PROCESS_TABLE } from './insert-calculations.js';
import { latestDistrictInputsSql } from './latest-district-inputs.js';
import type { RunOptions } from './types.js';

/**
 * The marks are enough when a full run exists and no run since used other options or fewer scopes: every
 * district's latest run is then that full run or a later one. Returns that full run, or null.
 */
export async function fullRunCoveringMarks(
  tx: Queryable,
  run: { year: string; options: RunOptions; scopes: readonly string[] },
): Promise<string | null> {
  const result = await tx.query<{ run_id: string | null }>(
    `WITH last_full AS (
       SELECT completed_at, run_id FROM calculation_runs
       WHERE year = $1 AND status = 'completed' AND run_type = 'full'
       ORDER BY completed_at DESC, run_id DESC LIMIT 1
     )
     SELECT f.run_id FROM last_full f
     WHERE NOT EXISTS (
       SELECT 1 FROM calculation_runs r
       WHERE r.year = $1 AND r.status = 'completed' AND (r.completed_at, r.run_id) >= (f.completed_at, f.run_id)
         AND (r.options IS DISTINCT FROM $2::jsonb OR NOT r.scopes @> $3::text[])
     )`,
    [run.year, JSON.stringify(run.options), run.scopes],
  );
  return result.rows[0]?.run_id ?? null;
}

/** Takes the year's change marks into `calc_candidates` (they are restored if the run rolls back). */
export async function takePendingDistricts(tx: Queryable, year: string): Promise<number> {
  await tx.query(`DROP TABLE IF EXISTS ${CANDIDATES_TABLE}`);
  await tx.query(`CREATE TEMP TABLE ${CANDIDATES_TABLE} (district_id varchar(20) PRIMARY KEY) ON COMMIT DROP`);
  const result = await tx.query(
    `WITH taken AS (DELETE FROM calculation_pending_districts WHERE year = $1 RETURNING district_id)
     INSERT INTO ${CANDIDATES_TABLE} (district_id) SELECT district_id FROM taken`,
    [year],
  );
  // A temporary table has no statistics: tell the planner how few districts there are, so it looks them up.
  await tx.query(`ANALYZE ${CANDIDATES_TABLE}`);
  return result.rowCount;
}

/** A run that looks at every district settles every mark of its year. */
export async function clearPendingDistricts(tx: Queryable, year: string): Promise<void> {
  await tx.query('DELETE FROM calculation_pending_districts WHERE year = $1', [year]);
}

/** Fills `calc_process` with the staged districts to recalculate; returns how many. */
export async function selectDistrictsToProcess(
  tx: Queryable,
  run: { year: string; scopes: readonly string[]; onlyCandidates: boolean },
): Promise<number> {
  await tx.query(`DROP TABLE IF EXISTS ${DISTRICTS_TO_PROCESS_TABLE}`);
  const result = await tx.query(
    `CREATE TEMP TABLE ${DISTRICTS_TO_PROCESS_TABLE} ON COMMIT DROP AS
     SELECT d.district_id
     FROM ${DISTRICT_INPUTS_TABLE} d
     LEFT JOIN (${latestDistrictInputsSql({ onlyCandidates: run.onlyCandidates })}) l ON l.district_id = d.district_id
     WHERE l.district_id IS NULL OR l.input_hash <> d.input_hash OR NOT l.scopes @> $2::text[]`,
    [run.year, run.scopes],
  );
  return result.rowCount;
}
