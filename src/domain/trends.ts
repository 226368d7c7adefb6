/**
 * LCT across years: where a district's series breaks, the change between two years and the compound annual
 * rate. Written once here; the trend queries (src/queries/get-*-trend.ts, get-movers.ts) and the dashboard
 * apply them. docs/trends.md states them in words.
 */
import { LCT_DECIMALS } from './lct.js';
import { yearStart } from './years.js';

/** Enrollment moving by more than this share of the year before starts a new series. */
export const ENROLLMENT_BREAK_SHARE = 0.5;

/**
 * NCES directory statuses (SY_STATUS / UPDATED_STATUS of `district_directory`) that start a new series, by
 * code: the rows of `district_status` whose `breaks_series` is true (migration 0008).
 */
export const SERIES_BREAK_STATUSES: Readonly<Record<number, string>> = {
  2: 'closed',
  3: 'new',
  4: 'added',
  5: 'changed boundary',
  6: 'inactive',
  7: 'future',
  8: 'reopened',
};

/** One year of a district's series as the trend queries read it; a missing year has `present` false. */
export interface SeriesYear {
  year: string;
  /** The district has a result for the year (a gap otherwise, never a zero). */
  present: boolean;
  valid: boolean;
  lct_value: number | null;
  enrollment: number | null;
  /** The year's directory statuses (`district_directory.updated_status`, `sy_status`), when known. */
  updated_status?: number | null;
  sy_status?: number | null;
}

/** What the rules add to each year: the change from the year before, the break, the segment number. */
export interface SeriesMarks {
  change: number | null;
  change_pct: number | null;
  /** Why a new series starts this year, or null. */
  break: string | null;
  /** 0 for the first segment, +1 at each break after the first year. */
  segment: number;
}

const round = (value: number, decimals = LCT_DECIMALS): number => {
  // Half to even on the decimal value, as the database rounds LCT (0.125 → 0.12).
  const factor = 10 ** decimals;
  const scaled = value * factor;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const epsilon = 1e-9 * Math.max(1, Math.abs(scaled));
  let whole: number;
  if (Math.abs(diff - 0.5) <= epsilon) whole = floor % 2 === 0 ? floor : floor + 1;
  else whole = Math.round(scaled);
  return (whole === 0 ? 0 : whole) / factor;
};
export { round as roundTrendFigure };

/** The directory's reason for a break in a year, or null: the updated status first, then the start-of-year one. */
export function directoryBreak(year: Pick<SeriesYear, 'updated_status' | 'sy_status'>): string | null {
  for (const code of [year.updated_status, year.sy_status]) {
    const name = code == null ? undefined : SERIES_BREAK_STATUSES[code];
    if (name) return `directory status: ${name}`;
  }
  return null;
}

/** A move of more than half the students since the last year that had them, or null. */
export function enrollmentBreak(before: number | null, now: number | null): string | null {
  if (before == null || now == null || before <= 0) return null;
  const moved = (now - before) / before;
  if (Math.abs(moved) <= ENROLLMENT_BREAK_SHARE) return null;
  return `enrollment ${moved > 0 ? 'rose' : 'fell'} ${round(Math.abs(moved) * 100, 1)}% (${before} → ${now})`;
}

/** Change from `from` to `to`, absolute (2 decimals, exact on hundredths) and in percent of `from` (2 decimals). */
export function lctChange(from: number, to: number): { change: number; change_pct: number | null } {
  const change = (Math.round(to * 100) - Math.round(from * 100)) / 100;
  return { change, change_pct: from > 0 ? round(((to - from) / from) * 100) : null };
}

/** Compound annual rate from `first` in `firstYear` to `last` in `lastYear`, percent per year (2 decimals). */
export function compoundAnnualRate(first: number, last: number, firstYear: string, lastYear: string): number | null {
  const years = yearStart(lastYear) - yearStart(firstYear);
  if (years <= 0 || first <= 0 || last <= 0) return null;
  return round(((last / first) ** (1 / years) - 1) * 100);
}

/**
 * Marks a district's years, in year order (gaps included as `present: false`). A year breaks the series when
 * its directory status says so or its enrollment moved by more than half since the last year that had
 * enrollment; a change is computed only between consecutive school years, both valid, with no break at the
 * later one.
 */
export function markSeries(years: readonly SeriesYear[]): SeriesMarks[] {
  const marks: SeriesMarks[] = [];
  let segment = 0;
  let lastEnrollment: number | null = null;
  years.forEach((y, i) => {
    const reason = directoryBreak(y) ?? (y.present ? enrollmentBreak(lastEnrollment, y.enrollment) : null);
    if (reason && i > 0) segment++;
    const before = years[i - 1];
    const consecutive = before !== undefined && yearStart(y.year) === yearStart(before.year) + 1;
    const comparable =
      !reason && consecutive && before.valid && y.valid && before.lct_value != null && y.lct_value != null;
    const moved = comparable ? lctChange(before.lct_value!, y.lct_value!) : null;
    marks.push({ change: moved?.change ?? null, change_pct: moved?.change_pct ?? null, break: reason, segment });
    if (y.present && y.enrollment != null) lastEnrollment = y.enrollment;
  });
  return marks;
}

/** The summary of a series over its valid years: first and last, change between them, compound annual rate. */
export interface SeriesSummary {
  first_year: string | null;
  last_year: string | null;
  change: number | null;
  cagr: number | null;
}

/**
 * Over the segment holding the last valid year (a change is never taken across a break): its first and last
 * valid years, the change between them and the compound annual rate. `segments` null: one segment (areas).
 */
export function summarizeSeries(
  years: readonly Pick<SeriesYear, 'year' | 'valid' | 'lct_value'>[],
  segments?: readonly number[],
): SeriesSummary {
  const valid = years
    .map((y, i) => ({ ...y, segment: segments?.[i] ?? 0 }))
    .filter((y) => y.valid && y.lct_value != null);
  const last = valid.at(-1);
  if (!last) return { first_year: null, last_year: null, change: null, cagr: null };
  const first = valid.find((y) => y.segment === last.segment)!;
  if (first.year === last.year) return { first_year: first.year, last_year: last.year, change: null, cagr: null };
  return {
    first_year: first.year,
    last_year: last.year,
    change: lctChange(first.lct_value!, last.lct_value!).change,
    cagr: compoundAnnualRate(first.lct_value!, last.lct_value!, first.year, last.year),
  };
}
