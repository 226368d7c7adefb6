/** The calculation runs, newest first, optionally of one year. */
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { qaSummary, rowSchema, runOptions } from '../db/schema.js';

/** A run as the list shows it: its row without the bulky columns, plus the QA status, pass rate and policy. */
export const runListEntry = rowSchema('calculation_runs')
  .pick({
    run_id: true,
    year: true,
    run_type: true,
    status: true,
    districts_processed: true,
    calculations_created: true,
    scopes: true,
    started_at: true,
    completed_at: true,
    duration_seconds: true,
    previous_run_id: true,
    error: true,
  })
  .extend({
    qa_status: qaSummary.shape.overall_status
      .nullable()
      .describe('QA status (qa_summary.overall_status); null until completed'),
    pass_rate: z.number().nullable().describe('Valid rows / all rows, percent (qa_summary.data_quality.pass_rate)'),
    minutes_policy: runOptions.shape.minutes_policy
      .unwrap()
      .nullable()
      .describe('Minutes policy (options.minutes_policy)'),
  });
export type RunListEntry = z.output<typeof runListEntry>;

export async function listRuns(
  db: Queryable,
  options: { year?: string; limit?: number } = {},
): Promise<RunListEntry[]> {
  const result = await db.query<RunListEntry>(
    `SELECT run_id, year, run_type, status, districts_processed, calculations_created,
            qa_summary ->> 'overall_status' AS qa_status, (qa_summary -> 'data_quality' ->> 'pass_rate')::float8 AS pass_rate,
            options ->> 'minutes_policy' AS minutes_policy, scopes, started_at, completed_at, duration_seconds, previous_run_id, error
     FROM calculation_runs
     WHERE $1::text IS NULL OR year = $1
     ORDER BY started_at DESC, run_id DESC
     LIMIT $2`,
    [options.year ?? null, options.limit ?? 1000],
  );
  return result.rows;
}
