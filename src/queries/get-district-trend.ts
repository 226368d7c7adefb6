/**
 * A district's LCT across years for one scope (docs/trends.md): per year its current result, or a gap, with
 * the change from the year before and where its series breaks (src/domain/trends.ts); over the latest
 * segment the first and last valid years, the change between them and the compound annual rate.
 * Null when the district is unknown.
 */
import type { Queryable } from '../db/database.js';
import { markSeries, summarizeSeries } from '../domain/trends.js';
import { requireDistrictId } from './arguments.js';
import {
  type DistrictTrend,
  resolveTrendOptions,
  SERIES_YEARS_SQL,
  type TrendOptions,
  type TrendYear,
} from './trend-shapes.js';

interface DistrictYearRow extends Omit<TrendYear, 'change' | 'change_pct' | 'break'> {
  present: boolean;
  updated_status: number | null;
  sy_status: number | null;
}

// $1 district, $2 scope, $3 from, $4 to. The years come from the runs, so a missing year shows as a gap.
const DISTRICT_TREND_SQL = `
WITH years AS (${SERIES_YEARS_SQL('$2', '$3', '$4')})
SELECT y.year, c.lct_value, c.enrollment, c.staff_count, c.instructional_minutes, c.minutes_source,
       c.district_id IS NOT NULL AS present, coalesce(c.valid, false) AS valid, coalesce(c.qa_flags, '{}') AS qa_flags,
       dd.updated_status, dd.sy_status
FROM years y
LEFT JOIN lct_current c ON c.district_id = $1 AND c.scope = $2 AND c.year = y.year
LEFT JOIN district_directory dd ON dd.nces_id = $1 AND dd.year = y.year
ORDER BY y.year`;

export async function getDistrictTrend(
  db: Queryable,
  districtId: string | number,
  options: TrendOptions = {},
): Promise<DistrictTrend | null> {
  const id = requireDistrictId(districtId);
  const resolved = resolveTrendOptions(options);
  const district = await db.query<{ name: string; state: string }>(
    'SELECT name, state FROM districts WHERE nces_id = $1',
    [id],
    // Named: each pooled connection plans the statement once (a district trend is a hot API route).
    { name: 'lct_district_trend_district' },
  );
  const found = district.rows[0];
  if (!found) return null;
  const rows = (
    await db.query<DistrictYearRow>(DISTRICT_TREND_SQL, [id, resolved.scope, resolved.from, resolved.to], {
      name: 'lct_district_trend',
    })
  ).rows;
  const marks = markSeries(rows);
  const years: TrendYear[] = rows.map((r, i) => ({
    year: r.year,
    lct_value: r.lct_value,
    enrollment: r.enrollment,
    staff_count: r.staff_count,
    instructional_minutes: r.instructional_minutes,
    minutes_source: r.minutes_source,
    valid: r.valid,
    qa_flags: r.qa_flags,
    change: marks[i]!.change,
    change_pct: marks[i]!.change_pct,
    break: marks[i]!.break,
  }));
  return {
    district_id: id,
    name: found.name,
    state: found.state,
    scope: resolved.scope,
    years,
    ...summarizeSeries(
      years,
      marks.map((m) => m.segment),
    ),
  };
}
