/**
 * Calculating several years: one normal run per year that has enrollment and staffing (its own hash, so an
 * unchanged year is an incremental no-op), oldest first. `lct calculate --years a..b` and `--all-years`.
 */
import path from 'node:path';
import type { Database, Queryable } from '../db/database.js';
import { LctError } from '../errors.js';
import { calculate } from './calculate.js';
import { refreshResultViewsIfStale } from './refresh-result-views-if-stale.js';
import type { CalculateOptions } from './options.js';
import type { CalculationResult } from './types.js';

/** The years that have both enrollment and staffing rows, oldest first. */
export async function yearsWithData(db: Queryable): Promise<string[]> {
  // input_years (migration 0010) is kept exact by triggers: a few rows instead of two scans of millions.
  const result = await db.query<{ year: string }>(
    `SELECT year FROM input_years WHERE table_name = 'grade_level_enrollment'
     INTERSECT SELECT year FROM input_years WHERE table_name = 'grade_level_staffing'
     ORDER BY year`,
  );
  return result.rows.map((r) => r.year);
}

export interface CalculateYearsOptions extends Omit<CalculateOptions, 'year'> {
  /** The years to consider (those without data are skipped), or every year with data. */
  years: readonly string[] | 'all';
  /** Called before each year's run, with its place in the list. */
  onYear?: (year: string, index: number, count: number) => void;
}

export interface CalculatedYears {
  results: CalculationResult[];
  /** Years asked for that have no enrollment or no staffing. */
  skipped: string[];
}

export async function calculateYears(db: Database, options: CalculateYearsOptions): Promise<CalculatedYears> {
  const { years: asked, onYear, ...rest } = options;
  const withData = await yearsWithData(db);
  const years = asked === 'all' ? withData : withData.filter((y) => asked.includes(y));
  const skipped = asked === 'all' ? [] : asked.filter((y) => !withData.includes(y));
  if (years.length === 0)
    throw new LctError(
      asked === 'all' || asked.length === 0
        ? 'No year has both enrollment and staffing data: nothing to calculate.'
        : `None of ${asked[0]}${asked.length > 1 ? `..${asked.at(-1)}` : ''} has both enrollment and staffing data.${withData.length ? ` Years with both: ${withData.join(', ')}.` : ''}`,
      'Import the NCES CCD files first: lct import ccd <folder with the membership (052) and staff (059) files>',
    );
  const results: CalculationResult[] = [];
  for (const [i, year] of years.entries()) {
    onYear?.(year, i, years.length);
    // One folder per year under a given --out; the default (./outputs/<year>/<run_id>/) is per year already.
    const outDir = typeof rest.outDir === 'string' ? path.join(rest.outDir, year) : rest.outDir;
    results.push(await calculate(db, { ...rest, year, outDir, refreshViews: false }));
  }
  // Once for all the years: each refresh reads every year's results, so one per year would grow with the years.
  await refreshResultViewsIfStale(db, rest.progress);
  return { results, skipped };
}
