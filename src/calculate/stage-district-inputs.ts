/**
 * Stages one row per district for a year in the temporary table `calc_district`: enrollment per level
 * and per scope denominator, staff per scope, minutes per level (bell schedule of the nearest year → state
 * requirement → default) and per minutes level of the scopes (enrollment-weighted), the SPED estimate, the SHA-256 of
 * each input and the district's input hash. One pass over each input table; the SQL is generated from
 * src/domain so that every rule is written once. All districts, or only those listed in
 * `calc_candidates` (an incremental run looking at the districts marked as changed).
 */
import type { Queryable } from '../db/database.js';
import { SCHOOL_LEVELS, type SchoolLevel } from '../domain/bell-schedules.js';
import { GRADE_CODES, K12_GRADES } from '../domain/grades.js';
import { STAFF_CATEGORIES } from '../domain/staff.js';
import {
  BELL_SCHEDULE_YEAR_WINDOW,
  DEFAULT_MINUTES,
  HIGH_POLICY_LEVEL,
  LEVEL_GRADES,
  MINUTES_LEVEL_LEVELS,
  MINUTES_SOURCES,
  MIXED_MINUTES_SOURCE,
  type MinutesPolicy,
  stateRequirementColumn,
} from '../domain/minutes.js';
import { type MinutesLevel, SPED_SCOPES, STAFF_SCOPES } from '../domain/scopes.js';
import { COVID_YEARS } from '../domain/years.js';
import { INPUT_KINDS } from '../domain/inputs.js';
import { CALCULATION_RULES_VERSION } from './version.js';
import { sqlList, sqlLiteral, sqlName } from './sql-text.js';

/** The temporary table this step creates; it lives until the transaction ends. */
export const DISTRICT_INPUTS_TABLE = 'calc_district';

export const enrollmentColumn = (type: string) => sqlName('enrollment', type);
export const staffColumn = (scope: string) => sqlName('staff', scope);
export const spedColumn = (column: string) => sqlName('sped', 'input', column);
/** Columns describing a scope's minutes: `<prefix>_num / <prefix>_den` minutes, source, latest and earliest year, note. */
export const minutesPrefix = (level: MinutesLevel) => sqlName('m', level);

const ENROLLMENT_TYPES = [...new Map(STAFF_SCOPES.map((s) => [s.enrollment_type, s.enrollment_grades])).entries()];
const MINUTES_LEVELS = [...new Set<MinutesLevel>([...STAFF_SCOPES, ...SPED_SCOPES].map((s) => s.minutes_level))];
const SPED_COLUMNS = [...new Set(SPED_SCOPES.flatMap((s) => [s.staff_column, s.enrollment_column]))];

/** In order of precedence. */
const [BELL_SCHEDULE, STATE_REQUIREMENT, DEFAULT_SOURCE] = MINUTES_SOURCES;

function perLevelMinutes(level: SchoolLevel): string {
  const bell = `b.${sqlName('bell_minutes', level)}`;
  const required = `nullif(r.${stateRequirementColumn(level)}, 0)`;
  return `coalesce(${bell}, ${required}, ${DEFAULT_MINUTES}) AS ${sqlName('minutes', level)},
      CASE WHEN ${bell} IS NOT NULL THEN ${sqlLiteral(BELL_SCHEDULE)} WHEN ${required} IS NOT NULL THEN ${sqlLiteral(STATE_REQUIREMENT)}
           ELSE ${sqlLiteral(DEFAULT_SOURCE)} END AS ${sqlName('minutes_source', level)},
      b.${sqlName('bell_year', level)} AS ${sqlName('minutes_year', level)}`;
}

/** Enrollment-weighted minutes over a scope's levels; the levels count equally when none has students. */
function weightedMinutes(minutesLevel: MinutesLevel): string {
  const levels = MINUTES_LEVEL_LEVELS[minutesLevel];
  const prefix = minutesPrefix(minutesLevel);
  const weight = (l: SchoolLevel) => `i.${sqlName('level_enrollment', l)}`;
  const minutes = (l: SchoolLevel) => `i.${sqlName('minutes', l)}`;
  const total = `(${levels.map(weight).join(' + ')})`;
  const used = (l: SchoolLevel) => `(${weight(l)} > 0 OR ${total} = 0)`;
  const whenUsed = (l: SchoolLevel, expr: string) => `CASE WHEN ${used(l)} THEN ${expr} END`;
  const source = (l: SchoolLevel) => `i.${sqlName('minutes_source', l)}`;
  const firstSource = `coalesce(${levels.map((l) => whenUsed(l, source(l))).join(', ')})`;
  const years = levels.map((l) => whenUsed(l, `i.${sqlName('minutes_year', l)}`)).join(', ');
  // bigint: students × minutes of a large district would overflow an integer.
  return `CASE WHEN ${total} > 0 THEN ${levels.map((l) => `${weight(l)}::bigint * ${minutes(l)}`).join(' + ')} ELSE ${levels.map(minutes).join(' + ')} END AS ${prefix}_num,
      CASE WHEN ${total} > 0 THEN ${total} ELSE ${levels.length} END AS ${prefix}_den,
      CASE WHEN ${levels.map((l) => `(NOT ${used(l)} OR ${source(l)} = ${firstSource})`).join(' AND ')} THEN ${firstSource}
           ELSE ${sqlLiteral(MIXED_MINUTES_SOURCE)} END AS ${prefix}_source,
      greatest(${years}) AS ${prefix}_year_latest,
      least(${years}) AS ${prefix}_year_earliest`;
}

