/** Small input fixtures for calculation tests, inserted with one SQL statement per table. */
import type { Queryable } from '../../src/db/database.js';

export const YEAR = '2023-24';

export interface DistrictFixture {
  id: string;
  name?: string;
  state?: string;
  year?: string;
  /** Per grade code (KG, G01, …, PK, UG); null = not reported. */
  enrollment?: Record<string, number | null>;
  /** Per staff category; null = not reported. */
  staff?: Record<string, number | null>;
}

export async function insertDistricts(db: Queryable, districts: readonly DistrictFixture[]): Promise<void> {
  await db.query(
    `INSERT INTO districts (nces_id, name, state) SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id text, name text, state text)
     ON CONFLICT (nces_id) DO NOTHING`,
    [JSON.stringify(districts.map((d) => ({ id: d.id, name: d.name ?? `District ${d.id}`, state: d.state ?? 'AL' })))],
  );
  const enrollment = districts.flatMap((d) =>
    Object.entries(d.enrollment ?? {}).map(([grade, n]) => ({ id: d.id, year: d.year ?? YEAR, grade, n })),
  );
  if (enrollment.length) {
    await db.query(
      `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id text, year text, grade text, n int)`,
      [JSON.stringify(enrollment)],
    );
  }
  const staff = districts.flatMap((d) =>
    Object.entries(d.staff ?? {}).map(([category, fte]) => ({ id: d.id, year: d.year ?? YEAR, category, fte })),
  );
  if (staff.length) {
    await db.query(
      `INSERT INTO grade_level_staffing (nces_id, year, category, fte_count) SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id text, year text, category text, fte numeric)`,
      [JSON.stringify(staff)],
    );
  }
}

export interface BellFixture {
  district_id: string;
  year: string;
  grade_level: 'elementary' | 'middle' | 'high';
  instructional_minutes: number;
  method?: string;
}

export async function insertBellSchedules(db: Queryable, rows: readonly BellFixture[]): Promise<void> {
  await db.query(
    `INSERT INTO bell_schedules (district_id, year, grade_level, instructional_minutes, method)
     SELECT district_id, year, grade_level, instructional_minutes, coalesce(method, 'human_provided')
     FROM jsonb_to_recordset($1::jsonb) AS t(district_id text, year text, grade_level text, instructional_minutes int, method text)`,
    [JSON.stringify(rows)],
  );
}

export async function insertStateRequirement(
  db: Queryable,
  state: string,
  minutes: { elementary: number | null; middle: number | null; high: number | null },
): Promise<void> {
  await db.query(
    `INSERT INTO state_requirements (state_code, state_name, elementary_minutes, middle_minutes, high_minutes) VALUES ($1, $1, $2, $3, $4)`,
    [state, minutes.elementary, minutes.middle, minutes.high],
  );
}

export interface SpedFixture {
  nces_id: string;
  year?: string;
  sped_enrollment: number;
  gened_enrollment: number;
  sped_teachers: number;
  sped_instructional: number;
  gened_teachers: number;
}

export async function insertSpedEstimates(db: Queryable, rows: readonly SpedFixture[]): Promise<void> {
  await db.query(
    `INSERT INTO sped_estimates (nces_id, year, sped_enrollment, gened_enrollment, sped_teachers, sped_instructional, gened_teachers, confidence)
     SELECT nces_id, coalesce(year, '${YEAR}'), sped_enrollment, gened_enrollment, sped_teachers, sped_instructional, gened_teachers, 'high'
     FROM jsonb_to_recordset($1::jsonb) AS t(nces_id text, year text, sped_enrollment int, gened_enrollment int, sped_teachers numeric,
       sped_instructional numeric, gened_teachers numeric)`,
    [JSON.stringify(rows)],
  );
}

export interface ResultRow {
  district_id: string;
  scope: string;
  lct_value: number | null;
  instructional_minutes: number | null;
  minutes_source: string | null;
  minutes_year: string | null;
  staff_count: number;
  staff_year: string | null;
  enrollment: number;
  enrollment_type: string;
  enrollment_year: string | null;
  valid: boolean;
  qa_flags: string[];
  calculation_notes: string | null;
  run_id: string;
}

/** A run's rows, by district and then scope. */
export async function rowsOfRun(db: Queryable, runId: string): Promise<Map<string, Map<string, ResultRow>>> {
  const result = await db.query<ResultRow>(
    `SELECT district_id, scope, lct_value, instructional_minutes, minutes_source, minutes_year, staff_count, staff_year, enrollment,
            enrollment_type, enrollment_year, valid, qa_flags, calculation_notes, run_id
     FROM lct_calculations WHERE run_id = $1`,
    [runId],
  );
  const byDistrict = new Map<string, Map<string, ResultRow>>();
  for (const row of result.rows) {
    if (!byDistrict.has(row.district_id)) byDistrict.set(row.district_id, new Map());
    byDistrict.get(row.district_id)!.set(row.scope, row);
  }
  return byDistrict;
}
