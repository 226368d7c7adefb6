/**
 * Writes a run's LCT rows in one INSERT … SELECT from the staged districts (`calc_district`): one row per
 * district and requested scope, rounded half-to-even, with validity, sorted QA flags and notes. The SQL is
 * generated from src/domain (scopes, grades, flags and their thresholds, minutes, validity). A full run
 * inserts in district order inside a COPY, whose RETURNING hands the rows to the QA summary and the files
 * as they are written, instead of reading them back afterwards.
 */
import type { Queryable } from '../db/database.js';
import { FLAG_THRESHOLDS, QA_FLAG_NAMES } from '../domain/flags.js';
import { gradeRangeLabel } from '../domain/grades.js';
import { LCT_DECIMALS, MAX_VALID_LCT } from '../domain/lct.js';
import { MIXED_MINUTES_SOURCE } from '../domain/minutes.js';
import {
  ALL_SCOPES,
  K12_NESTED_SCOPES,
  type MinutesLevel,
  SPED_LCT_CAP,
  SPED_SCOPES,
  STAFF_SCOPES,
} from '../domain/scopes.js';
import {
  DISTRICT_INPUTS_TABLE,
  enrollmentColumn,
  minutesByLevelNote,
  minutesPrefix,
  spedColumn,
  staffColumn,
} from './stage-district-inputs.js';
import { sqlLiteral } from './sql-text.js';
import { type DistrictLabels, readResultRows, resultRowColumns, type ResultRowHandler } from './result-rows.js';

/** The temporary table listing the districts an incremental run recalculates. */
export const DISTRICTS_TO_PROCESS_TABLE = 'calc_process';

const TEACHERS_ONLY = K12_NESTED_SCOPES[0]!;
const ALL_STAFF = K12_NESTED_SCOPES.at(-1)!;

interface ScopeRow {
  scope: string;
  k12: boolean;
  nested: boolean;
  /** A teacher-level scope (elementary, secondary): a mismatch between its staff and students is noted. */
  level: boolean;
  sped: boolean;
  staff: string;
  enrollment: string;
  enrollmentType: string;
  enrollmentYear: string;
  staffYear: string;
  minutesLevel: MinutesLevel;
  /** For level notes: 'elementary teachers', 'K-5'. */
  teachersLabel: string;
  studentsLabel: string;
}

function scopeRows(scopes: readonly string[]): ScopeRow[] {
  const staffRows = STAFF_SCOPES.filter((s) => scopes.includes(s.scope)).map((s): ScopeRow => ({
    scope: s.scope,
    k12: s.enrollment_type === 'k12',
    nested: s.k12_nested,
    level: s.enrollment_type !== 'k12',
    sped: false,
    staff: `d.${staffColumn(s.scope)}`,
    enrollment: `d.${enrollmentColumn(s.enrollment_type)}`,
    enrollmentType: s.enrollment_type,
    enrollmentYear: 'd.enrollment_year',
    staffYear: 'd.staff_year',
    minutesLevel: s.minutes_level,
    teachersLabel: `${s.enrollment_type} teachers`,
    studentsLabel: gradeRangeLabel(s.enrollment_grades),
  }));
  const spedRows = SPED_SCOPES.filter((s) => scopes.includes(s.scope)).map((s): ScopeRow => ({
    scope: s.scope,
    k12: false,
    nested: false,
    level: false,
    sped: true,
    staff: `d.${spedColumn(s.staff_column)}`,
    enrollment: `d.${spedColumn(s.enrollment_column)}`,
    enrollmentType: s.enrollment_type,
    enrollmentYear: 'd.sped_year',
    staffYear: 'd.sped_year',
    minutesLevel: s.minutes_level,
    teachersLabel: s.staff_column,
    studentsLabel: s.enrollment_column,
  }));
  return [...staffRows, ...spedRows];
}

/** District-level facts behind ERR_FLAT_STAFF and ERR_RATIO_CEILING, over the staged district `d`. */
const DISTRICT_STAFF_FLAT = K12_NESTED_SCOPES.slice(1)
  .map((s) => `d.${staffColumn(s)} = d.${staffColumn(TEACHERS_ONLY)}`)
  .join(' AND ');
const DISTRICT_STAFF_ALL_TEACHERS = `d.${staffColumn(TEACHERS_ONLY)} > 0
  AND abs(d.${staffColumn(ALL_STAFF)} - d.${staffColumn(TEACHERS_ONLY)}) <= ${FLAG_THRESHOLDS.ratioCeilingTolerance}`;

const yearStart = (column: string) => `left(${column}, 4)::int`;

