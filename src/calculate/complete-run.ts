/**
 * Marks a run completed, inside the run's transaction: from then on `lct_current` (read in the same
 * transaction for the outputs) counts its rows, and everything commits together or not at all.
 */
import type { Queryable } from '../db/database.js';

export async function completeRun(
  tx: Queryable,
  run: {
    runId: string;
    districtsProcessed: number;
    calculationsCreated: number;
    districtsHash: string;
    inputHash: string;
  },
): Promise<void> {
  await tx.query(
    `UPDATE calculation_runs
     SET status = 'completed', completed_at = clock_timestamp(), districts_processed = $2, calculations_created = $3,
         districts_hash = $4, input_hash = $5
     WHERE run_id = $1`,
    [run.runId, run.districtsProcessed, run.calculationsCreated, run.districtsHash, run.inputHash],
  );
}

/** The QA summary, output files and duration, once the outputs are written. */
export async function recordRunOutputs(
  tx: Queryable,
  run: { runId: string; qaSummary: unknown; outputFiles: unknown[] },
): Promise<number> {
  const result = await tx.query<{ duration_seconds: number }>(
    `UPDATE calculation_runs
     SET qa_summary = $2, output_files = $3, duration_seconds = extract(epoch FROM clock_timestamp() - started_at)
     WHERE run_id = $1
     RETURNING duration_seconds`,
    [run.runId, run.qaSummary === null ? null : JSON.stringify(run.qaSummary), JSON.stringify(run.outputFiles)],
  );
  return result.rows[0]!.duration_seconds;
}
