/**
 * Everything about one district (what `GET /api/districts/:id` serves): getDistrictDetails (the row, bell
 * schedules, current LCT) plus enrollment by grade, staffing by category, and the latest changes to the
 * district's rows in `data_lineage`.
 */
import type { Queryable } from '../db/database.js';
import { requireDistrictId } from './arguments.js';
import { type DistrictDetails, getDistrictDetails } from './get-district-details.js';

export interface GradeEnrollment {
  year: string;
  grade: string;
  enrollment: number | null;
}

export interface CategoryStaffing {
  year: string;
  category: string;
  fte_count: number | null;
}

export interface LineageEntry {
  id: number;
  table_name: string;
  operation: 'insert' | 'update' | 'delete';
  record_id: string;
  source: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  changes: unknown;
}

export interface DistrictProfile extends DistrictDetails {
  enrollment_by_grade: GradeEnrollment[];
  staffing_by_category: CategoryStaffing[];
  lineage: LineageEntry[];
}

export const DISTRICT_LINEAGE_LIMIT = 100;

export async function getDistrictProfile(db: Queryable, id: string | number, options: { lineageLimit?: number } = {}): Promise<DistrictProfile | null> {
  const nces_id = requireDistrictId(id);
  // Lineage is found by record key (the index on table_name, record_id): the district's own row and the
  // rows it has now in the tables keyed by district.
  const [details, extra] = await Promise.all([
    getDistrictDetails(db, nces_id),
    db.query<Pick<DistrictProfile, 'enrollment_by_grade' | 'staffing_by_category' | 'lineage'>>(
      `SELECT
         coalesce((SELECT json_agg(json_build_object('year', e.year, 'grade', e.grade, 'enrollment', e.enrollment)
                                   ORDER BY e.year DESC, g.sort_order)
                   FROM grade_level_enrollment e JOIN grade_codes g ON g.code = e.grade WHERE e.nces_id = $1), '[]') AS enrollment_by_grade,
         coalesce((SELECT json_agg(json_build_object('year', s.year, 'category', s.category, 'fte_count', s.fte_count)
                                   ORDER BY s.year DESC, c.sort_order)
                   FROM grade_level_staffing s JOIN staff_categories c ON c.category = s.category WHERE s.nces_id = $1), '[]') AS staffing_by_category,
         coalesce((SELECT json_agg(json_build_object('id', l.id, 'table_name', l.table_name, 'operation', l.operation,
                                     'record_id', l.record_id, 'source', l.source,
                                     'timestamp', to_char(l."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                     'changes', l.changes) ORDER BY l."timestamp" DESC, l.id DESC)
                   FROM (SELECT * FROM data_lineage
                         WHERE (table_name, record_id) IN (
                           SELECT 'districts', $1::text
                           UNION ALL SELECT 'bell_schedules', b.id::text FROM bell_schedules b WHERE b.district_id = $1
                           UNION ALL SELECT 'grade_level_enrollment', concat_ws('/', e.nces_id, e.year, e.grade) FROM grade_level_enrollment e WHERE e.nces_id = $1
                           UNION ALL SELECT 'grade_level_staffing', concat_ws('/', s.nces_id, s.year, s.category) FROM grade_level_staffing s WHERE s.nces_id = $1
                           UNION ALL SELECT 'sped_estimates', concat_ws('/', p.nces_id, p.year) FROM sped_estimates p WHERE p.nces_id = $1)
                         ORDER BY "timestamp" DESC, id DESC
                         LIMIT $2) l), '[]') AS lineage`,
      [nces_id, options.lineageLimit ?? DISTRICT_LINEAGE_LIMIT],
    ),
  ]);
  if (!details) return null;
  const { enrollment_by_grade, staffing_by_category, lineage } = extra.rows[0]!;
  return { ...details, enrollment_by_grade, staffing_by_category, lineage };
}