/** Each flag's condition on a result row (the final SELECT below); every flag of the domain must have one. */
const FLAG_CONDITIONS: Readonly<Record<string, string>> = {
  ERR_FLAT_STAFF: 'nested AND staff_flat',
  ERR_RATIO_CEILING: 'nested AND staff_all_teachers',
  ERR_IMPOSSIBLE_SSR: `k12 AND staff > ${FLAG_THRESHOLDS.impossibleStaffRatio} * enrollment`,
  ERR_VOLATILE: `k12 AND enrollment < ${FLAG_THRESHOLDS.volatileEnrollment}`,
  WARN_LCT_LOW: `lct < ${FLAG_THRESHOLDS.lowLct}`,
  WARN_LCT_HIGH: `scope = ${sqlLiteral(TEACHERS_ONLY)} AND lct > ${FLAG_THRESHOLDS.highTeachersOnlyLct}`,
  WARN_SPED_RATIO_CAP: `sped AND uncapped_lct > ${SPED_LCT_CAP}`,
  WARN_YEAR_GAP: `year_span BETWEEN ${FLAG_THRESHOLDS.yearGapWarn} AND ${FLAG_THRESHOLDS.yearGapMax}`,
  ERR_SPAN_EXCEEDED: `year_span > ${FLAG_THRESHOLDS.yearGapMax}`,
};

function flagsArray(): string {
  const missing = QA_FLAG_NAMES.filter((f) => !FLAG_CONDITIONS[f]);
  if (missing.length) throw new Error(`no condition for QA flag(s) ${missing.join(', ')}`);
  // Listed in sorted order, so the stored array is sorted without a sort per row.
  const sorted = [...QA_FLAG_NAMES].sort();
  return `array_remove(ARRAY[${sorted.map((f) => `CASE WHEN ${FLAG_CONDITIONS[f]} THEN ${sqlLiteral(f)} END`).join(',\n         ')}]::text[], NULL)`;
}

/** Ids from `from` (inclusive) to `to` (exclusive), in C order; null = open end. */
export interface DistrictRange {
  from: string | null;
  to: string | null;
}

function rangeCondition(range: DistrictRange | undefined): string {
  const from = range?.from == null ? '' : ` AND d.district_id COLLATE "C" >= ${sqlLiteral(range.from)}`;
  const to = range?.to == null ? '' : ` AND d.district_id COLLATE "C" < ${sqlLiteral(range.to)}`;
  return from + to;
}

/** One scope's rows: a SELECT over the staged districts (a UNION ALL branch). */
function scopeSelect(r: ScopeRow, onlyListedDistricts: boolean, range?: DistrictRange): string {
  const m = `d.${minutesPrefix(r.minutesLevel)}`;
  // A zero or missing numerator or denominator gives no row, except that a teacher-level scope of a
  // district with K-12 teachers and students keeps an (invalid) row saying which side is missing.
  const exists = r.level
    ? `(${r.staff} > 0 OR ${r.enrollment} > 0) AND d.${staffColumn(TEACHERS_ONLY)} > 0 AND d.${enrollmentColumn('k12')} > 0`
    : `${r.staff} > 0 AND ${r.enrollment} > 0`;
  const levelNote = r.level
    ? `CASE WHEN ${r.staff} = 0 THEN ${sqlLiteral(`${r.studentsLabel} enrollment (`)} || ${r.enrollment} || ${sqlLiteral(`) but no ${r.teachersLabel}`)}
            WHEN ${r.enrollment} = 0 THEN ${sqlLiteral(`${r.teachersLabel} (`)} || ${r.staff} || ${sqlLiteral(` FTE) but no ${r.studentsLabel} enrollment`)} END`
    : 'NULL::text';
  const years = [r.enrollmentYear, r.staffYear, `${m}_year_latest`, `${m}_year_earliest`].map(yearStart).join(', ');
  // LCT = minutes × staff / enrollment as one exact division: minutes_num × staff / (minutes_den × enrollment).
  return `SELECT d.district_id, ${sqlLiteral(r.scope)}::text AS scope, ${ALL_SCOPES.indexOf(r.scope)} AS scope_order, ${r.k12} AS k12, ${r.nested} AS nested, ${r.sped} AS sped,
         ${r.staff}::numeric AS staff, ${r.enrollment}::bigint AS enrollment, ${sqlLiteral(r.enrollmentType)}::text AS enrollment_type,
         ${r.enrollmentYear}::text AS enrollment_year, ${r.staffYear}::text AS staff_year,
         ${m}_num::numeric / ${m}_den AS minutes,
         CASE WHEN ${r.enrollment} > 0 THEN ${m}_num::numeric * ${r.staff} / (${m}_den * ${r.enrollment}::numeric) END AS ratio,
         ${m}_source AS minutes_source, ${m}_year_latest AS minutes_year, greatest(${years}) - least(${years}) AS year_span,
         CASE WHEN ${m}_source = ${sqlLiteral(MIXED_MINUTES_SOURCE)} THEN ${minutesByLevelNote(r.minutesLevel)} END AS minutes_note,
         ${r.nested ? `${DISTRICT_STAFF_FLAT}` : 'false'} AS staff_flat,
         ${r.nested ? `${DISTRICT_STAFF_ALL_TEACHERS}` : 'false'} AS staff_all_teachers,
         ${levelNote} AS level_note
  FROM ${DISTRICT_INPUTS_TABLE} d${onlyListedDistricts ? ` JOIN ${DISTRICTS_TO_PROCESS_TABLE} USING (district_id)` : ''}
  WHERE ${exists}${rangeCondition(range)}`;
}

