/**
 * The districts whose LCT rose and fell the most between two years (docs/trends.md): among the districts valid
 * in both years whose series has no break between them (src/domain/trends.ts), the largest absolute changes.
 * Without `from` and `to`: the last two years calculated for the scope.
 */
import type { Queryable } from '../db/database.js';
import { currentResultsOfYears } from '../calculate/refresh-area-trends.js';
import { lctChange, markSeries, type SeriesYear } from '../domain/trends.js';
import { LctError } from '../errors.js';
import { requirePositiveInteger, requireStateCode } from './arguments.js';
import { type Mover, type Movers, resolveTrendOptions, seriesYears, type TrendOptions } from './trend-shapes.js';

export interface MoversOptions extends TrendOptions {
  /** Only the districts of this state. */
  state?: string;
  /** Rises and falls listed, each (default 20). */
  limit?: number;
}

export const DEFAULT_MOVERS_LIMIT = 20;

interface MoverYearRow extends SeriesYear {
  district_id: string;
  name: string;
  state: string;
}

// $1 scope, $2 from, $3 to, $4 state or null, $5 the years from..to calculated. Every year of the districts
// valid in both, in district and year order (a missing year has no result: a gap). The current results of
// those years are read once.
const MOVER_YEARS_SQL = `
WITH results AS MATERIALIZED (
  SELECT c.district_id, c.year, c.lct_value, c.enrollment, c.valid
  FROM lct_current c
  WHERE c.scope = $1 AND ${currentResultsOfYears('SELECT unnest($5::text[])')}
    AND ($4::text IS NULL OR c.district_id IN (SELECT nces_id FROM districts WHERE state = $4))
), pairs AS (
  SELECT district_id FROM results WHERE year = $2 AND valid
  INTERSECT
  SELECT district_id FROM results WHERE year = $3 AND valid
)
SELECT p.district_id, d.name, d.state, y.year, r.lct_value, r.enrollment,
       r.district_id IS NOT NULL AS present, coalesce(r.valid, false) AS valid, dd.updated_status, dd.sy_status
FROM pairs p
JOIN districts d ON d.nces_id = p.district_id
CROSS JOIN unnest($5::text[]) AS y (year)
LEFT JOIN results r ON r.district_id = p.district_id AND r.year = y.year
LEFT JOIN district_directory dd ON dd.nces_id = p.district_id AND dd.year = y.year
ORDER BY p.district_id, y.year`;

export async function getMovers(db: Queryable, options: MoversOptions = {}): Promise<Movers> {
  const resolved = resolveTrendOptions(options);
  const state = options.state ? requireStateCode(options.state) : null;
  const limit = requirePositiveInteger('limit', options.limit ?? DEFAULT_MOVERS_LIMIT);
  const calculated = await seriesYears(db, { ...resolved, from: null, to: null });
  const from = resolved.from ?? calculated.at(-2);
  const to = resolved.to ?? calculated.at(-1);
  if (!from || !to)
    throw new LctError(
      `Movers need two calculated years of ${resolved.scope}; ${calculated.length ? `only ${calculated[0]} is` : 'none is'}.`,
      'Calculate more years: lct calculate --all-years',
    );
  if (from === to) throw new LctError(`--from and --to are both ${from}.`, 'Pick two different years.');
  const between = calculated.filter((y) => y >= from && y <= to);
  const rows = (await db.query<MoverYearRow>(MOVER_YEARS_SQL, [resolved.scope, from, to, state, between])).rows;

  const moved: Mover[] = [];
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end < rows.length && rows[end]!.district_id === rows[start]!.district_id) end++;
    const series = rows.slice(start, end);
    const marks = markSeries(series);
    const first = series[0]!;
    const last = series.at(-1)!;
    // No break after the first year, up to and including the last.
    if (marks.at(-1)!.segment === marks[0]!.segment && !marks.slice(1).some((m) => m.break)) {
      const change = lctChange(first.lct_value!, last.lct_value!);
      moved.push({
        district_id: first.district_id,
        name: first.name,
        state: first.state,
        from_lct: first.lct_value!,
        to_lct: last.lct_value!,
        ...change,
      });
    }
    start = end;
  }
  const byId = (a: Mover, b: Mover) => (a.district_id < b.district_id ? -1 : 1);
  const rises = moved
    .filter((m) => m.change > 0)
    .sort((a, b) => b.change - a.change || byId(a, b))
    .slice(0, limit);
  const falls = moved
    .filter((m) => m.change < 0)
    .sort((a, b) => a.change - b.change || byId(a, b))
    .slice(0, limit);
  return { from, to, scope: resolved.scope, state, rises, falls };
}
