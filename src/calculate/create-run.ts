/**
 * Records a new run as `running`, committed at once so that it survives a failure of the run itself.
 * The run id is the UTC start time in ISO 8601 basic form with milliseconds (20251228T012555.123Z),
 * with a suffix in the rare case two runs start in the same millisecond.
 */
import type { Queryable } from '../db/database.js';
import type { RunOptions, RunType } from './types.js';

export function runIdFor(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

export async function createRun(
  db: Queryable,
  run: { year: string; runType: RunType; scopes: readonly string[]; options: RunOptions; previousRunId: string | null },
): Promise<{ run_id: string; started_at: Date }> {
  const base = runIdFor(new Date());
  for (let attempt = 1; ; attempt++) {
    const runId = attempt === 1 ? base : `${base}-${attempt}`;
    const result = await db.query<{ run_id: string; started_at: Date }>(
      `INSERT INTO calculation_runs (run_id, year, run_type, status, scopes, options, previous_run_id)
       VALUES ($1, $2, $3, 'running', $4, $5, $6)
       ON CONFLICT (run_id) DO NOTHING
       RETURNING run_id, started_at`,
      [runId, run.year, run.runType, run.scopes, JSON.stringify(run.options), run.previousRunId],
    );
    if (result.rows[0]) return result.rows[0];
  }
}