/** $1 = year, $2 = run id (both written as literals when `returning`, since COPY takes no parameters). */
export function insertCalculationsSql(options: {
  scopes: readonly string[];
  onlyListedDistricts: boolean;
  /** Only these districts. */
  range?: DistrictRange;
  /** In district and scope order, returning the result row columns. */
  returning?: { year: string; runId: string };
}): string {
  const rows = scopeRows(options.scopes);
  if (rows.length === 0) throw new Error('no scopes to calculate');
  const union = rows.map((r) => scopeSelect(r, options.onlyListedDistricts, options.range)).join('\n  UNION ALL\n  ');
  const [year, runId] = options.returning
    ? [sqlLiteral(options.returning.year), sqlLiteral(options.returning.runId)]
    : ['$1', '$2'];
  // Each OFFSET 0 keeps a step separate, so that the rounded LCT (then capped) that the flags test is
  // computed once per row rather than at every use.
  // The C collation sorts the ASCII ids like the locale would, without its cost.
  const returning = options.returning
    ? `
ORDER BY district_id COLLATE "C", scope_order
RETURNING ${resultRowColumns('c')}`
    : '';
  return `INSERT INTO lct_calculations AS c (district_id, year, scope, instructional_minutes, minutes_source, minutes_year, staff_count,
  staff_year, enrollment, enrollment_type, enrollment_year, lct_value, valid, qa_flags, calculation_notes, run_id)
SELECT district_id, ${year}, scope, round_half_even(minutes, ${LCT_DECIMALS}), minutes_source, minutes_year, staff,
       staff_year, enrollment, enrollment_type, enrollment_year, lct,
       coalesce(lct > 0 AND lct <= ${MAX_VALID_LCT} AND level_note IS NULL, false),
       ${flagsArray()},
       nullif(concat_ws('; ', level_note, minutes_note), ''),
       ${runId}
FROM (
  SELECT y.*, CASE WHEN sped THEN least(uncapped_lct, ${SPED_LCT_CAP}) ELSE uncapped_lct END AS lct
  FROM (
    SELECT u.*, round_half_even(ratio, ${LCT_DECIMALS}) AS uncapped_lct
    FROM (
    ${union}
    ) u
    OFFSET 0
  ) y
  OFFSET 0
) x${returning}`;
}

/** District id ranges of about `size` districts each, in C order. */
async function districtRanges(tx: Queryable, size: number): Promise<DistrictRange[]> {
  const starts = (
    await tx.query<{ nces_id: string }>(
      `SELECT nces_id FROM (SELECT nces_id, row_number() OVER (ORDER BY nces_id COLLATE "C") AS n FROM districts) numbered
       WHERE n % $1 = 1 AND n > 1 ORDER BY nces_id COLLATE "C"`,
      [size],
    )
  ).rows.map((r) => r.nces_id);
  return [null, ...starts].map((from, i) => ({ from, to: starts[i] ?? null }));
}

/** Districts per statement on the embedded engine, which holds a COPY's whole output in memory (twice) until it is read. */
export const DISTRICTS_PER_BATCH = 2500;

/**
 * A full run's rows: inserted in district order, each handed to `onRow` as it is written (on the embedded
 * engine, DISTRICTS_PER_BATCH districts per statement). Returns the number of rows.
 */
export async function insertAndStreamCalculations(
  tx: Queryable,
  options: { year: string; runId: string; scopes: readonly string[]; labels: DistrictLabels; batched: boolean },
  onRow: ResultRowHandler,
): Promise<number> {
  const ranges = options.batched ? await districtRanges(tx, DISTRICTS_PER_BATCH) : [{ from: null, to: null }];
  let rows = 0;
  for (const range of ranges) {
    const insert = insertCalculationsSql({
      scopes: options.scopes,
      onlyListedDistricts: false,
      range,
      returning: options,
    });
    rows += await readResultRows(tx.copyTo(`COPY (${insert}) TO STDOUT WITH (FORMAT csv)`), options.labels, onRow);
  }
  return rows;
}

/** An incremental run's rows (its outputs are read from `lct_current` afterwards). */
export async function insertCalculations(
  tx: Queryable,
  options: { year: string; runId: string; scopes: readonly string[]; onlyListedDistricts: boolean },
): Promise<number> {
  const result = await tx.query(insertCalculationsSql(options), [options.year, options.runId]);
  return result.rowCount;
}
