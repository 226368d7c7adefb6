/**
 * `lct export json`: bell schedules in the original project's JSON shape, which `lct import bell-schedules`
 * reads back: an object keyed by 7-digit district id; per district its id, name, state and `year`, and
 * per level (`elementary`, `middle`, `high`, only those it has) instructional_minutes, start_time,
 * end_time, lunch_duration, passing_periods, schools_sampled, source_urls, confidence, method, source, notes.
 * One year per district: the year asked for, or else each district's latest year.
 */
import type { Queryable } from '../db/database.js';
import { SCHOOL_LEVELS, type SchoolLevel } from '../domain/bell-schedules.js';
import { requireSchoolYear } from '../queries/arguments.js';

export interface BellScheduleLevelJson {
  instructional_minutes: number;
  start_time: string | null;
  end_time: string | null;
  lunch_duration: number | null;
  passing_periods: number | null;
  schools_sampled: string[];
  source_urls: string[];
  confidence: string;
  method: string;
  source: string | null;
  notes: string | null;
}

export type DistrictBellSchedulesJson = {
  district_id: string;
  district_name: string;
  state: string;
  year: string;
} & Partial<Record<SchoolLevel, BellScheduleLevelJson>>;

export type BellSchedulesJson = Record<string, DistrictBellSchedulesJson>;

interface Row extends BellScheduleLevelJson {
  district_id: string;
  district_name: string;
  state: string;
  year: string;
  grade_level: SchoolLevel;
}

export async function exportBellSchedulesJson(
  db: Queryable,
  options: { year?: string } = {},
): Promise<BellSchedulesJson> {
  const year = options.year === undefined ? null : requireSchoolYear(options.year);
  const result = await db.query<Row>(
    `SELECT b.district_id, d.name AS district_name, d.state, b.year, b.grade_level,
            b.instructional_minutes, b.start_time, b.end_time, b.lunch_duration, b.passing_periods,
            b.schools_sampled, b.source_urls, b.confidence, b.method, b.source, b.notes
     FROM bell_schedules b
     JOIN districts d ON d.nces_id = b.district_id
     WHERE CASE WHEN $1::text IS NULL
                THEN b.year = (SELECT max(latest.year) FROM bell_schedules latest WHERE latest.district_id = b.district_id)
                ELSE b.year = $1 END
     ORDER BY b.district_id, array_position($2::text[], b.grade_level::text)`,
    [year, SCHOOL_LEVELS],
  );
  const out: BellSchedulesJson = {};
  for (const r of result.rows) {
    const district = (out[r.district_id] ??= {
      district_id: r.district_id,
      district_name: r.district_name,
      state: r.state,
      year: r.year,
    });
    district[r.grade_level] = {
      instructional_minutes: r.instructional_minutes,
      start_time: r.start_time,
      end_time: r.end_time,
      lunch_duration: r.lunch_duration,
      passing_periods: r.passing_periods,
      schools_sampled: r.schools_sampled,
      source_urls: r.source_urls,
      confidence: r.confidence,
      method: r.method,
      source: r.source,
      notes: r.notes,
    };
  }
  return out;
}

/**
 * The JSON text, districts in id order. (JavaScript objects list keys that look like integers, such as
 * 5500001, before others such as 0100001, so the text is written district by district.)
 */
export function formatBellSchedulesJson(schedules: BellSchedulesJson): string {
  const ids = Object.keys(schedules).sort();
  if (ids.length === 0) return '{}\n';
  const indent = (text: string) => text.replace(/\n/g, '\n  ');
  return `{\n${ids.map((id) => `  ${JSON.stringify(id)}: ${indent(JSON.stringify(schedules[id], null, 2))}`).join(',\n')}\n}\n`;
}
