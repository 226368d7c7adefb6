/**
 * LCT scopes: which staff (numerator) over which students (denominator). Numerators never include
 * Pre-K teachers. The calculation SQL, the `lct_scopes` reference table, the hierarchy checks and the
 * docs are all generated from this one table.
 */
import { gradesInBand, K12_GRADES } from './grades.js';

export type EnrollmentType = 'k12' | 'elementary' | 'secondary' | 'sped' | 'gened';
export type MinutesLevel = 'k12_weighted' | 'elementary' | 'secondary_weighted';

export interface StaffScope {
  scope: string;
  description: string;
  staff_categories: readonly string[];
  enrollment_type: Exclude<EnrollmentType, 'sped' | 'gened'>;
  /** The grades whose enrollment is the denominator. */
  enrollment_grades: readonly string[];
  minutes_level: MinutesLevel;
  /** Part of the five nested K-12 scopes (teachers_only ≤ … ≤ all). */
  k12_nested: boolean;
}

const TEACHERS_ONLY = ['elementary_teachers', 'kindergarten_teachers', 'secondary_teachers'];
const TEACHERS_CORE = [...TEACHERS_ONLY, 'ungraded_teachers'];
const INSTRUCTIONAL = [...TEACHERS_CORE, 'instructional_coordinators', 'paraprofessionals'];
const INSTRUCTIONAL_PLUS_SUPPORT = [...INSTRUCTIONAL, 'counselors', 'psychologists', 'student_support_services'];
const ALL = [
  ...INSTRUCTIONAL_PLUS_SUPPORT,
  'librarians',
  'library_support',
  'lea_administrators',
  'school_administrators',
  'lea_admin_support',
  'school_admin_support',
  'other_staff',
];

const k12 = (scope: string, description: string, staff: string[]): StaffScope => ({
  scope,
  description,
  staff_categories: staff,
  enrollment_type: 'k12',
  enrollment_grades: K12_GRADES,
  minutes_level: 'k12_weighted',
  k12_nested: true,
});

export const STAFF_SCOPES: readonly StaffScope[] = [
  k12('teachers_only', 'Elementary, kindergarten and secondary teachers over K-12 enrollment', TEACHERS_ONLY),
  k12('teachers_core', 'teachers_only plus ungraded teachers over K-12 enrollment', TEACHERS_CORE),
  k12('instructional', 'teachers_core plus instructional coordinators and paraprofessionals', INSTRUCTIONAL),
  k12(
    'instructional_plus_support',
    'instructional plus counselors, psychologists and student support staff',
    INSTRUCTIONAL_PLUS_SUPPORT,
  ),
  k12('all', 'Every staff category except Pre-K teachers over K-12 enrollment', ALL),
  {
    scope: 'teachers_elementary',
    description: 'Elementary and kindergarten teachers over K-5 enrollment, at elementary minutes',
    staff_categories: ['elementary_teachers', 'kindergarten_teachers'],
    enrollment_type: 'elementary',
    enrollment_grades: gradesInBand('elementary'),
    minutes_level: 'elementary',
    k12_nested: false,
  },
  {
    scope: 'teachers_secondary',
    description: 'Secondary teachers over 6-12 enrollment, at middle/high weighted minutes',
    staff_categories: ['secondary_teachers'],
    enrollment_type: 'secondary',
    enrollment_grades: gradesInBand('middle', 'high'),
    minutes_level: 'secondary_weighted',
    k12_nested: false,
  },
];

/** Special-education scopes, computed only where SPED estimates were imported; capped at SPED_LCT_CAP. */
export interface SpedScope {
  scope: string;
  description: string;
  enrollment_type: 'sped' | 'gened';
  /** The `sped_estimates` column holding the staff (numerator). */
  staff_column: 'sped_teachers' | 'gened_teachers' | 'sped_instructional';
  /** The `sped_estimates` column holding the students (denominator). */
  enrollment_column: 'sped_enrollment' | 'gened_enrollment';
  /** SPED scopes use the district's K-12 minutes. */
  minutes_level: MinutesLevel;
}

export const SPED_SCOPES: readonly SpedScope[] = [
  {
    scope: 'core_sped',
    description: 'SPED teachers over SPED enrollment',
    enrollment_type: 'sped',
    staff_column: 'sped_teachers',
    enrollment_column: 'sped_enrollment',
    minutes_level: 'k12_weighted',
  },
  {
    scope: 'teachers_gened',
    description: 'General-education teachers over general-education enrollment',
    enrollment_type: 'gened',
    staff_column: 'gened_teachers',
    enrollment_column: 'gened_enrollment',
    minutes_level: 'k12_weighted',
  },
  // sped_instructional is the estimate of SPED teachers and paraprofessionals together.
  {
    scope: 'instructional_sped',
    description: 'SPED teachers and SPED paraprofessionals over SPED enrollment',
    enrollment_type: 'sped',
    staff_column: 'sped_instructional',
    enrollment_column: 'sped_enrollment',
    minutes_level: 'k12_weighted',
  },
];

export const SPED_LCT_CAP = 360;

export const ALL_SCOPES: readonly string[] = [...STAFF_SCOPES.map((s) => s.scope), ...SPED_SCOPES.map((s) => s.scope)];

export const K12_NESTED_SCOPES: readonly string[] = STAFF_SCOPES.filter((s) => s.k12_nested).map((s) => s.scope);

/** Strict orderings the scope means of valid rows must satisfy (each pair: left < right). */
export const HIERARCHY_CHECKS: readonly (readonly [string, string])[] = [
  ['teachers_secondary', 'teachers_only'],
  ['teachers_only', 'teachers_elementary'],
  ...K12_NESTED_SCOPES.slice(0, -1).map((scope, i) => [scope, K12_NESTED_SCOPES[i + 1]!] as const),
];

export function isScope(value: string): boolean {
  return ALL_SCOPES.includes(value);
}

export function scopeDescription(scope: string): string | undefined {
  return [...STAFF_SCOPES, ...SPED_SCOPES].find((s) => s.scope === scope)?.description;
}
