/**
 * A realistic national year for benchmarks, built deterministically from the real 2023-24 district list
 * (data/real): every district's enrollment spread over grades (some elementary-only and
 * high-only districts, Pre-K and ungraded students, a few unreported grades), its teachers spread over
 * the teacher categories by level and the other staff categories as typical shares of them (a few
 * districts report teachers only), the 50 states' statutory minutes and the real bell schedules.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import YAML from 'yaml';
import type { Database, Queryable } from '../src/db/database.js';
import { GRADE_CODES } from '../src/domain/grades.js';
import { STAFF_CATEGORIES } from '../src/domain/staff.js';
import { validateBellSchedule } from '../src/domain/bell-schedules.js';
import { REAL_DATA } from './lib.js';

export const NATIONAL_YEAR = '2023-24';

/** Typical FTE per teacher of each non-teacher category (teachers_total is the teachers themselves). */
const STAFF_PER_TEACHER: Readonly<Record<string, number>> = {
  prek_teachers: 0.03,
  instructional_coordinators: 0.02,
  paraprofessionals: 0.35,
  counselors: 0.04,
  psychologists: 0.01,
  student_support_services: 0.05,
  librarians: 0.01,
  library_support: 0.01,
  lea_administrators: 0.01,
  school_administrators: 0.04,
  lea_admin_support: 0.03,
  school_admin_support: 0.05,
  other_staff: 0.15,
};

export interface NationalYearCounts {
  districts: number;
  enrollment_rows: number;
  staffing_rows: number;
  bell_schedules: number;
  state_requirements: number;
}

async function loadDistricts(tx: Queryable): Promise<void> {
  await tx.query(`CREATE TEMP TABLE real_districts (district_id text, district_name text, state text, enrollment text,
    instructional_staff text, year text, data_source text) ON COMMIT DROP`);
  await tx.copyFrom('COPY real_districts FROM STDIN WITH (FORMAT csv, HEADER true)', [
    fs.readFileSync(path.join(REAL_DATA, 'districts_2023_24_nces.csv')),
  ]);
  await tx.query(`INSERT INTO districts (nces_id, name, state, enrollment)
    SELECT lpad(district_id, 7, '0'), district_name, state, round(nullif(enrollment, '')::numeric)::integer FROM real_districts`);
}

/** Grade weights vary by district (h = a stable hash of its id); 8% are K-8, 3% are 9-12. */
async function spreadEnrollment(tx: Queryable, year: string): Promise<void> {
  const grades = GRADE_CODES.filter((g) => g.k12 && g.band !== 'ungraded')
    .map((g, i) => `('${g.code}', ${i}, '${g.band}')`)
    .join(', ');
  await tx.query(
    `WITH d AS (
       SELECT lpad(district_id, 7, '0') AS nces_id, round(nullif(enrollment, '')::numeric)::bigint AS total,
              abs(hashtext(district_id)) % 1000 AS h
       FROM real_districts WHERE nullif(enrollment, '')::numeric > 0
     ), grades(code, i, band) AS (VALUES ${grades}),
     offered AS (
       SELECT d.nces_id, d.total, d.h, g.code, 90 + (d.h * (g.i + 7)) % 21 AS weight
       FROM d JOIN grades g ON CASE WHEN d.h % 100 < 8 THEN g.band IN ('elementary', 'middle')
                                    WHEN d.h % 100 < 11 THEN g.band = 'high' ELSE true END
     ), k12 AS (
       SELECT nces_id, code,
              -- A few districts leave their last grade unreported (NULL, not 0).
              CASE WHEN h % 53 = 0 AND code = 'G12' THEN NULL
                   ELSE (total * 0.98 * weight / sum(weight) OVER (PARTITION BY nces_id))::integer END AS enrollment
       FROM offered
     )
     INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment)
     SELECT nces_id, $1, code, enrollment FROM k12
     UNION ALL SELECT nces_id, $1, 'PK', (total * 0.03)::integer FROM d
     UNION ALL SELECT nces_id, $1, 'UG', (total * 0.02)::integer FROM d WHERE h % 17 = 0`,
    [year],
  );
}

