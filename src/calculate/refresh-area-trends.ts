/**
 * Rewrites a year's rows of `lct_area_trends` (migration 0010) from its current results, inside the run's
 * transaction: per state and for the nation, per scope, the median and enrollment-weighted LCT of the valid
 * districts (docs/trends.md). The trend queries compute the same figures live, with the same expressions,
 * for a year whose rows are not the latest run's.
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

export async function refreshAreaTrends(tx: Queryable, run: { year: string; runId: string }): Promise<number> {
  await tx.query('DELETE FROM lct_area_trends WHERE year = $1::text', [run.year]);
  const result = await tx.query(
    `INSERT INTO lct_area_trends (area, year, scope, district_count, lct_median, lct_weighted, enrollment, staff_count,
                                  instructional_minutes, minutes_source, run_id)
     SELECT CASE WHEN GROUPING(d.state) = 1 THEN ${sqlLiteral(NATION_AREA)} ELSE d.state END, $1::text, c.scope,
            ${AREA_AGGREGATES_SQL}, $2
     FROM lct_current c
     JOIN districts d ON d.nces_id = c.district_id
     WHERE c.valid AND ${currentResultsOfYears('$1::text')}
     GROUP BY GROUPING SETS ((c.scope, d.state), (c.scope))`,
    [run.year, run.runId],
  );
  return result.rowCount;
}
