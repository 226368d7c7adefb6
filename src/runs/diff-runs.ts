/**
 * `lct runs diff <a> <b>`: the districts whose LCT differs between the results as they stood after run a
 * and after run b (same year), by how much, and why: which of the district's inputs changed between the
 * runs that computed the two values (enrollment, staffing, bell schedule, state requirement, SPED
 * estimate) or whether the options (minutes policy, rules version) did.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { LctError } from '../errors.js';
import { INPUT_KINDS } from '../domain/inputs.js';
import { getRun } from '../calculate/get-run.js';
import { resultsAsOfRunSql } from './results-as-of-run.js';

export const CHANGE_REASONS = [...INPUT_KINDS, 'options', 'not_calculated_before', 'no_longer_calculated'] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];

const value = (what: string) => z.number().nullable().describe(what);

/** One district and scope whose LCT differs between the two runs' results. */
export const lctChange = z.object({
  district_id: z.string().describe('NCES district id'),
  district_name: z.string().nullable().describe('District name'),
  state: z.string().nullable().describe('Two-letter state code'),
  scope: z.string().describe('LCT scope'),
  lct_a: value('LCT after run a (null: none)'),
  lct_b: value('LCT after run b (null: none)'),
  change: value('lct_b − lct_a, when both exist'),
  valid_a: z.boolean().nullable().describe('Valid after run a'),
  valid_b: z.boolean().nullable().describe('Valid after run b'),
  minutes_a: value('Instructional minutes after run a'),
  minutes_b: value('Instructional minutes after run b'),
  staff_a: value('Staff FTE after run a'),
  staff_b: value('Staff FTE after run b'),
  enrollment_a: value('Enrollment after run a'),
  enrollment_b: value('Enrollment after run b'),
  changed_inputs: z
    .array(z.enum(CHANGE_REASONS))
    .describe('Why: the inputs that changed between the runs that computed the two values, or options'),
  run_a: z.string().nullable().describe('The run that computed the value after run a'),
  run_b: z.string().nullable().describe('The run that computed the value after run b'),
});
export type LctChange = z.output<typeof lctChange>;

export const runDiff = z.object({
  year: z.string().describe('School year of both runs'),
  run_a: z.string().describe('The earlier run'),
  run_b: z.string().describe('The later run'),
  districts_moved: z.int().describe('Districts with at least one changed value'),
  rows_changed: z.int().describe('District and scope rows whose value changed'),
  by_reason: z.record(z.string(), z.int()).describe('Rows changed per reason (a row may have several)'),
  changes: z.array(lctChange).describe('The changed rows, largest change first'),
});
export type RunDiff = z.output<typeof runDiff>;

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
