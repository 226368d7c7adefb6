/**
 * A year's results as they stood right after a given run: per district and scope, the row of the latest
 * completed run up to that one which processed the district for that scope (what `lct_current` showed
 * then), with the input fingerprints and options of the run it came from. A district processed without
 * producing a row for a scope appears with a NULL value.
 */
import { INPUT_KINDS } from '../domain/inputs.js';

/** $1 = year, $n = the run. */
export function resultsAsOfRunSql(runParam: number): string {
  return `SELECT DISTINCT ON (i.district_id, s.scope) i.district_id, s.scope, i.run_id, r.options,
         ${INPUT_KINDS.map((k) => `i.${k}_hash`).join(', ')},
         c.lct_value, c.valid, c.instructional_minutes, c.minutes_source, c.staff_count, c.enrollment
  FROM calculation_district_inputs i
  JOIN calculation_runs r ON r.run_id = i.run_id
  CROSS JOIN LATERAL unnest(r.scopes) s(scope)
  LEFT JOIN lct_calculations c ON c.run_id = i.run_id AND c.district_id = i.district_id AND c.scope = s.scope
  WHERE r.year = $1 AND r.status = 'completed'
    AND (r.completed_at, r.run_id) <= (SELECT completed_at, run_id FROM calculation_runs WHERE run_id = $${runParam})
  ORDER BY i.district_id, s.scope, r.completed_at DESC, r.run_id DESC`;
}
