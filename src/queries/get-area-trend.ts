/**
 * A state's or the nation's LCT across years for one scope (docs/trends.md), over the valid current results
 * of its districts: per year the median and the enrollment-weighted LCT (Σ minutes × staff / Σ enrollment),
 * their enrollment, staff and enrollment-weighted minutes, and the change from the year before; over the
 * series the first and last years with valid districts, the change of the median between them and its
 * compound annual rate. An area has no breaks: a district's break shows in its own trend.
 */
import type { Queryable } from '../db/database.js';
import { MIXED_MINUTES_SOURCE } from '../domain/minutes.js';
import { stateByCode, STATE_CODES } from '../domain/states.js';
import { lctChange, summarizeSeries } from '../domain/trends.js';
import { yearStart } from '../domain/years.js';
import { LctError } from '../errors.js';
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
}

// $1 scope, $2 from, $3 to, $4 state or null for the nation.
const AREA_TREND_SQL = `
WITH years AS (${SERIES_YEARS_SQL('$1', '$2', '$3')}),
results AS (
  SELECT c.year, c.lct_value, c.enrollment, c.staff_count, c.instructional_minutes, c.minutes_source
  FROM lct_current c
  WHERE c.valid AND c.scope = $1 AND c.year IN (SELECT year FROM years)
    AND ($4::text IS NULL OR c.district_id IN (SELECT nces_id FROM districts WHERE state = $4))
)
SELECT y.year, count(r.year)::integer AS district_count,
       round_half_even((percentile_cont(0.5) WITHIN GROUP (ORDER BY r.lct_value))::numeric, 2) AS lct_median,
       round_half_even(sum(r.instructional_minutes * r.staff_count) / nullif(sum(r.enrollment), 0), 2) AS lct_weighted,
       sum(r.enrollment) AS enrollment,
       sum(r.staff_count) AS staff_count,
       round_half_even(sum(r.instructional_minutes * r.enrollment) / nullif(sum(r.enrollment), 0), 2) AS instructional_minutes,
       CASE WHEN count(DISTINCT r.minutes_source) = 1 THEN min(r.minutes_source)
            WHEN count(r.year) > 0 THEN '${MIXED_MINUTES_SOURCE}' END AS minutes_source
FROM years y
LEFT JOIN results r ON r.year = y.year
GROUP BY y.year
ORDER BY y.year`;

export function requireKnownState(raw: string): string {
  const state = requireStateCode(raw);
  if (!stateByCode(state))
    throw new LctError(
      `"${raw}" is not a state NCES publishes.`,
      `Use one of: ${STATE_CODES.map((s) => s.code).join(', ')}.`,
    );
  return state;
}

export async function getAreaTrend(
  db: Queryable,
  state: string | null,
  options: TrendOptions = {},
): Promise<AreaTrend> {
  const resolved = resolveTrendOptions(options);
  const area = state === null ? null : requireKnownState(state);
  const rows = (await db.query<AreaYearRow>(AREA_TREND_SQL, [resolved.scope, resolved.from, resolved.to, area])).rows;
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