/** Teachers split by level by K-5 and 6-12 enrollment; 1 district in 41 reports teachers only. */
async function spreadStaff(tx: Queryable, year: string): Promise<void> {
  const ratios = Object.entries(STAFF_PER_TEACHER)
    .map(([category, ratio]) => `('${category}', ${ratio})`)
    .join(', ');
  const elementary = GRADE_CODES.filter((g) => g.band === 'elementary')
    .map((g) => `'${g.code}'`)
    .join(', ');
  const secondary = GRADE_CODES.filter((g) => g.band === 'middle' || g.band === 'high')
    .map((g) => `'${g.code}'`)
    .join(', ');
  await tx.query(
    `WITH d AS (
       SELECT lpad(district_id, 7, '0') AS nces_id, nullif(instructional_staff, '')::numeric AS teachers,
              abs(hashtext(district_id)) % 1000 AS h
       FROM real_districts WHERE nullif(instructional_staff, '')::numeric > 0
     ), share AS (
       -- Elementary classes are smaller: 15% more teachers per student than secondary ones.
       SELECT nces_id, coalesce(1.15 * sum(enrollment) FILTER (WHERE grade IN (${elementary}))
                 / nullif(1.15 * sum(enrollment) FILTER (WHERE grade IN (${elementary}))
                          + sum(enrollment) FILTER (WHERE grade IN (${secondary})), 0), 0.5) AS elementary
       FROM grade_level_enrollment WHERE year = $1 GROUP BY nces_id
     ), ratios(category, ratio) AS (VALUES ${ratios}),
     rows AS (
       SELECT d.nces_id, 'elementary_teachers' AS category, d.teachers * coalesce(s.elementary, 0.5) * 0.88 AS fte FROM d LEFT JOIN share s USING (nces_id)
       UNION ALL SELECT d.nces_id, 'kindergarten_teachers', d.teachers * coalesce(s.elementary, 0.5) * 0.12 FROM d LEFT JOIN share s USING (nces_id)
       UNION ALL SELECT d.nces_id, 'secondary_teachers', d.teachers * (1 - coalesce(s.elementary, 0.5)) FROM d LEFT JOIN share s USING (nces_id)
       UNION ALL SELECT d.nces_id, 'ungraded_teachers', CASE WHEN d.h % 13 = 0 THEN d.teachers * 0.02 ELSE 0 END FROM d
       UNION ALL SELECT d.nces_id, 'teachers_total', d.teachers FROM d
       UNION ALL SELECT d.nces_id, r.category, CASE WHEN d.h % 41 = 0 THEN 0 ELSE d.teachers * r.ratio END FROM d CROSS JOIN ratios r
     )
     INSERT INTO grade_level_staffing (nces_id, year, category, fte_count)
     SELECT nces_id, $1, category, round(fte, 2) FROM rows`,
    [year],
  );
}

async function loadStateRequirements(tx: Queryable): Promise<void> {
  const yaml = YAML.parse(fs.readFileSync(path.join(REAL_DATA, 'state-requirements.yaml'), 'utf8')) as {
    states: Record<
      string,
      {
        code: string;
        elementary?: number;
        middle_school?: number;
        high_school?: number;
        notes?: string;
        source_url?: string;
      }
    >;
  };
  const rows = Object.entries(yaml.states).map(([name, s]) => ({
    state_code: s.code,
    state_name: name.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
    elementary_minutes: s.elementary ?? null,
    middle_minutes: s.middle_school ?? null,
    high_minutes: s.high_school ?? null,
    notes: s.notes ?? null,
    source_url: s.source_url ?? null,
  }));
  await tx.query(
    `INSERT INTO state_requirements (state_code, state_name, elementary_minutes, middle_minutes, high_minutes, notes, source_url)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(state_code text, state_name text, elementary_minutes int, middle_minutes int,
       high_minutes int, notes text, source_url text)`,
    [JSON.stringify(rows)],
  );
}

async function loadBellSchedules(tx: Queryable): Promise<void> {
  const records = Papa.parse<Record<string, string>>(
    fs.readFileSync(path.join(REAL_DATA, 'bell_schedules_2024_25.csv'), 'utf8'),
    { header: true, skipEmptyLines: true },
  ).data;
  const valid = records.map((r) => validateBellSchedule(r)).flatMap((v) => (v.ok ? [v.value] : []));
  await tx.query(
    `INSERT INTO bell_schedules (district_id, year, grade_level, instructional_minutes, method, confidence, notes)
     SELECT t.district_id, t.year, t.grade_level, t.instructional_minutes, t.method, t.confidence, t.notes
     FROM jsonb_to_recordset($1::jsonb) AS t(district_id text, year text, grade_level text, instructional_minutes int, method text, confidence text, notes text)
     WHERE EXISTS (SELECT 1 FROM districts d WHERE d.nces_id = t.district_id)
     ON CONFLICT (district_id, year, grade_level) DO NOTHING`,
    [JSON.stringify(valid)],
  );
}

export async function loadNationalYear(db: Database, year: string = NATIONAL_YEAR): Promise<NationalYearCounts> {
  await db.transaction(
    async (tx) => {
      await loadDistricts(tx);
      await spreadEnrollment(tx, year);
      await spreadStaff(tx, year);
      await loadStateRequirements(tx);
      await loadBellSchedules(tx);
    },
    { source: 'bench:national-year' },
  );
  await db.query('ANALYZE');
  const count = async (table: string) =>
    Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);
  // Every category the generator writes is a real one.
  const categories = new Set(STAFF_CATEGORIES.map((c) => c.category));
  for (const category of Object.keys(STAFF_PER_TEACHER))
    if (!categories.has(category)) throw new Error(`unknown staff category ${category}`);
  return {
    districts: await count('districts'),
    enrollment_rows: await count('grade_level_enrollment'),
    staffing_rows: await count('grade_level_staffing'),
    bell_schedules: await count('bell_schedules'),
    state_requirements: await count('state_requirements'),
  };
}
