/**
 * Marks failed the runs left `running` by a process that died (killed, crashed, power cut). A live run
 * holds a lock on its row from the start of its transaction to the end, so a `running` row nobody locks
 * was abandoned. The grace period covers the moment between recording the run and taking that lock.
 */
import type { Queryable } from '../db/database.js';

export const INTERRUPTED_RUN_ERROR =
  'interrupted: the process running it stopped before it finished; its results were never written';

export async function failInterruptedRuns(db: Queryable, options: { graceSeconds?: number } = {}): Promise<string[]> {
  const result = await db.query<{ run_id: string }>(
    `UPDATE calculation_runs r
     SET status = 'failed', error = $2, completed_at = clock_timestamp(),
         duration_seconds = extract(epoch FROM clock_timestamp() - r.started_at)
     FROM (SELECT run_id FROM calculation_runs
           WHERE status = 'running' AND started_at < clock_timestamp() - make_interval(secs => $1)
           FOR UPDATE SKIP LOCKED) abandoned
     WHERE r.run_id = abandoned.run_id
     RETURNING r.run_id`,
    [options.graceSeconds ?? 10, INTERRUPTED_RUN_ERROR],
  );
  return result.rows.map((r) => r.run_id).sort();
}
