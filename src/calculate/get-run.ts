/** One calculation run with its QA summary and output files; an unknown id is an error naming the next command. */
import type { Queryable } from '../db/database.js';
import { LctError } from '../errors.js';
import type { CalculationRun } from './types.js';

export async function getRun(db: Queryable, runId: string): Promise<CalculationRun> {
  const result = await db.query<CalculationRun>(
    `SELECT run_id, year, run_type, status, districts_processed, calculations_created, input_hash, districts_hash, output_files,
            qa_summary, started_at, completed_at, duration_seconds, scopes, options, previous_run_id, error
     FROM calculation_runs WHERE run_id = $1`,
    [runId],
  );
  const run = result.rows[0];
  if (!run) throw new LctError(`No calculation run "${runId}".`, 'List the runs: lct runs list');
  return run;
}