/** The older rule: the high-school level's minutes for every scope. */
function highPolicyMinutes(minutesLevel: MinutesLevel): string {
  const prefix = minutesPrefix(minutesLevel);
  return `i.${sqlName('minutes', HIGH_POLICY_LEVEL)} AS ${prefix}_num, 1 AS ${prefix}_den,
      i.${sqlName('minutes_source', HIGH_POLICY_LEVEL)} AS ${prefix}_source,
      i.${sqlName('minutes_year', HIGH_POLICY_LEVEL)} AS ${prefix}_year_latest,
      i.${sqlName('minutes_year', HIGH_POLICY_LEVEL)} AS ${prefix}_year_earliest`;
}

/**
 * For a row whose minutes mix sources: each level's minutes, source and year (levels without students
 * are left out unless none has any). An expression over `calc_district` columns prefixed with `d.`.
 */
export function minutesByLevelNote(minutesLevel: MinutesLevel): string {
  const levels = MINUTES_LEVEL_LEVELS[minutesLevel];
  const weight = (l: SchoolLevel) => `d.${sqlName('level_enrollment', l)}`;
  const total = `(${levels.map(weight).join(' + ')})`;
  const detail = (l: SchoolLevel) =>
    `CASE WHEN ${weight(l)} > 0 OR ${total} = 0 THEN ${sqlLiteral(`${l} `)} || d.${sqlName('minutes', l)} || ' (' || d.${sqlName('minutes_source', l)}
       || coalesce(' ' || d.${sqlName('minutes_year', l)}, '') || ')' END`;
  return `'minutes by level: ' || concat_ws(', ', ${levels.map(detail).join(', ')})`;
}

const pivot = (name: string) => sqlName('n', name.toLowerCase());
/** Values as one text to hash: an array's text form ('{120,NULL,3.50}'), NULL (not reported) included. */
const arrayText = (values: readonly string[]) => `ARRAY[${values.join(', ')}]::text`;

/**
 * A 64-bit hash of one input, 16 hex digits: enough to say which input changed (the SHA-256 input hash
 * decides what is recalculated), at a fraction of the cost of five more SHA-256 per district.
 */
export const FINGERPRINT_LENGTH = 16;
const fingerprint = (text: string) => `lpad(to_hex(hashtextextended(${text}, 0)), ${FINGERPRINT_LENGTH}, '0')`;

/** The temporary table of districts to stage when not all of them: `district_id` per row. */
export const CANDIDATES_TABLE = 'calc_candidates';

/**
 * $1 = year, $2 = minutes policy. Each district's enrollment and staffing rows are pivoted into one
 * column per grade and category (the primary keys allow one row each), and hashed from there: the input
 * hash is the SHA-256 of every input's values, the rules version, the policy and the district id.
 */
