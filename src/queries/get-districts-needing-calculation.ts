/**
 * The districts an incremental run would recalculate if it came right after run `lastRunId` (default:
 * the year's latest completed run): those whose inputs' content hash differs from the one recorded by
 * the latest run up to `lastRunId` that processed them, those never processed, and those whose latest
 * run did not calculate all of `lastRunId`'s scopes. Hashes every district's inputs (no shortcut), and
 * says which inputs changed.
 */
import type { Database } from '../db/database.js';
import { LctError } from '../errors.js';
import { normalizeSchoolYear } from '../domain/years.js';
import { INPUT_KINDS } from '../domain/inputs.js';
import { DISTRICT_INPUTS_TABLE, stageDistrictInputs } from '../calculate/stage-district-inputs.js';
import { latestDistrictInputsSql } from '../calculate/latest-district-inputs.js';
import type { CalculationRun, RunOptions } from '../calculate/types.js';

export interface DistrictNeedingCalculation {
  district_id: string;
  name: string;
  state: string;
  /** The run whose results for the district would be replaced, if any. */
  last_run_id: string | null;
  /** enrollment, staffing, bell_schedule, state_requirement, sped; or options, scopes, not_calculated_before. */
  reasons: string[];
}

export async function getDistrictsNeedingCalculation(
  db: Database,
  options: { lastRunId?: string | null; year?: string | null } = {},
): Promise<DistrictNeedingCalculation[]> {
  const year = options.year ? normalizeSchoolYear(options.year) : null;
  if (options.year && !year) throw new LctError(`"${options.year}" is not a school year.`, 'Write it like 2023-24.');
  const run = (
    await db.query<Pick<CalculationRun, 'run_id' | 'year' | 'status' | 'scopes'> & { options: RunOptions }>(
      options.lastRunId
        ? 'SELECT run_id, year, status, scopes, options FROM calculation_runs WHERE run_id = $1'
        : `SELECT run_id, year, status, scopes, options FROM calculation_runs WHERE year = $1 AND status = 'completed'
           ORDER BY completed_at DESC, run_id DESC LIMIT 1`,
      [options.lastRunId ?? year],
    )
  ).rows[0];
  if (options.lastRunId && !run)
    throw new LctError(`No calculation run "${options.lastRunId}".`, 'List the runs: lct runs list');
  if (!run && !year)
    throw new LctError('Say which run or which year to compare with.', 'Pass { lastRunId } or { year }.');
  if (run && year && run.year !== year)
    throw new LctError(
      `Run ${run.run_id} is for ${run.year}, not ${year}.`,
      `List the runs: lct runs list --year ${year}`,
    );
  if (run && run.status !== 'completed')
    throw new LctError(
      `Run ${run.run_id} is ${run.status}: compare with a completed run.`,
      `List the runs: lct runs list --year ${run.year}`,
    );
  const theYear = run?.year ?? year!;
  const policy = run?.options.minutes_policy ?? 'weighted';

  return db.transaction(async (tx) => {
    await stageDistrictInputs(tx, { year: theYear, policy });
    const fingerprint = (k: string) => `d.${k}_fingerprint`;
    const result = await tx.query<DistrictNeedingCalculation>(
      `SELECT d.district_id, dd.name, dd.state, l.run_id AS last_run_id,
              CASE WHEN l.district_id IS NULL THEN ARRAY['not_calculated_before']
                   ELSE array_remove(ARRAY[${INPUT_KINDS.map((k) => `CASE WHEN l.${k}_hash IS DISTINCT FROM ${fingerprint(k)} THEN '${k}' END`).join(', ')},
                                          CASE WHEN l.options IS DISTINCT FROM $3::jsonb THEN 'options' END,
                                          CASE WHEN NOT l.scopes @> $4::text[] THEN 'scopes' END]::text[], NULL) END AS reasons
       FROM ${DISTRICT_INPUTS_TABLE} d
       JOIN districts dd ON dd.nces_id = d.district_id
       LEFT JOIN (${latestDistrictInputsSql({ asOfRunParam: 2 })}) l ON l.district_id = d.district_id
       WHERE l.district_id IS NULL OR l.input_hash <> d.input_hash OR NOT l.scopes @> $4::text[]
       ORDER BY d.district_id`,
      [theYear, run?.run_id ?? null, JSON.stringify(run?.options ?? null), run?.scopes ?? []],
    );
    // A changed hash with no changed input and the same options means the calculation rules changed.
    return result.rows.map((r) => (r.reasons.length === 0 ? { ...r, reasons: ['rules_version'] } : r));
  });
}
