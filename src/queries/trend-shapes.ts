/**
 * The shapes of LCT across years (docs/trends.md), with the database's names: a district's trend, a state's
 * or the nation's, and the movers between two years. Zod schemas, so the API and MCP describe exactly these.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import { LctError } from '../errors.js';
import { requireSchoolYear, requireScope } from './arguments.js';

const result = rowSchema('lct_current').shape;

const changeFields = {
  change: z.number().nullable().describe('LCT change from the year before (2 decimals); null across a gap or a break'),
  change_pct: z.number().nullable().describe('The change in percent of the year before (2 decimals)'),
};

/** One year of a district's series: its current result for the scope, or nulls for a year it is missing. */
export const trendYear = z.object({
  year: result.year,
  lct_value: result.lct_value,
  enrollment: result.enrollment,
  staff_count: result.staff_count,
  instructional_minutes: result.instructional_minutes,
  minutes_source: result.minutes_source,
  valid: z.boolean().describe('The year has a valid LCT (false for a missing year: a gap, never a zero)'),
  qa_flags: result.qa_flags,
  ...changeFields,
  break: z
    .string()
    .nullable()
    .describe('Why a new series starts this year (directory status, enrollment move), or null'),
});
export type TrendYear = z.output<typeof trendYear>;

/** One year of a state's or the nation's series, over the valid district results of the scope. */
export const areaTrendYear = trendYear.extend({
  lct_value: z.number().nullable().describe('The headline value: lct_median'),
  lct_median: z.number().nullable().describe('Median LCT over the valid districts (2 decimals, half to even)'),
  lct_weighted: z
    .number()
    .nullable()
    .describe('Enrollment-weighted LCT: Σ minutes × staff / Σ enrollment over the valid districts (2 decimals)'),
  district_count: z.number().int().describe('Districts with a valid LCT that year'),
  enrollment: z.number().nullable().describe('Σ enrollment of the valid districts'),
  staff_count: z.number().nullable().describe('Σ staff FTE of the valid districts'),
  instructional_minutes: z.number().nullable().describe('Enrollment-weighted mean of their minutes (2 decimals)'),
  minutes_source: z.string().nullable().describe("Their minutes' source when all agree, otherwise mixed"),
  qa_flags: z.array(z.string()).describe('Always empty: flags describe one district (see its own trend)'),
  change_weighted: z.number().nullable().describe('lct_weighted change from the year before'),
  break: z.null().describe('Always null: an area has no series breaks'),
});
export type AreaTrendYear = z.output<typeof areaTrendYear>;

const summaryFields = {
  first_year: result.year.nullable().describe('First valid year of the latest segment (after the last break)'),
  last_year: result.year.nullable().describe('Last valid year'),
  change: z.number().nullable().describe('LCT change from first_year to last_year (2 decimals)'),
  cagr: z.number().nullable().describe('Compound annual rate from first_year to last_year, percent per year'),
};

export const districtTrend = z.object({
  district_id: result.district_id,
  name: rowSchema('districts').shape.name,
  state: rowSchema('districts').shape.state,
  scope: result.scope,
  years: z.array(trendYear),
  ...summaryFields,
});
export type DistrictTrend = z.output<typeof districtTrend>;

export const areaTrend = z.object({
  state: z.string().nullable().describe('The state, or null for the nation'),
  scope: result.scope,
  years: z.array(areaTrendYear),
  ...summaryFields,
  first_year: result.year.nullable().describe('First year with valid districts'),
});
export type AreaTrend = z.output<typeof areaTrend>;

export const mover = z.object({
  district_id: result.district_id,
  name: rowSchema('districts').shape.name,
  state: rowSchema('districts').shape.state,
  from_lct: z.number().describe('LCT in the first year'),
  to_lct: z.number().describe('LCT in the second year'),
  change: z.number().describe('to_lct − from_lct'),
  change_pct: z.number().nullable().describe('The change in percent of from_lct (2 decimals)'),
});
export type Mover = z.output<typeof mover>;

export const movers = z.object({
  from: result.year,
  to: result.year,
  scope: result.scope,
  state: z.string().nullable().describe('The state, or null for the nation'),
  rises: z.array(mover).describe('Largest rises first'),
  falls: z.array(mover).describe('Largest falls first'),
});
export type Movers = z.output<typeof movers>;

/** What every trend takes: the scope (default teachers_only) and an optional range of years. */
export interface TrendOptions {
  scope?: string;
  from?: string;
  to?: string;
}

export const DEFAULT_TREND_SCOPE = 'teachers_only';

export interface ResolvedTrendOptions {
  scope: string;
  from: string | null;
  to: string | null;
}

export function resolveTrendOptions(options: TrendOptions = {}): ResolvedTrendOptions {
  const scope = requireScope(options.scope ?? DEFAULT_TREND_SCOPE);
  const from = options.from ? requireSchoolYear(options.from) : null;
  const to = options.to ? requireSchoolYear(options.to) : null;
  if (from && to && to < from) throw new LctError(`--from ${from} is after --to ${to}.`, 'Swap them.');
  return { scope, from, to };
}

/**
 * The years of a series: every year with a completed run of the scope, within the range. A district without a
 * result in one of them has a gap there.
 */
export const SERIES_YEARS_SQL = (scope: string, from: string, to: string) =>
  `SELECT DISTINCT year FROM calculation_runs
   WHERE status = 'completed' AND ${scope} = ANY (scopes)
     AND (${from}::text IS NULL OR year >= ${from}) AND (${to}::text IS NULL OR year <= ${to})`;

export async function seriesYears(db: Queryable, options: ResolvedTrendOptions): Promise<string[]> {
  const result = await db.query<{ year: string }>(`${SERIES_YEARS_SQL('$1', '$2', '$3')} ORDER BY year`, [
    options.scope,
    options.from,
    options.to,
  ]);
  return result.rows.map((r) => r.year);
}
