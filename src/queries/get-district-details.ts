/** What `lct district <id>` shows: the district, its bell schedules and its current LCT per year and scope. */
import type { Queryable } from '../db/database.js';
import type { District } from './get-district-by-id.js';
import { requireDistrictId } from './arguments.js';
import { SCHOOL_LEVELS } from '../domain/bell-schedules.js';

export interface DistrictBellSchedule {
  year: string;
  grade_level: string;
  instructional_minutes: number;
  start_time: string | null;
  end_time: string | null;
  method: string;
  confidence: string;
}

export interface DistrictLct {
  year: string;
  scope: string;
  lct_value: number | null;
  valid: boolean;
  instructional_minutes: number | null;
  staff_count: number | null;
  enrollment: number | null;
  qa_flags: string[];
  run_id: string;
}

export interface DistrictDetails {
  district: District;
  bell_schedules: DistrictBellSchedule[];
  lct: DistrictLct[];
}

export const DISTRICT_COLUMNS =
  'd.nces_id, d.name, d.state, d.enrollment, d.schools, d.locale_code, d.metadata, d.created_at, d.updated_at';

/**
 * For a query over `districts d`: its bell schedules (`bell_schedules`) and current LCT rows (`lct`) as
 * JSON arrays, newest year first. `levels` is the parameter holding SCHOOL_LEVELS (their order).
 */
export function districtScheduleAndLctColumns(levels: string): string {
  return `coalesce((SELECT json_agg(json_build_object(
              'year', b.year, 'grade_level', b.grade_level, 'instructional_minutes', b.instructional_minutes,
              'start_time', b.start_time, 'end_time', b.end_time, 'method', b.method, 'confidence', b.confidence)
            ORDER BY b.year DESC, array_position(${levels}::text[], b.grade_level::text))
            FROM bell_schedules b WHERE b.district_id = d.nces_id), '[]') AS bell_schedules,
  coalesce((SELECT json_agg(json_build_object(
              'year', c.year, 'scope', c.scope, 'lct_value', c.lct_value, 'valid', c.valid,
              'instructional_minutes', c.instructional_minutes, 'staff_count', c.staff_count,
              'enrollment', c.enrollment, 'qa_flags', c.qa_flags, 'run_id', c.run_id)
            ORDER BY c.year DESC, s.sort_order)
            FROM lct_current c JOIN lct_scopes s ON s.scope = c.scope WHERE c.district_id = d.nces_id), '[]') AS lct`;
}

export async function getDistrictDetails(db: Queryable, id: string | number): Promise<DistrictDetails | null> {
  // One round trip: the district with its schedules and current LCT rows as JSON arrays.
  const result = await db.query<District & { bell_schedules: DistrictBellSchedule[]; lct: DistrictLct[] }>(
    `SELECT ${DISTRICT_COLUMNS},
            ${districtScheduleAndLctColumns('$2')}
     FROM districts d WHERE d.nces_id = $1`,
    [requireDistrictId(id), SCHOOL_LEVELS],
  );
  const row = result.rows[0];
  if (!row) return null;
  const { bell_schedules, lct, ...district } = row;
  return { district, bell_schedules, lct };
}
