/** The calculation runs, newest first, optionally of one year. */
import type { Queryable } from '../db/database.js';
import type { CalculationRun } from '../calculate/types.js';
import type { QaStatus } from '../domain/lct.js';

/** A run as the list shows it: its row without the bulky columns, plus the QA status, pass rate and policy. */
export type RunListEntry = Pick<
  CalculationRun,
  | 'run_id'
  | 'year'
  | 'run_type'
  | 'status'
  | 'districts_processed'
  | 'calculations_created'
  | 'scopes'
  | 'started_at'
  | 'completed_at'
  | 'duration_seconds'
  | 'previous_run_id'
  | 'error'
> & {
  qa_status: QaStatus | null;
  pass_rate: number | null;
  minutes_policy: string | null;
};

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
