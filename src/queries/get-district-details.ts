/** What `lct district <id>` shows: the district, its bell schedules and its current LCT per year and scope. */
import type { Queryable } from '../db/database.js';
import { getDistrictById, type District } from './get-district-by-id.js';
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

export async function getDistrictDetails(db: Queryable, id: string | number): Promise<DistrictDetails | null> {
  const district = await getDistrictById(db, id);
  if (!district) return null;
  const schedules = await db.query<DistrictBellSchedule>(
    `SELECT year, grade_level, instructional_minutes, start_time, end_time, method, confidence
     FROM bell_schedules WHERE district_id = $1
     ORDER BY year DESC, array_position($2::text[], grade_level::text)`,
    [district.nces_id, SCHOOL_LEVELS],
  );
  const lct = await db.query<DistrictLct>(
    `SELECT c.year, c.scope, c.lct_value, c.valid, c.instructional_minutes, c.staff_count, c.enrollment, c.qa_flags, c.run_id
     FROM lct_current c JOIN lct_scopes s ON s.scope = c.scope
     WHERE c.district_id = $1
     ORDER BY c.year DESC, s.sort_order`,
    [district.nces_id],
  );
  return { district, bell_schedules: schedules.rows, lct: lct.rows };
}
