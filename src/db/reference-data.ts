/**
 * Mirrors the domain modules into the reference tables (grade_codes, staff_categories, lct_scopes,
 * qa_flag_definitions), so views, foreign keys and SQL users see exactly the rules the code uses.
 */
import type { Queryable } from './database.js';
import { GRADE_CODES } from '../domain/grades.js';
import { STAFF_CATEGORIES } from '../domain/staff.js';
import { SPED_SCOPES, STAFF_SCOPES } from '../domain/scopes.js';
import { QA_FLAGS } from '../domain/flags.js';

export async function syncReferenceData(db: Queryable): Promise<void> {
  await db.query(
    `INSERT INTO grade_codes (code, nces_label, band, k12, sort_order)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(code text, nces_label text, band text, k12 boolean, sort_order int)
     ON CONFLICT (code) DO UPDATE SET nces_label = EXCLUDED.nces_label, band = EXCLUDED.band, k12 = EXCLUDED.k12, sort_order = EXCLUDED.sort_order`,
    [JSON.stringify(GRADE_CODES.map((g, i) => ({ ...g, sort_order: i })))],
  );
  await db.query(
    `INSERT INTO staff_categories (category, nces_label, teacher_level, sort_order)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(category text, nces_label text, teacher_level text, sort_order int)
     ON CONFLICT (category) DO UPDATE SET nces_label = EXCLUDED.nces_label, teacher_level = EXCLUDED.teacher_level, sort_order = EXCLUDED.sort_order`,
    [JSON.stringify(STAFF_CATEGORIES.map((c, i) => ({ ...c, sort_order: i })))],
  );
  const scopes = [
    ...STAFF_SCOPES.map((s) => ({
      scope: s.scope,
      description: s.description,
      staff_categories: s.staff_categories,
      enrollment_type: s.enrollment_type,
    })),
    ...SPED_SCOPES.map((s) => ({
      scope: s.scope,
      description: s.description,
      staff_categories: [],
      enrollment_type: s.enrollment_type,
    })),
  ];
  await db.query(
    `INSERT INTO lct_scopes (scope, description, staff_categories, enrollment_type, sort_order)
     SELECT t.scope, t.description, ARRAY(SELECT jsonb_array_elements_text(t.staff_categories)), t.enrollment_type, t.sort_order
     FROM jsonb_to_recordset($1::jsonb) AS t(scope text, description text, staff_categories jsonb, enrollment_type text, sort_order int)
     ON CONFLICT (scope) DO UPDATE SET description = EXCLUDED.description, staff_categories = EXCLUDED.staff_categories,
       enrollment_type = EXCLUDED.enrollment_type, sort_order = EXCLUDED.sort_order`,
    [JSON.stringify(scopes.map((s, i) => ({ ...s, sort_order: i })))],
  );
  await db.query(
    `INSERT INTO qa_flag_definitions (flag, severity, definition)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(flag text, severity text, definition text)
     ON CONFLICT (flag) DO UPDATE SET severity = EXCLUDED.severity, definition = EXCLUDED.definition`,
    [JSON.stringify(QA_FLAGS)],
  );
}
