/**
 * The layouts of the CCD district files, recognised by their header (never by the file name alone):
 * long files (one row per district and category, with TOTAL_INDICATOR) from 2016-17 on, wide files (one
 * row per district, a column per category) for 2014-15 and 2015-16 and for every directory file. A
 * header matching no layout is an error listing the columns each layout needs.
 */
import { InputError } from '../../errors.js';
import { GRADE_CODES } from '../../domain/grades.js';
import { NCES_WIDE_STAFF_COLUMNS } from '../../domain/staff.js';
import type { CcdFileKind } from '../../domain/ccd-files.js';

export type CcdLayout = 'long' | 'wide';

/** Grade columns of the wide membership files: PK, KG, G01 … G13, UG, AE. */
export const WIDE_GRADE_COLUMNS: readonly string[] = GRADE_CODES.map((g) => g.code);

const has = (header: readonly string[], column: string) => header.some((h) => h.toUpperCase() === column);

const EXPECTED: Record<CcdFileKind, Record<string, string>> = {
  directory: { wide: 'LEAID, LEA_NAME, ST (or STABR), SCHOOL_YEAR (or SURVYEAR), one row per district' },
  membership: {
    long: 'LEAID, GRADE, STUDENT_COUNT, TOTAL_INDICATOR (2016-17 on)',
    wide: `LEAID and grade columns ${WIDE_GRADE_COLUMNS.join(', ')} (2014-15, 2015-16)`,
  },
  staff: {
    long: 'LEAID, STAFF, STAFF_COUNT, TOTAL_INDICATOR (2016-17 on)',
    wide: `LEAID and staff columns ${NCES_WIDE_STAFF_COLUMNS.map((c) => c.column).join(', ')} (2014-15, 2015-16)`,
  },
};

export function recogniseLayout(kind: CcdFileKind, header: readonly string[]): CcdLayout | undefined {
  if (!has(header, 'LEAID')) return undefined;
  switch (kind) {
    case 'directory':
      return has(header, 'LEA_NAME') && (has(header, 'ST') || has(header, 'STABR')) ? 'wide' : undefined;
    case 'membership':
      if (['GRADE', 'STUDENT_COUNT', 'TOTAL_INDICATOR'].every((c) => has(header, c))) return 'long';
      return WIDE_GRADE_COLUMNS.filter((c) => has(header, c)).length >= 3 ? 'wide' : undefined;
    case 'staff':
      if (['STAFF', 'STAFF_COUNT', 'TOTAL_INDICATOR'].every((c) => has(header, c))) return 'long';
      return NCES_WIDE_STAFF_COLUMNS.filter((c) => c.category && has(header, c.column)).length >= 3
        ? 'wide'
        : undefined;
  }
}

/** The layout of the header, or an InputError saying which columns each known layout needs. */
export function requireLayout(kind: CcdFileKind, header: readonly string[], file: string): CcdLayout {
  const layout = recogniseLayout(kind, header);
  if (layout) return layout;
  const expected = Object.entries(EXPECTED[kind])
    .map(([name, columns]) => `${name}: ${columns}`)
    .join('; ');
  throw new InputError(
    file,
    1,
    null,
    `the header matches no known layout of a CCD ${kind} file (${header.slice(0, 12).join(', ')}${header.length > 12 ? ', …' : ''}). Expected ${expected}`,
    'Check that this is the NCES district (LEA) file it is named as; docs/import.md lists the layouts lct reads.',
  );
}

/** Reserve codes of the wide files for counts not given (missing, not applicable, suppressed). */
const WIDE_NOT_REPORTED = new Set(['-1', '-2', '-3', '-9', 'M', 'N', '.', '']);

export function isWideNotReported(raw: string): boolean {
  return WIDE_NOT_REPORTED.has(raw.trim());
}
