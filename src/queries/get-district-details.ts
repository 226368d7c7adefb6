/** What `lct district <id>` shows: the district, its bell schedules and its current LCT per year and scope. */
import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import type { District } from './get-district-by-id.js';
import { requireDistrictId } from './arguments.js';
import { SCHOOL_LEVELS } from '../domain/bell-schedules.js';

/** A bell schedule as a district's page shows it. */
export const districtBellSchedule = rowSchema('bell_schedules').pick({
  year: true,
  grade_level: true,
  instructional_minutes: true,
  start_time: true,
  end_time: true,
  method: true,
  confidence: true,
});
export type DistrictBellSchedule = z.output<typeof districtBellSchedule>;

/** A current LCT result as a district's page shows it. */
export const districtLct = rowSchema('lct_current').pick({
  year: true,
  scope: true,
  lct_value: true,
  valid: true,
  instructional_minutes: true,
  staff_count: true,
  enrollment: true,
  qa_flags: true,
  run_id: true,
});
export type DistrictLct = z.output<typeof districtLct>;

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
