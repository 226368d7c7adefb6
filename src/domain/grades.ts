/**
 * Grade codes of `grade_level_enrollment.grade`, the NCES CCD labels they come from, and the school
 * band each belongs to. K-12 = KG..G12 + UG; elementary (K-5) = KG..G05; secondary (6-12) = G06..G12.
 * PK, G13 and AE never count. The database mirrors this table in `grade_codes` (synced on migrate).
 */
export type GradeBand = 'prek' | 'elementary' | 'middle' | 'high' | 'ungraded' | 'excluded';

export interface GradeCode {
  code: string;
  nces_label: string;
  band: GradeBand;
  /** Counted in K-12 enrollment. */
  k12: boolean;
}

const grade = (n: number): GradeCode => ({
  code: `G${String(n).padStart(2, '0')}`,
  nces_label: `Grade ${n}`,
  band: n <= 5 ? 'elementary' : n <= 8 ? 'middle' : n <= 12 ? 'high' : 'excluded',
  k12: n <= 12,
});

export const GRADE_CODES: readonly GradeCode[] = [
  { code: 'PK', nces_label: 'Pre-Kindergarten', band: 'prek', k12: false },
  { code: 'KG', nces_label: 'Kindergarten', band: 'elementary', k12: true },
  ...Array.from({ length: 13 }, (_, i) => grade(i + 1)),
  { code: 'UG', nces_label: 'Ungraded', band: 'ungraded', k12: true },
  { code: 'AE', nces_label: 'Adult Education', band: 'excluded', k12: false },
];

export const GRADE_CODE_SET: ReadonlySet<string> = new Set(GRADE_CODES.map((g) => g.code));

/** NCES membership GRADE values that carry no grade: skipped on purpose, and counted in the import summary. */
export const NCES_GRADE_LABELS_WITHOUT_GRADE: readonly string[] = ['Not Specified', 'No Category Codes'];

const byLabel = new Map(GRADE_CODES.map((g) => [g.nces_label.toLowerCase(), g.code]));

/** Maps an NCES GRADE label ("Grade 1", "Kindergarten") to its code, or undefined. */
export function gradeCodeForNcesLabel(label: string): string | undefined {
  const key = label.trim().toLowerCase();
  return byLabel.get(key) ?? byLabel.get(key.replace(/^grade 0(\d)$/, 'grade $1'));
}

export function gradesInBand(...bands: GradeBand[]): string[] {
  return GRADE_CODES.filter((g) => bands.includes(g.band)).map((g) => g.code);
}

export const K12_GRADES: readonly string[] = GRADE_CODES.filter((g) => g.k12).map((g) => g.code);

/** How people write a run of grades: ['KG', …, 'G05'] → 'K-5', ['G06', …, 'G12'] → '6-12'. */
export function gradeRangeLabel(codes: readonly string[]): string {
  const label = (code: string) => (code === 'KG' ? 'K' : /^G\d\d$/.test(code) ? String(Number(code.slice(1))) : code);
  const first = codes[0];
  const last = codes.at(-1);
  if (first === undefined || last === undefined) return '';
  return first === last ? label(first) : `${label(first)}-${label(last)}`;
}
