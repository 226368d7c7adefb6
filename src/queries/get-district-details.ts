/** What `lct district <id>` shows: the district, its bell schedules and its current LCT per year and scope. */
import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import type { District } from './get-district-by-id.js';
import { requireDistrictId } from './arguments.js';
import { SCHOOL_LEVELS } from '../domain/bell-schedules.js';
import { sqlIsoTimestamp } from '../calculate/sql-text.js';

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

const DISTRICT_FIELDS = [
  'nces_id',
  'name',
  'state',
  'enrollment',
  'schools',
  'locale_code',
  'metadata',
  'created_at',
  'updated_at',
] as const;
const DISTRICT_TIMES = new Set<string>(['created_at', 'updated_at']);

export const DISTRICT_COLUMNS = DISTRICT_FIELDS.map((field) => `d.${field}`).join(', ');

/** The same columns as one JSON object built by PostgreSQL, its times as the API writes them. */
export const DISTRICT_JSON = `json_build_object(${DISTRICT_FIELDS.map(
  (field) => `'${field}', ${DISTRICT_TIMES.has(field) ? sqlIsoTimestamp(`d.${field}`) : `d.${field}`}`,
).join(', ')})`;

/**
 * For a query over `districts d`: its bell schedules and current LCT rows as JSON arrays, newest year first.
 * `levels` is the parameter holding SCHOOL_LEVELS (their order).
 */
export function districtScheduleAndLct(levels: string): { bell_schedules: string; lct: string } {
  return {
    bell_schedules: `coalesce((SELECT json_agg(json_build_object(
              'year', b.year, 'grade_level', b.grade_level, 'instructional_minutes', b.instructional_minutes,
              'start_time', b.start_time, 'end_time', b.end_time, 'method', b.method, 'confidence', b.confidence)
            ORDER BY b.year DESC, array_position(${levels}::text[], b.grade_level::text))
            FROM bell_schedules b WHERE b.district_id = d.nces_id), '[]')`,
    lct: `coalesce((SELECT json_agg(json_build_object(
              'year', c.year, 'scope', c.scope, 'lct_value', c.lct_value, 'valid', c.valid,
              'instructional_minutes', c.instructional_minutes, 'staff_count', c.staff_count,
              'enrollment', c.enrollment, 'qa_flags', c.qa_flags, 'run_id', c.run_id)
            ORDER BY c.year DESC, s.sort_order)
            FROM lct_current c JOIN lct_scopes s ON s.scope = c.scope WHERE c.district_id = d.nces_id), '[]')`,
  };
}

/** `districtScheduleAndLct` as select-list columns named bell_schedules and lct. */
function districtScheduleAndLctColumns(levels: string): string {
  const { bell_schedules, lct } = districtScheduleAndLct(levels);
  return `${bell_schedules} AS bell_schedules,\n  ${lct} AS lct`;
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
