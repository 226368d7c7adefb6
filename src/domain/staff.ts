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
  {
    category: 'counselors',
    nces_label: 'Elementary School Counselors, Secondary School Counselors, School Counselors',
    teacher_level: null,
  },
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
  { category: 'other_staff', nces_label: 'All Other Support Staff', teacher_level: null },
];

export const STAFF_CATEGORY_SET: ReadonlySet<string> = new Set(STAFF_CATEGORIES.map((c) => c.category));

/**
 * Every STAFF label (long files, 2016-17 on) and staff column (wide files, 2014-15 and 2015-16) the
 * public sources show in the CCD district staff files (059), and what lct does with it. A row is a
 * detail or a total by its TOTAL_INDICATOR (long) or by its column (wide), never by its label alone:
 * - `category`: what a detail row with this label adds to (null: the label is never a detail);
 * - `total`: the label also names a total NCES derives from the details ("Teachers", "Guidance
 *   Counselors", "School Staff", …): read for the self-check, never summed; "Teachers" is kept as
 *   teachers_total;
 * - `not_stored`: detail rows without a staff category ("Missing"): counted in the self-check, not stored.
 * `years` is the span of school years in which the sources show the label (null end: still in use).
 * The sources are listed in docs/import.md.
 */
export interface NcesStaffLabel {
  label: string;
  category: string | null;
  total?: true;
  not_stored?: true;
  years: readonly [string, string | null];
}

export const NCES_STAFF_LABELS: readonly NcesStaffLabel[] = [
  { label: 'Pre-kindergarten Teachers', category: 'prek_teachers', years: ['2016-17', null] },
  { label: 'Kindergarten Teachers', category: 'kindergarten_teachers', years: ['2016-17', null] },
  { label: 'Elementary Teachers', category: 'elementary_teachers', years: ['2016-17', null] },
  { label: 'Secondary Teachers', category: 'secondary_teachers', years: ['2016-17', null] },
  { label: 'Ungraded Teachers', category: 'ungraded_teachers', years: ['2016-17', null] },
  { label: 'Teachers', category: null, total: true, years: ['2016-17', null] },
  {
    label: 'Instructional Coordinators and Supervisors to the Staff',
    category: 'instructional_coordinators',
    years: ['2016-17', null],
  },
  { label: 'Paraprofessionals/Instructional Aides', category: 'paraprofessionals', years: ['2016-17', null] },
  { label: 'Elementary School Counselors', category: 'counselors', years: ['2016-17', null] },
  { label: 'Secondary School Counselors', category: 'counselors', years: ['2016-17', null] },
  { label: 'School Counselors', category: 'counselors', years: ['2016-17', null] },
  // The sum of the counselor rows; counted as counselors only where a file lists it as a detail.
  { label: 'Guidance Counselors', category: 'counselors', total: true, years: ['2016-17', null] },
  // Until 2018-19 one category including psychologists; from 2019-20 psychologists are their own.
  { label: 'Student Support Services Staff', category: 'student_support_services', years: ['2016-17', '2018-19'] },
  {
    label: 'Student Support Services Staff (w/o Psychology)',
    category: 'student_support_services',
    years: ['2019-20', null],
  },
  { label: 'School Psychologists', category: 'psychologists', years: ['2019-20', null] },
  { label: 'Librarians/media specialists', category: 'librarians', years: ['2016-17', null] },
  { label: 'Library/Media Support Staff', category: 'library_support', years: ['2016-17', null] },
  { label: 'LEA Administrators', category: 'lea_administrators', years: ['2016-17', null] },
  // Both spellings occur, in different years; labels match without regard to case anyway.
  { label: 'School administrators', category: 'school_administrators', years: ['2016-17', null] },
  { label: 'School Administrators', category: 'school_administrators', years: ['2016-17', '2023-24'] },
  { label: 'LEA Administrative Support Staff', category: 'lea_admin_support', years: ['2016-17', null] },
  { label: 'School Administrative Support Staff', category: 'school_admin_support', years: ['2016-17', null] },
  { label: 'All Other Support Staff', category: 'other_staff', years: ['2016-17', null] },
  { label: 'Other Staff', category: 'other_staff', total: true, years: ['2016-17', null] },
  { label: 'School Staff', category: null, total: true, years: ['2016-17', null] },
  { label: 'LEA Staff', category: null, total: true, years: ['2016-17', null] },
  { label: 'Support Staff', category: null, total: true, years: ['2016-17', null] },
  { label: 'Missing', category: null, not_stored: true, years: ['2016-17', '2023-24'] },
  { label: 'No Category Codes', category: null, total: true, years: ['2016-17', null] },
];

/**
 * The staff columns of the wide files (2014-15, 2015-16): one row per district. `category` as above;
 * `total` columns are NCES's sums (TOTTCH teachers, TOTGUI counselors, STAFF all staff).
 */
export const NCES_WIDE_STAFF_COLUMNS: readonly { column: string; category: string | null; total?: true }[] = [
  { column: 'PKTCH', category: 'prek_teachers' },
  { column: 'KGTCH', category: 'kindergarten_teachers' },
  { column: 'ELMTCH', category: 'elementary_teachers' },
  { column: 'SECTCH', category: 'secondary_teachers' },
  { column: 'UGTCH', category: 'ungraded_teachers' },
  { column: 'TOTTCH', category: null, total: true },
  { column: 'PARA', category: 'paraprofessionals' },
  { column: 'AIDES', category: 'paraprofessionals' },
  { column: 'CORSUP', category: 'instructional_coordinators' },
  { column: 'ELMGUI', category: 'counselors' },
  { column: 'SECGUI', category: 'counselors' },
  { column: 'GUI', category: 'counselors' },
  { column: 'OTHGUI', category: 'counselors' },
  { column: 'TOTGUI', category: null, total: true },
  { column: 'LIBSPE', category: 'librarians' },
  { column: 'LIBSUP', category: 'library_support' },
  { column: 'LEAADM', category: 'lea_administrators' },
  { column: 'LEASUP', category: 'lea_admin_support' },
  { column: 'SCHADM', category: 'school_administrators' },
  { column: 'SCHSUP', category: 'school_admin_support' },
  { column: 'STUSUP', category: 'student_support_services' },
  { column: 'OTHSUP', category: 'other_staff' },
  { column: 'STAFF', category: null, total: true },
];

/** Labels are matched without regard to case, spacing or the punctuation NCES varies between years. */
export const normalizeStaffLabel = (label: string): string =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const byLabel = new Map(NCES_STAFF_LABELS.map((l) => [normalizeStaffLabel(l.label), l]));

/** What the label means, or undefined for a label no source shows. */
export function ncesStaffLabel(label: string): NcesStaffLabel | undefined {
  return byLabel.get(normalizeStaffLabel(label));
}

/** The category a detail row with this label adds to (undefined: not a known detail label). */
export function staffCategoryForNcesLabel(label: string): string | undefined {
  return ncesStaffLabel(label)?.category ?? undefined;
}

export function categoriesWithTeacherLevel(level: NonNullable<StaffCategory['teacher_level']>): string[] {
  return STAFF_CATEGORIES.filter((c) => c.teacher_level === level).map((c) => c.category);
}
