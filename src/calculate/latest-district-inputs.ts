/**
 * Per district, what the latest completed run of a year that processed it recorded: its input hash
 * and input fingerprints, and the scopes that run calculated. This is where a district's current
 * results come from (`lct_current`), so it is what an incremental run compares the inputs with.
 */
import { CANDIDATES_TABLE } from './stage-district-inputs.js';

export interface LatestInputsOptions {
  /** Only runs completed no later than the run named by this parameter ($n). */
  asOfRunParam?: number;
  /** Only runs completed no earlier than the run named by this parameter ($n): a full run all later ones follow. */
  sinceRunParam?: number;
  /** Also count the run named by this parameter ($n), not completed yet (the run in progress). */
  includingRunParam?: number;
  /** Only the districts listed in `calc_candidates`. */
  onlyCandidates?: boolean;
}

/** $1 = year. Columns: district_id, run_id, input_hash, the five fingerprints, scopes, options. */
export function latestDistrictInputsSql(options: LatestInputsOptions = {}): string {
  const asOf = options.asOfRunParam
    ? ` AND (r.completed_at, r.run_id) <= (SELECT completed_at, run_id FROM calculation_runs WHERE run_id = $${options.asOfRunParam})`
    : '';
  const since = options.sinceRunParam
    ? ` AND (r.completed_at, r.run_id) >= (SELECT completed_at, run_id FROM calculation_runs WHERE run_id = $${options.sinceRunParam})`
    : '';
  const completed = `(r.status = 'completed'${asOf}${since})`;
  const runs = options.includingRunParam ? `(r.run_id = $${options.includingRunParam} OR ${completed})` : completed;
  const candidates = options.onlyCandidates ? `AND i.district_id IN (SELECT district_id FROM ${CANDIDATES_TABLE})` : '';
  // The run in progress has no completed_at yet: NULLS FIRST makes it the latest.
  return `SELECT DISTINCT ON (i.district_id) i.district_id, i.run_id, i.input_hash, i.enrollment_hash, i.staffing_hash,
         i.bell_schedule_hash, i.state_requirement_hash, i.sped_hash, r.scopes, r.options
  FROM calculation_district_inputs i
  JOIN calculation_runs r ON r.run_id = i.run_id
  WHERE r.year = $1 AND ${runs} ${candidates}
  ORDER BY i.district_id, r.completed_at DESC NULLS FIRST, r.run_id DESC`;
}
