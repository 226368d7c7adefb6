/**
 * Staff categories of `grade_level_staffing.category` and the NCES CCD staff labels (file 059) they come
 * from. The database mirrors this table in `staff_categories` (synced on migrate).
 */
export interface StaffCategory {
  category: string;
  nces_label: string;
  /** Which teachers these are, for the per-level views and level checks. */
  teacher_level: 'elementary' | 'secondary' | 'ungraded' | 'prek' | null;
}

export const STAFF_CATEGORIES: readonly StaffCategory[] = [
  { category: 'elementary_teachers', nces_label: 'Elementary Teachers', teacher_level: 'elementary' },
  { category: 'kindergarten_teachers', nces_label: 'Kindergarten Teachers', teacher_level: 'elementary' },
  { category: 'secondary_teachers', nces_label: 'Secondary Teachers', teacher_level: 'secondary' },
  { category: 'ungraded_teachers', nces_label: 'Ungraded Teachers', teacher_level: 'ungraded' },
  { category: 'prek_teachers', nces_label: 'Pre-kindergarten Teachers', teacher_level: 'prek' },
  { category: 'teachers_total', nces_label: 'Teachers', teacher_level: null },
  {
    category: 'instructional_coordinators',
    nces_label: 'Instructional Coordinators and Supervisors to the Staff',
    teacher_level: null,
  },
  { category: 'paraprofessionals', nces_label: 'Paraprofessionals/Instructional Aides', teacher_level: null },
  { category: 'counselors', nces_label: 'Guidance Counselors', teacher_level: null },
  { category: 'psychologists', nces_label: 'School Psychologists', teacher_level: null },
  {
    category: 'student_support_services',
    nces_label: 'Student Support Services Staff (w/o Psychology)',
    teacher_level: null,
  },
  { category: 'librarians', nces_label: 'Librarians/media specialists', teacher_level: null },
  { category: 'library_support', nces_label: 'Library/Media Support Staff', teacher_level: null },
  { category: 'lea_administrators', nces_label: 'LEA Administrators', teacher_level: null },
  { category: 'school_administrators', nces_label: 'School administrators', teacher_level: null },
  { category: 'lea_admin_support', nces_label: 'LEA Administrative Support Staff', teacher_level: null },
  { category: 'school_admin_support', nces_label: 'School Administrative Support Staff', teacher_level: null },
  { category: 'other_staff', nces_label: 'Other Staff', teacher_level: null },
];

export const STAFF_CATEGORY_SET: ReadonlySet<string> = new Set(STAFF_CATEGORIES.map((c) => c.category));

/** Labels are matched without regard to case, spacing or the punctuation NCES varies between years. */
const normalizeLabel = (label: string): string =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const byLabel = new Map(STAFF_CATEGORIES.map((c) => [normalizeLabel(c.nces_label), c.category]));

export function staffCategoryForNcesLabel(label: string): string | undefined {
  return byLabel.get(normalizeLabel(label));
}

export function categoriesWithTeacherLevel(level: NonNullable<StaffCategory['teacher_level']>): string[] {
  return STAFF_CATEGORIES.filter((c) => c.teacher_level === level).map((c) => c.category);
}
