/**
 * The benchmark's baseline: one bare INSERT … SELECT computing the seven staff scopes for every district
 * of a year with the same rules as the engine (K-12, K-5 and 6-12 enrollment, staff per scope, minutes
 * per level from the latest non-COVID bell schedule, else the state requirement, else the default,
 * weighted by level enrollment, LCT rounded half-to-even) into a scratch copy of `lct_calculations`
 * (same columns, defaults and indexes): no flags, notes, hashes, runs, outputs or views. Written by hand
 * as lean as one statement allows (one pass per input table, each value computed once), not generated
 * by the engine, so the bench can also check that both give the same values.
 */
import type { Queryable } from '../src/db/database.js';
import { SCHOOL_LEVELS } from '../src/domain/bell-schedules.js';
import { K12_GRADES } from '../src/domain/grades.js';
import { DEFAULT_MINUTES, LEVEL_GRADES, MINUTES_LEVEL_LEVELS } from '../src/domain/minutes.js';
import { STAFF_SCOPES } from '../src/domain/scopes.js';
import { COVID_YEARS } from '../src/domain/years.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const column = (name: string) => `x_${name.toLowerCase()}`;
const sum = (names: readonly string[], table: string) =>
  names.map((n) => `coalesce(${table}.${column(n)}, 0)`).join(' + ');

export const BARE_TABLE = 'bench_bare_lct';

export function bareCalculationSql(): string {
  const types = [...new Map(STAFF_SCOPES.map((s) => [s.enrollment_type, s.enrollment_grades])).entries()];
  const categories = [...new Set(STAFF_SCOPES.flatMap((s) => s.staff_categories))];
  const minutes = (level: string) => `coalesce(b.m_${level}, nullif(r.${level}_minutes, 0), ${DEFAULT_MINUTES})`;
  const minutesColumns = Object.entries(MINUTES_LEVEL_LEVELS).map(([name, levels]) => {
    const total = levels.map((l) => `(${sum(LEVEL_GRADES[l], 'e')})`).join(' + ');
    return `CASE WHEN ${total} > 0 THEN ${levels.map((l) => `(${sum(LEVEL_GRADES[l], 'e')})::bigint * ${minutes(l)}`).join(' + ')} ELSE ${levels.map(minutes).join(' + ')} END AS ${name}_num,
            CASE WHEN ${total} > 0 THEN ${total} ELSE ${levels.length} END AS ${name}_den`;
  });
  const branches = STAFF_SCOPES.map(
    (
      s,
    ) => `SELECT district_id, '${s.scope}' AS scope, s_${s.scope} AS staff, e_${s.enrollment_type}::bigint AS enrollment, ${s.minutes_level}_num::numeric AS m_num, ${s.minutes_level}_den::numeric AS m_den
      FROM d WHERE s_${s.scope} > 0 AND e_${s.enrollment_type} > 0`,
  );
  return `INSERT INTO ${BARE_TABLE} (district_id, year, scope, instructional_minutes, staff_count, enrollment, lct_value, valid, run_id)
WITH d AS MATERIALIZED (
  SELECT dd.nces_id AS district_id,
         ${types.map(([type, grades]) => `${sum(grades, 'e')} AS e_${type}`).join(', ')},
         ${STAFF_SCOPES.map((s) => `${sum(s.staff_categories, 's')} AS s_${s.scope}`).join(', ')},
         ${minutesColumns.join(', ')}
  FROM districts dd
  JOIN (SELECT nces_id, ${K12_GRADES.map((g) => `max(enrollment) FILTER (WHERE grade = '${g}') AS ${column(g)}`).join(', ')}
        FROM grade_level_enrollment WHERE year = $1 GROUP BY nces_id) e ON e.nces_id = dd.nces_id
  JOIN (SELECT nces_id, ${categories.map((c) => `max(fte_count) FILTER (WHERE category = '${c}') AS ${column(c)}`).join(', ')}
        FROM grade_level_staffing WHERE year = $1 GROUP BY nces_id) s ON s.nces_id = dd.nces_id
  LEFT JOIN state_requirements r ON r.state_code = dd.state
  LEFT JOIN (SELECT district_id, ${SCHOOL_LEVELS.map((l) => `max(instructional_minutes) FILTER (WHERE grade_level = '${l}') AS m_${l}`).join(', ')}
             FROM (SELECT DISTINCT ON (district_id, grade_level) district_id, grade_level, instructional_minutes FROM bell_schedules
                   WHERE year NOT IN (${list(COVID_YEARS)}) ORDER BY district_id, grade_level, year DESC) latest
             GROUP BY district_id) b ON b.district_id = dd.nces_id
)
SELECT district_id, $1, scope, round_half_even(minutes, 2), staff, enrollment, round_half_even(ratio, 2), true, 'bare'
FROM (
  SELECT district_id, scope, staff, enrollment, m_num / m_den AS minutes, m_num * staff / (m_den * enrollment) AS ratio
  FROM (
    ${branches.join('\n    UNION ALL\n    ')}
  ) u
  OFFSET 0
) v`;
}

/** A fresh scratch copy of lct_calculations: the same columns, defaults and indexes, no rows. */
export async function createBareTable(db: Queryable): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${BARE_TABLE}`);
  await db.query(
    `CREATE TABLE ${BARE_TABLE} (LIKE lct_calculations INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
  );
}

export async function runBareCalculation(db: Queryable, year: string): Promise<number> {
  return (await db.query(bareCalculationSql(), [year])).rowCount;
}
