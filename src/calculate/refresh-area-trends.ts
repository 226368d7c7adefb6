/**
 * Rewrites a year's rows of `lct_area_trends` (migration 0010) and `lct_result_counts` (0011) from its current
 * results, inside the run's transaction: per state and for the nation, per scope, the median and
 * enrollment-weighted LCT of the valid districts (docs/trends.md), and how many results are valid and not.
 * The trend queries and GET /api/lct compute the same figures live, with the same expressions, for a year
 * whose rows are not the latest run's.
 */
import type { Queryable } from '../db/database.js';
import { MIXED_MINUTES_SOURCE } from '../domain/minutes.js';
import { sqlLiteral } from './sql-text.js';

/** The area's name for the whole country. */
export const NATION_AREA = 'nation';

/** The figures of an area and year over valid current results `c`, named like the columns of lct_area_trends. */
export const AREA_AGGREGATES_SQL = `count(*)::integer AS district_count,
  round_half_even((percentile_cont(0.5) WITHIN GROUP (ORDER BY c.lct_value))::numeric, 2) AS lct_median,
  round_half_even(sum(c.instructional_minutes * c.staff_count) / nullif(sum(c.enrollment), 0), 2) AS lct_weighted,
  sum(c.enrollment)::bigint AS enrollment,
  sum(c.staff_count) AS staff_count,
  round_half_even(sum(c.instructional_minutes * c.enrollment) / nullif(sum(c.enrollment), 0), 2) AS instructional_minutes,
  CASE WHEN count(DISTINCT c.minutes_source) = 1 THEN min(c.minutes_source) ELSE ${sqlLiteral(MIXED_MINUTES_SOURCE)} END
    AS minutes_source`;

/**
 * Current results of the years in `yearsSql` (a set or array expression): the view narrowed to those years'
 * runs as well, so the rows are found through the run index instead of reading every year.
 */
export const currentResultsOfYears = (yearsSql: string) =>
  `c.year IN (${yearsSql}) AND c.run_id IN (SELECT run_id FROM calculation_runs WHERE year IN (${yearsSql}) AND status = 'completed')`;

/**
 * The current results of one year ($1), as `lct_current` defines them (per district and scope, the row of
 * the latest completed run of the year that processed the district and calculated the scope), found from
 * that year's runs alone: within a run, before the new rows have statistics, the view read every year's rows.
 */
const CURRENT_RESULTS_OF_YEAR_SQL = `
WITH runs AS (SELECT run_id, scopes, completed_at FROM calculation_runs WHERE year = $1::text AND status = 'completed'),
latest AS (
  SELECT DISTINCT ON (i.district_id, s.scope) i.district_id, s.scope, i.run_id
  FROM runs r
  JOIN calculation_district_inputs i ON i.run_id = r.run_id
  CROSS JOIN LATERAL unnest(r.scopes) AS s (scope)
  ORDER BY i.district_id, s.scope, r.completed_at DESC, r.run_id DESC
)
SELECT c.*
FROM latest l
JOIN lct_calculations c ON c.run_id = l.run_id AND c.district_id = l.district_id AND c.scope = l.scope`;

/**
 * Rewrites the year's rows of the run's scopes. A full run's rows are exactly the year's current results for
 * its scopes, read through the run index; an incremental run's are mixed with earlier runs' and found from the
 * year's runs. They are read once for both tables. A scope without any valid district still gets its nation
 * row in lct_area_trends (district_count 0), and a scope without any result its nation row of counts (0 and 0),
 * so readers know the year was summarized.
 */
export async function refreshAreaTrends(
  tx: Queryable,
  run: { year: string; runId: string; runType: 'full' | 'incremental'; scopes: readonly string[] },
): Promise<void> {
  for (const table of ['lct_area_trends', 'lct_result_counts'])
    await tx.query(`DELETE FROM ${table} WHERE year = $1::text AND scope = ANY ($2::text[])`, [run.year, run.scopes]);
  const results =
    run.runType === 'full'
      ? 'SELECT * FROM lct_calculations WHERE run_id = $2'
      : `SELECT * FROM (${CURRENT_RESULTS_OF_YEAR_SQL}) r WHERE r.scope = ANY ($3::text[])`;
  const area = `CASE WHEN GROUPING(c.state) = 1 THEN ${sqlLiteral(NATION_AREA)} ELSE c.state END`;
  await tx.query(
    `WITH results AS MATERIALIZED (
       SELECT r.scope, d.state, r.valid, r.lct_value, r.instructional_minutes, r.staff_count, r.enrollment, r.minutes_source
       FROM (${results}) r
       JOIN districts d ON d.nces_id = r.district_id
     ),
     summarized AS (
       INSERT INTO lct_area_trends (area, year, scope, district_count, lct_median, lct_weighted, enrollment, staff_count,
                                    instructional_minutes, minutes_source, run_id)
       SELECT ${area}, $1::text, c.scope, ${AREA_AGGREGATES_SQL}, $2
       FROM results c
       WHERE c.valid
       GROUP BY GROUPING SETS ((c.scope, c.state), (c.scope))
       RETURNING area, scope
     ),
     counted AS (
       INSERT INTO lct_result_counts (area, year, scope, valid_count, invalid_count, run_id)
       SELECT ${area}, $1::text, c.scope, count(*) FILTER (WHERE c.valid), count(*) FILTER (WHERE NOT c.valid), $2
       FROM results c
       GROUP BY GROUPING SETS ((c.scope, c.state), (c.scope))
       RETURNING area, scope
     ),
     uncounted AS (
       INSERT INTO lct_result_counts (area, year, scope, valid_count, invalid_count, run_id)
       SELECT ${sqlLiteral(NATION_AREA)}, $1::text, s.scope, 0, 0, $2
       FROM unnest($3::text[]) AS s (scope)
       WHERE s.scope NOT IN (SELECT scope FROM counted WHERE area = ${sqlLiteral(NATION_AREA)})
     )
     INSERT INTO lct_area_trends (area, year, scope, district_count, run_id)
     SELECT ${sqlLiteral(NATION_AREA)}, $1::text, s.scope, 0, $2
     FROM unnest($3::text[]) AS s (scope)
     WHERE s.scope NOT IN (SELECT scope FROM summarized WHERE area = ${sqlLiteral(NATION_AREA)})`,
    [run.year, run.runId, run.scopes],
  );
}
