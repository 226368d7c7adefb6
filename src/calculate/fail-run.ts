/** Marks a run failed with its error, outside the rolled-back run transaction; earlier results stay current. */
import type { Queryable } from '../db/database.js';

export async function failRun(db: Queryable, runId: string, error: string): Promise<void> {
  await db.query(
    `UPDATE calculation_runs
     SET status = 'failed', error = $2, completed_at = clock_timestamp(),
         duration_seconds = extract(epoch FROM clock_timestamp() - started_at)
     WHERE run_id = $1`,
    [runId, error],
  );
}