export function districtInputsSql(policy: MinutesPolicy, options: { onlyCandidates?: boolean } = {}): string {
  const grades = GRADE_CODES.map((g) => g.code);
  const categories = STAFF_CATEGORIES.map((c) => c.category);
  const total = (names: readonly string[], table: string) =>
    names.map((n) => `coalesce(${table}.${pivot(n)}, 0)`).join(' + ');
  const candidates = (column: string) =>
    options.onlyCandidates ? ` AND ${column} IN (SELECT district_id FROM ${CANDIDATES_TABLE})` : '';
  const bellLevels = SCHOOL_LEVELS.map(
    (l) => `min(instructional_minutes) FILTER (WHERE grade_level = ${sqlLiteral(l)}) AS ${sqlName('bell_minutes', l)},
         min(year) FILTER (WHERE grade_level = ${sqlLiteral(l)}) AS ${sqlName('bell_year', l)}`,
  );
  const requirementText = arrayText([
    `d.state::text`,
    `r.state_code::text`,
    ...SCHOOL_LEVELS.map((l) => `r.${stateRequirementColumn(l)}::text`),
  ]);
  const spedText = `CASE WHEN p.nces_id IS NULL THEN '' ELSE ${arrayText(SPED_COLUMNS.map((c) => `p.${c}::text`))} END`;
  const bellText = `CASE WHEN b.district_id IS NULL THEN '' ELSE ${arrayText(SCHOOL_LEVELS.flatMap((l) => [`b.${sqlName('bell_minutes', l)}::text`, `b.${sqlName('bell_year', l)}::text`]))} END`;
  const yearDistance = `abs(left(year, 4)::integer - left($1, 4)::integer)`;
  const minutesColumns = MINUTES_LEVELS.map((m) => (policy === 'high' ? highPolicyMinutes(m) : weightedMinutes(m)));

  return `CREATE TEMP TABLE ${DISTRICT_INPUTS_TABLE} ON COMMIT DROP AS
WITH enrollment AS (
  SELECT nces_id,
         ${grades.map((g) => `max(enrollment) FILTER (WHERE grade = ${sqlLiteral(g)}) AS ${pivot(g)}`).join(',\n         ')}
  FROM grade_level_enrollment
  WHERE year = $1${candidates('nces_id')}
  GROUP BY nces_id
), staffing AS (
  SELECT nces_id,
         ${categories.map((c) => `max(fte_count) FILTER (WHERE category = ${sqlLiteral(c)}) AS ${pivot(c)}`).join(',\n         ')}
  FROM grade_level_staffing
  WHERE year = $1${candidates('nces_id')}
  GROUP BY nces_id
), latest_schedules AS (
  -- Per district and level, the year nearest the calculated one outside the COVID years, at most
  -- ${BELL_SCHEDULE_YEAR_WINDOW} years away; the later one when two are as near.
  SELECT DISTINCT ON (district_id, grade_level) district_id, grade_level, instructional_minutes, year
  FROM bell_schedules
  WHERE year NOT IN (${sqlList(COVID_YEARS)}) AND ${yearDistance} <= ${BELL_SCHEDULE_YEAR_WINDOW}${candidates('district_id')}
  ORDER BY district_id, grade_level, ${yearDistance}, year DESC
), schedules AS (
  SELECT district_id,
         ${bellLevels.join(',\n         ')}
  FROM latest_schedules
  GROUP BY district_id
), inputs AS MATERIALIZED (
  -- Materialized: the expressions below are used several times by the minutes columns.
  SELECT d.nces_id AS district_id, d.state,
         CASE WHEN ${K12_GRADES.map((g) => `e.${pivot(g)} IS NOT NULL`).join(' OR ')} THEN $1 END AS enrollment_year,
         CASE WHEN ${categories.map((c) => `s.${pivot(c)} IS NOT NULL`).join(' OR ')} THEN $1 END AS staff_year,
         CASE WHEN p.nces_id IS NOT NULL THEN $1 END AS sped_year,
         ${SCHOOL_LEVELS.map((l) => `${total(LEVEL_GRADES[l], 'e')} AS ${sqlName('level_enrollment', l)}`).join(',\n         ')},
         ${ENROLLMENT_TYPES.map(([type, typeGrades]) => `${total(typeGrades, 'e')} AS ${enrollmentColumn(type)}`).join(',\n         ')},
         ${STAFF_SCOPES.map((sc) => `${total(sc.staff_categories, 's')} AS ${staffColumn(sc.scope)}`).join(',\n         ')},
         ${SPED_COLUMNS.map((c) => `coalesce(p.${c}, 0) AS ${spedColumn(c)}`).join(',\n         ')},
         ${SCHOOL_LEVELS.map(perLevelMinutes).join(',\n         ')},
         CASE WHEN e.nces_id IS NULL THEN '' ELSE ${arrayText(grades.map((g) => `e.${pivot(g)}`))} END AS enrollment_text,
         CASE WHEN s.nces_id IS NULL THEN '' ELSE ${arrayText(categories.map((c) => `s.${pivot(c)}`))} END AS staffing_text,
         ${bellText} AS bell_schedule_text,
         ${requirementText} AS state_requirement_text,
         ${spedText} AS sped_text
  FROM districts d
  LEFT JOIN enrollment e ON e.nces_id = d.nces_id
  LEFT JOIN staffing s ON s.nces_id = d.nces_id
  LEFT JOIN schedules b ON b.district_id = d.nces_id
  LEFT JOIN state_requirements r ON r.state_code = d.state
  LEFT JOIN sped_estimates p ON p.nces_id = d.nces_id AND p.year = $1
  ${options.onlyCandidates ? `WHERE d.nces_id IN (SELECT district_id FROM ${CANDIDATES_TABLE})` : ''}
)
SELECT i.*,
      ${minutesColumns.join(',\n      ')},
      ${INPUT_KINDS.map((k) => `${fingerprint(`i.${k}_text`)} AS ${k}_fingerprint`).join(',\n      ')},
      encode(sha256(convert_to(concat_ws('|', ${CALCULATION_RULES_VERSION}, $2::text, i.district_id, ${INPUT_KINDS.map((k) => `i.${k}_text`).join(', ')}), 'UTF8')), 'hex')
        AS input_hash
FROM inputs i`;
}

export async function stageDistrictInputs(
  tx: Queryable,
  options: { year: string; policy: MinutesPolicy; onlyCandidates?: boolean },
): Promise<number> {
  await tx.query(`DROP TABLE IF EXISTS ${DISTRICT_INPUTS_TABLE}`);
  const result = await tx.query(districtInputsSql(options.policy, options), [options.year, options.policy]);
  return result.rowCount;
}
