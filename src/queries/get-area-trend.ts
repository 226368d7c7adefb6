/**
 * A state's or the nation's LCT across years for one scope (docs/trends.md), over the valid current results
 * of its districts: per year the median and the enrollment-weighted LCT (Σ minutes × staff / Σ enrollment),
 * their enrollment, staff and enrollment-weighted minutes, and the change from the year before; over the
 * series the first and last years with valid districts, the change of the median between them and its
 * compound annual rate. An area has no breaks: a district's break shows in its own trend.
 */
import type { Queryable } from '../db/database.js';
import { AREA_AGGREGATES_SQL, currentResultsOfYears, NATION_AREA } from '../calculate/refresh-area-trends.js';
import { sqlLiteral } from '../calculate/sql-text.js';
import { lctChange, summarizeSeries } from '../domain/trends.js';
import { yearStart } from '../domain/years.js';
import { requireStateCode } from './arguments.js';
import {
  type AreaTrend,
  type AreaTrendYear,
  resolveTrendOptions,
  SERIES_YEARS_SQL,
  type TrendOptions,
} from './trend-shapes.js';

interface AreaYearRow {
  year: string;
  district_count: number;
  lct_median: number | null;
  lct_weighted: number | null;
  enrollment: number | null;
  staff_count: number | null;
  instructional_minutes: number | null;
  minutes_source: string | null;
  /** The year's figures came from lct_area_trends (the latest run of the year wrote them). */
  stored: boolean;
}

// $1 scope, $2 from, $3 to, $4 area ('nation' or a state). Per year of the series: the stored row when the
// year's latest run that processed districts for the scope wrote it; `stored` says whether the year's rows of
// the scope are that run's at all (a year without a row of this area then has no valid district in it).
const STORED_AREA_SQL = `
WITH years AS (${SERIES_YEARS_SQL('$1', '$2', '$3')}),
latest AS (
  SELECT DISTINCT ON (r.year) r.year, r.run_id
  FROM calculation_runs r
  WHERE r.status = 'completed' AND r.districts_processed > 0 AND $1 = ANY (r.scopes) AND r.year IN (SELECT year FROM years)
  ORDER BY r.year, r.completed_at DESC, r.run_id DESC
)
SELECT y.year, coalesce(t.district_count, 0) AS district_count, t.lct_median, t.lct_weighted, t.enrollment, t.staff_count,
       t.instructional_minutes, t.minutes_source,
       EXISTS (SELECT 1 FROM lct_area_trends s WHERE s.area = ${sqlLiteral(NATION_AREA)} AND s.scope = $1 AND s.year = y.year
                 AND s.run_id = l.run_id) AS stored
FROM years y
LEFT JOIN latest l ON l.year = y.year
LEFT JOIN lct_area_trends t ON t.area = $4 AND t.scope = $1 AND t.year = y.year AND t.run_id = l.run_id
ORDER BY y.year`;

// $1 scope, $2 the years to compute, $3 state or null: the same figures from lct_current.
const LIVE_AREA_SQL = `
SELECT c.year, ${AREA_AGGREGATES_SQL}
FROM lct_current c
WHERE c.valid AND c.scope = $1 AND ${currentResultsOfYears('SELECT unnest($2::text[])')}
  AND ($3::text IS NULL OR c.district_id IN (SELECT nces_id FROM districts WHERE state = $3))
GROUP BY c.year`;

/** The figures of each year: from lct_area_trends where current, computed from lct_current for the others. */
async function areaYears(
  db: Queryable,
  state: string | null,
  options: { scope: string; from: string | null; to: string | null },
): Promise<AreaYearRow[]> {
  const rows = (
    await db.query<AreaYearRow>(STORED_AREA_SQL, [options.scope, options.from, options.to, state ?? NATION_AREA])
  ).rows;
  const missing = rows.filter((r) => !r.stored).map((r) => r.year);
  if (missing.length === 0) return rows;
  const live = new Map(
    (await db.query<AreaYearRow>(LIVE_AREA_SQL, [options.scope, missing, state])).rows.map((r) => [r.year, r]),
  );
  return rows.map((r) =>
    r.stored ? r : { ...r, ...(live.get(r.year) ?? {}), district_count: live.get(r.year)?.district_count ?? 0 },
  );
}

export async function getAreaTrend(
  db: Queryable,
  state: string | null,
  options: TrendOptions = {},
): Promise<AreaTrend> {
  const resolved = resolveTrendOptions(options);
  const area = state === null ? null : requireStateCode(state);
  const rows = await areaYears(db, area, resolved);
  const years: AreaTrendYear[] = rows.map((r, i) => {
    const before = rows[i - 1];
    const consecutive = before !== undefined && yearStart(r.year) === yearStart(before.year) + 1;
    const median =
      consecutive && before.lct_median != null && r.lct_median != null
        ? lctChange(before.lct_median, r.lct_median)
        : null;
    const weighted =
      consecutive && before.lct_weighted != null && r.lct_weighted != null
        ? lctChange(before.lct_weighted, r.lct_weighted)
        : null;
    return {
      year: r.year,
      lct_value: r.lct_median,
      lct_median: r.lct_median,
      lct_weighted: r.lct_weighted,
      district_count: r.district_count,
      enrollment: r.enrollment,
      staff_count: r.staff_count,
      instructional_minutes: r.instructional_minutes,
      minutes_source: r.minutes_source,
      valid: r.district_count > 0,
      qa_flags: [],
      change: median?.change ?? null,
      change_pct: median?.change_pct ?? null,
      change_weighted: weighted?.change ?? null,
      break: null,
    };
  });
  return { state: area, scope: resolved.scope, years, ...summarizeSeries(years) };
}
