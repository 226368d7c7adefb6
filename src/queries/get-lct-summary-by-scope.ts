/**
 * The seed's get_lct_summary_by_scope: count, mean, median, sample standard deviation, min and max of
 * the valid current LCT values (view `lct_current`) for one scope and year.
 *
 * Read from `mv_lct_summary_stats` when that view was refreshed after the last calculation run finished
 * (calculation runs refresh it as they end), otherwise computed live with the view's own formula, so the
 * numbers are always those of the current rows. The live formula must stay equal to the view's
 * definition in migrations/0003_views.sql; a test checks they agree.
 */
import type { Queryable } from '../db/database.js';
import { requireSchoolYear, requireScope } from './arguments.js';

export interface LctScopeSummary {
  scope: string;
  year: string;
  district_count: number;
  /** Rounded to 2 decimals; null when no district has a valid value. */
  mean_lct: number | null;
  median_lct: number | null;
  /** Sample standard deviation; null with fewer than 2 districts. */
  std_lct: number | null;
  min_lct: number | null;
  max_lct: number | null;
}

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
     SELECT scope, year,
            count(*)::integer,
            round(avg(lct_value), 2),
            round((percentile_cont(0.5) WITHIN GROUP (ORDER BY lct_value))::numeric, 2),
            round(stddev_samp(lct_value), 2),
            min(lct_value),
            max(lct_value)
     FROM lct_current
     WHERE valid AND scope = $1 AND year = $2 AND NOT (SELECT yes FROM view_is_current)
     GROUP BY year, scope`,
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
