/** QA flags attached to LCT rows, their thresholds and definitions (mirrored in the `qa_flag_definitions` table). */
export const FLAG_THRESHOLDS = {
  /** staff / enrollment above this is impossible for a K-12 scope. */
  impossibleStaffRatio: 0.5,
  /** K-12 enrollment below this makes a district's numbers volatile. */
  volatileEnrollment: 50,
  lowLct: 5,
  highTeachersOnlyLct: 120,
  /** teachers_only staff within this of all staff means teachers are reported as all staff. */
  ratioCeilingTolerance: 0.01,
  /** Enrollment, staff and minutes years spanning this many years or more warn, above the max is an error. */
  yearGapWarn: 2,
  yearGapMax: 3,
} as const;

export interface FlagDefinition {
  flag: string;
  severity: 'error' | 'warning';
  definition: string;
}

export const QA_FLAGS: readonly FlagDefinition[] = [
  {
    flag: 'ERR_FLAT_STAFF',
    severity: 'error',
    definition: "The district's five K-12 scopes all have the same staff count (incomplete reporting)",
  },
  {
    flag: 'ERR_RATIO_CEILING',
    severity: 'error',
    definition: 'teachers_only staff equals all staff within 0.01 (teachers = 100% of staff)',
  },
  { flag: 'ERR_IMPOSSIBLE_SSR', severity: 'error', definition: 'K-12 scope with staff / enrollment > 0.5' },
  { flag: 'ERR_VOLATILE', severity: 'error', definition: 'K-12 enrollment < 50' },
  { flag: 'WARN_LCT_LOW', severity: 'warning', definition: 'LCT < 5' },
  { flag: 'WARN_LCT_HIGH', severity: 'warning', definition: 'teachers_only LCT > 120' },
  { flag: 'WARN_SPED_RATIO_CAP', severity: 'warning', definition: 'A SPED scope capped at 360' },
  { flag: 'WARN_YEAR_GAP', severity: 'warning', definition: 'The enrollment, staff and minutes years span 2-3 years' },
  {
    flag: 'ERR_SPAN_EXCEEDED',
    severity: 'error',
    definition: 'The enrollment, staff and minutes years span more than 3 years',
  },
];

export const QA_FLAG_NAMES: readonly string[] = QA_FLAGS.map((f) => f.flag);

/** Flags are stored sorted; text exports join them with '; '. */
export function formatFlags(flags: readonly string[]): string {
  return [...flags].sort().join('; ');
}
