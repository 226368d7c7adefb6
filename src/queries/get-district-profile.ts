/**
 * Everything about one district (what `GET /api/districts/:id` serves): what getDistrictDetails gives (the
 * row, bell schedules, current LCT, in the same shapes) plus enrollment by grade, staffing by category, and
 * the latest changes to the district's rows in `data_lineage`. One named statement: on a server each
 * connection plans it once (planning cost more than running it).
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import { SCHOOL_LEVELS } from '../domain/bell-schedules.js';
import { requireDistrictId } from './arguments.js';
import {
  DISTRICT_COLUMNS,
  DISTRICT_JSON,
  districtScheduleAndLct,
  type DistrictDetails,
} from './get-district-details.js';
import { sqlIsoTimestamp } from '../calculate/sql-text.js';

export const gradeEnrollment = rowSchema('grade_level_enrollment').pick({ year: true, grade: true, enrollment: true });
export type GradeEnrollment = z.output<typeof gradeEnrollment>;

export const categoryStaffing = rowSchema('grade_level_staffing').pick({ year: true, category: true, fte_count: true });
export type CategoryStaffing = z.output<typeof categoryStaffing>;

const lineage = rowSchema('data_lineage').shape;
/** A `data_lineage` row, its time as ISO 8601 text in UTC (it is built inside the statement's JSON). */
export const lineageEntry = z.object({
  id: lineage.id,
  table_name: lineage.table_name,
  operation: lineage.operation,
  record_id: lineage.record_id,
  source: lineage.source,
  timestamp: z.iso.datetime().describe('When, ISO 8601 in UTC'),
  changes: lineage.changes,
});
export type LineageEntry = z.output<typeof lineageEntry>;

export interface DistrictProfile extends DistrictDetails {
  enrollment_by_grade: GradeEnrollment[];
  staffing_by_category: CategoryStaffing[];
  lineage: LineageEntry[];
}

export const DISTRICT_LINEAGE_LIMIT = 100;

const { bell_schedules, lct } = districtScheduleAndLct('$3');

/** The parts of a profile besides the district's columns: JSON expressions over `districts d`, in answer order. */
const PARTS: Record<string, string> = {
  enrollment_by_grade: `coalesce((SELECT json_agg(json_build_object('year', e.year, 'grade', e.grade, 'enrollment', e.enrollment) ORDER BY e.year DESC, g.sort_order)
            FROM grade_level_enrollment e JOIN grade_codes g ON g.code = e.grade WHERE e.nces_id = d.nces_id), '[]')`,
  staffing_by_category: `coalesce((SELECT json_agg(json_build_object('year', f.year, 'category', f.category, 'fte_count', f.fte_count) ORDER BY f.year DESC, sc.sort_order)
            FROM grade_level_staffing f JOIN staff_categories sc ON sc.category = f.category WHERE f.nces_id = d.nces_id), '[]')`,
  bell_schedules,
  lct,
  // Lineage is looked up by record key, one index probe per key (LATERAL … LIMIT keeps it a nested loop):
  // the district's own row and the rows it has now in the tables keyed by district.
  lineage: `coalesce((SELECT json_agg(json_build_object('id', l.id, 'table_name', l.table_name, 'operation', l.operation,
              'record_id', l.record_id, 'source', l.source, 'timestamp', ${sqlIsoTimestamp('l."timestamp"')},
              'changes', l.changes) ORDER BY l."timestamp" DESC, l.id DESC)
            FROM (SELECT x.* FROM (
                    SELECT 'districts'::text AS t, d.nces_id::text AS r
                    UNION ALL SELECT 'bell_schedules', b.id::text FROM bell_schedules b WHERE b.district_id = d.nces_id
                    UNION ALL SELECT 'grade_level_enrollment', concat_ws('/', e.nces_id, e.year, e.grade) FROM grade_level_enrollment e WHERE e.nces_id = d.nces_id
                    UNION ALL SELECT 'grade_level_staffing', concat_ws('/', f.nces_id, f.year, f.category) FROM grade_level_staffing f WHERE f.nces_id = d.nces_id
                    UNION ALL SELECT 'sped_estimates', concat_ws('/', p.nces_id, p.year) FROM sped_estimates p WHERE p.nces_id = d.nces_id
                  ) k
                  CROSS JOIN LATERAL (
                    SELECT * FROM data_lineage x WHERE x.table_name = k.t AND x.record_id = k.r
                    ORDER BY x."timestamp" DESC, x.id DESC LIMIT $2
                  ) x
                  ORDER BY x."timestamp" DESC, x.id DESC
                  LIMIT $2) l), '[]')`,
};

/** The profile as columns: the district's, then each part. */
const PROFILE_SQL = `SELECT ${DISTRICT_COLUMNS},
  ${Object.entries(PARTS)
    .map(([name, expression]) => `${expression} AS ${name}`)
    .join(',\n  ')}
FROM districts d WHERE d.nces_id = $1`;

/**
 * The profile as the API answers it, one JSON text made by PostgreSQL: the server sends it as it comes
 * instead of parsing the parts and writing them out again (about a third of its JavaScript time per request).
 */
const PROFILE_JSON_SQL = `SELECT json_build_object('district', ${DISTRICT_JSON},
  ${Object.entries(PARTS)
    .map(([name, expression]) => `'${name}', ${expression}`)
    .join(',\n  ')})::text AS profile
FROM districts d WHERE d.nces_id = $1`;

type ProfileRow = DistrictProfile['district'] & Omit<DistrictProfile, 'district'>;

const profileValues = (id: string | number, lineageLimit: number): unknown[] => [
  requireDistrictId(id),
  lineageLimit,
  SCHOOL_LEVELS,
];

/**
 * The statement of `GET /api/districts/:id` and its parameters, as sent (the profile as JSON text): the API
 * benchmark's bare `pg` baseline sends exactly this.
 */
export function districtProfileStatement(id: string | number, lineageLimit = DISTRICT_LINEAGE_LIMIT) {
  return { name: 'lct_district_profile_json', text: PROFILE_JSON_SQL, values: profileValues(id, lineageLimit) };
}

/** The profile as JSON text, `{ district, enrollment_by_grade, staffing_by_category, bell_schedules, lct, lineage }`. */
export async function getDistrictProfileJson(
  db: Queryable,
  id: string | number,
  options: { lineageLimit?: number } = {},
): Promise<string | null> {
  const statement = districtProfileStatement(id, options.lineageLimit);
  const result = await db.query<{ profile: string }>(statement.text, statement.values, { name: statement.name });
  return result.rows[0]?.profile ?? null;
}

export async function getDistrictProfile(
  db: Queryable,
  id: string | number,
  options: { lineageLimit?: number } = {},
): Promise<DistrictProfile | null> {
  const values = profileValues(id, options.lineageLimit ?? DISTRICT_LINEAGE_LIMIT);
  const result = await db.query<ProfileRow>(PROFILE_SQL, values, { name: 'lct_district_profile' });
  const row = result.rows[0];
  if (!row) return null;
  const { bell_schedules, lct, enrollment_by_grade, staffing_by_category, lineage, ...district } = row;
  return { district, bell_schedules, lct, enrollment_by_grade, staffing_by_category, lineage };
}
