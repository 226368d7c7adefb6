/**
 * get_lct_summary_by_scope of the original LCT system: count, mean, median, sample standard deviation, min and max of
 * the valid current LCT values (view `lct_current`) for one scope and year.
 *
 * Read from `mv_lct_summary_stats` when that view was refreshed after the last calculation run finished
 * (calculation runs refresh it as they end), otherwise computed live with the view's own formula, so the
 * numbers are always those of the current rows. The live formula must stay equal to the view's
 * definition in migrations/0003_views.sql; a test checks they agree.
 */
import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import { requireSchoolYear, requireScope } from './arguments.js';

const stats = rowSchema('mv_lct_summary_stats').shape;
/** A row of `mv_lct_summary_stats`, or its zero: no district with a valid value gives nulls. */
export const lctScopeSummary = rowSchema('mv_lct_summary_stats').extend({
  mean_lct: stats.mean_lct.nullable().describe('Mean, 2 decimals; null without valid values'),
  median_lct: stats.median_lct.nullable().describe('Median, 2 decimals; null without valid values'),
  min_lct: stats.min_lct.nullable().describe('Lowest value; null without valid values'),
  max_lct: stats.max_lct.nullable().describe('Highest value; null without valid values'),
});
export type LctScopeSummary = z.output<typeof lctScopeSummary>;

/** The statistics of `mv_lct_summary_stats` over rows `c` of `lct_current`, named like its columns. */
export const LCT_STATISTICS_SQL = `count(*)::integer AS district_count,
  round(avg(c.lct_value), 2) AS mean_lct,
  round((percentile_cont(0.5) WITHIN GROUP (ORDER BY c.lct_value))::numeric, 2) AS median_lct,
  round(stddev_samp(c.lct_value), 2) AS std_lct,
  min(c.lct_value) AS min_lct,
  max(c.lct_value) AS max_lct`;

export async function getLctSummaryByScope(db: Queryable, scope: string, year: string): Promise<LctScopeSummary> {
  const params = [requireScope(scope), requireSchoolYear(year)];
  const result = await db.query<LctScopeSummary>(
    `WITH view_is_current AS (
       SELECT coalesce((SELECT refreshed_at FROM materialized_view_refreshes WHERE view_name = 'mv_lct_summary_stats'), '-infinity')
              >= coalesce((SELECT max(completed_at) FROM calculation_runs), '-infinity') AS yes
     )
     SELECT scope, year, district_count, mean_lct, median_lct, std_lct, min_lct, max_lct
     FROM mv_lct_summary_stats
     WHERE scope = $1 AND year = $2 AND (SELECT yes FROM view_is_current)
     UNION ALL
     SELECT c.scope, c.year, ${LCT_STATISTICS_SQL}
     FROM lct_current c
     WHERE c.valid AND c.scope = $1 AND c.year = $2 AND NOT (SELECT yes FROM view_is_current)
     GROUP BY c.year, c.scope`,
    params,
  );
  return (
    result.rows[0] ?? {
      scope: params[0]!,
      year: params[1]!,
      district_count: 0,
      mean_lct: null,
      median_lct: null,
      std_lct: null,
      min_lct: null,
      max_lct: null,
    }
  );
}
