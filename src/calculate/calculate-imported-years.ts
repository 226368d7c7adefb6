/**
 * What `lct start` does after loading data: calculate every year that has enrollment and staffing
 * (incrementally: an unchanged year recalculates nothing) and return one line per year and the report of the
 * latest year's current results.
 */
import type { Database } from '../db/database.js';
import type { ProgressSink } from '../progress.js';
import { calculateYears, yearsWithData } from './calculate-years.js';
import { formatReport } from './report.js';
import { getRun } from './get-run.js';

export async function calculateImportedYears(
  db: Database,
  progress?: ProgressSink,
): Promise<{ years: string[]; lines: string[]; report: string } | null> {
  if ((await yearsWithData(db)).length === 0) return null;
  const { results } = await calculateYears(db, { years: 'all', incremental: true, progress });
  const lines = results.map((r) =>
    r.unchanged
      ? `${r.year}: unchanged since run ${r.previous_run_id}`
      : `${r.year}: run ${r.run_id}, ${r.calculations_created.toLocaleString('en-US')} results, QA ${r.qa_summary?.overall_status ?? 'not summarized'}`,
  );
  const latest = results.at(-1)!;
  // Nothing changed: the report of the run whose results are current.
  const run = await getRun(db, latest.unchanged && latest.previous_run_id ? latest.previous_run_id : latest.run_id);
  const note = latest.unchanged ? `Nothing changed since run ${run.run_id}; its report:\n\n` : '';
  return { years: results.map((r) => r.year), lines, report: note + formatReport(run, run.qa_summary) };
}
