/**
 * What `lct start` does after loading data: calculate the latest year that has enrollment and staffing
 * (incrementally: unchanged districts are not recalculated) and return the report of its current results.
 */
import type { Database } from '../db/database.js';
import type { ProgressSink } from '../progress.js';
import { calculate } from './calculate.js';
import { formatReport } from './report.js';
import { getRun } from './get-run.js';

export async function calculateLatestYear(
  db: Database,
  progress?: ProgressSink,
): Promise<{ year: string; report: string } | null> {
  const latest = await db.query<{ year: string }>(
    `SELECT year FROM (SELECT DISTINCT year FROM grade_level_enrollment) e JOIN (SELECT DISTINCT year FROM grade_level_staffing) s USING (year)
     ORDER BY year DESC LIMIT 1`,
  );
  const year = latest.rows[0]?.year;
  if (!year) return null;
  const result = await calculate(db, { year, incremental: true, progress });
  // Nothing changed: the report of the run whose results are current.
  const run = await getRun(db, result.unchanged && result.previous_run_id ? result.previous_run_id : result.run_id);
  const note = result.unchanged ? `Nothing changed since run ${run.run_id}; its report:\n\n` : '';
  return { year, report: note + formatReport(run, run.qa_summary) };
}
