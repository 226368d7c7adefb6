/**
 * `lct runs diff <a> <b>`: the districts whose LCT differs between the results as they stood after run a
 * and after run b (same year), by how much, and why: which of the district's inputs changed between the
 * runs that computed the two values (enrollment, staffing, bell schedule, state requirement, SPED
 * estimate) or whether the options (minutes policy, rules version) did.
 */
import type { Queryable } from '../db/database.js';
import { LctError } from '../errors.js';
import { INPUT_KINDS } from '../domain/inputs.js';
import { getRun } from '../calculate/get-run.js';
import { resultsAsOfRunSql } from './results-as-of-run.js';

export type ChangeReason = (typeof INPUT_KINDS)[number] | 'options' | 'not_calculated_before' | 'no_longer_calculated';

export interface LctChange {
  district_id: string;
  district_name: string | null;
  state: string | null;
  scope: string;
  lct_a: number | null;
  lct_b: number | null;
  /** lct_b − lct_a, when both exist. */
  change: number | null;
  valid_a: boolean | null;
  valid_b: boolean | null;
  minutes_a: number | null;
  minutes_b: number | null;
  staff_a: number | null;
  staff_b: number | null;
  enrollment_a: number | null;
  enrollment_b: number | null;
  changed_inputs: ChangeReason[];
  run_a: string | null;
  run_b: string | null;
}

export interface RunDiff {
  year: string;
  run_a: string;
  run_b: string;
  districts_moved: number;
  rows_changed: number;
  /** Rows changed per reason (a row may have several). */
  by_reason: Record<string, number>;
  changes: LctChange[];
}

export async function diffRuns(db: Queryable, runA: string, runB: string): Promise<RunDiff> {
  const [a, b] = [await getRun(db, runA), await getRun(db, runB)];
  if (a.year !== b.year)
    throw new LctError(
      `Runs ${runA} (${a.year}) and ${runB} (${b.year}) are for different years.`,
      `List the runs of one year: lct runs list --year ${b.year}`,
    );
  for (const run of [a, b]) {
    if (run.status !== 'completed')
      throw new LctError(
        `Run ${run.run_id} is ${run.status}: it has no results to compare.`,
        `Pick completed runs: lct runs list --year ${run.year}`,
      );
  }
  const reasons = [
    ...INPUT_KINDS.map(
      (k) =>
        `CASE WHEN a.district_id IS NOT NULL AND b.district_id IS NOT NULL AND a.${k}_hash IS DISTINCT FROM b.${k}_hash THEN '${k}' END`,
    ),
    `CASE WHEN a.district_id IS NOT NULL AND b.district_id IS NOT NULL AND a.options IS DISTINCT FROM b.options THEN 'options' END`,
    `CASE WHEN a.district_id IS NULL THEN 'not_calculated_before' END`,
    `CASE WHEN b.district_id IS NULL THEN 'no_longer_calculated' END`,
  ];
  const result = await db.query<LctChange>(
    `WITH a AS (${resultsAsOfRunSql(2)}), b AS (${resultsAsOfRunSql(3)})
     SELECT coalesce(a.district_id, b.district_id) AS district_id, d.name AS district_name, d.state,
            coalesce(a.scope, b.scope) AS scope, a.lct_value AS lct_a, b.lct_value AS lct_b, b.lct_value - a.lct_value AS change,
            a.valid AS valid_a, b.valid AS valid_b, a.instructional_minutes AS minutes_a, b.instructional_minutes AS minutes_b,
            a.staff_count AS staff_a, b.staff_count AS staff_b, a.enrollment AS enrollment_a, b.enrollment AS enrollment_b,
            array_remove(ARRAY[${reasons.join(', ')}]::text[], NULL) AS changed_inputs, a.run_id AS run_a, b.run_id AS run_b
     FROM a FULL JOIN b ON b.district_id = a.district_id AND b.scope = a.scope
     LEFT JOIN districts d ON d.nces_id = coalesce(a.district_id, b.district_id)
     WHERE a.lct_value IS DISTINCT FROM b.lct_value
     ORDER BY abs(b.lct_value - a.lct_value) DESC NULLS FIRST, 1, 4`,
    [a.year, runA, runB],
  );
  const byReason: Record<string, number> = {};
  for (const change of result.rows)
    for (const reason of change.changed_inputs) byReason[reason] = (byReason[reason] ?? 0) + 1;
  return {
    year: a.year,
    run_a: runA,
    run_b: runB,
    districts_moved: new Set(result.rows.map((r) => r.district_id)).size,
    rows_changed: result.rows.length,
    by_reason: byReason,
    changes: result.rows,
  };
}
