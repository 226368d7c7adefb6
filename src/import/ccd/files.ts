/**
 * Recognising NCES CCD district files (029 directory, 052 membership, 059 staff) by name or header,
 * and the school year they are for.
 */
import path from 'node:path';
import { InputError } from '../../errors.js';
import { normalizeSchoolYear } from '../../domain/years.js';
import { ccdKindOfName, yearOfCcdName, type CcdFileKind } from '../../domain/ccd-files.js';

export type CcdKind = CcdFileKind;
export { ccdKindOfName, yearOfCcdName };

/** What the header says, for files renamed by the user. */
export function ccdKindOfHeader(header: readonly string[]): CcdKind | undefined {
  const has = (c: string) => header.some((h) => h.toUpperCase() === c);
  if (!has('LEAID')) return undefined;
  if (has('STUDENT_COUNT') && has('GRADE')) return 'membership';
  if (has('STAFF_COUNT') && has('STAFF')) return 'staff';
  if (has('LEA_NAME') && has('ST')) return 'directory';
  return undefined;
}

/**
 * Checks a SCHOOL_YEAR value ("2023-2024") against the year being imported; the first row decides
 * the year when none was given.
 */
export class YearGuard {
  constructor(
    private readonly file: string,
    public year: string | undefined,
  ) {}

  /** `column`: SCHOOL_YEAR ("2023-2024"), or SURVYEAR in the 2014-15 and 2015-16 files ("2015" = 2015-16). */
  check(raw: string | undefined, line: number, column = 'SCHOOL_YEAR'): void {
    if (raw === undefined || raw.trim() === '') return;
    const text = raw.trim();
    const year = /^\d{4}$/.test(text)
      ? `${text}-${String((Number(text) + 1) % 100).padStart(2, '0')}`
      : normalizeSchoolYear(text);
    if (!year) throw new InputError(path.basename(this.file), line, column, `"${raw}" is not a school year`);
    if (this.year === undefined) this.year = year;
    else if (year !== this.year) {
      throw new InputError(
        path.basename(this.file),
        line,
        'SCHOOL_YEAR',
        `the file is for ${year}, but ${this.year} is being imported`,
        `Import it with --year ${year}, or pick the ${this.year} file.`,
      );
    }
  }

  required(): string {
    if (!this.year)
      throw new InputError(
        path.basename(this.file),
        null,
        'SCHOOL_YEAR',
        'cannot tell the school year',
        'Pass it: --year 2023-24',
      );
    return this.year;
  }
}

/** A count cell: blank = not reported (null); otherwise a non-negative number. */
export function parseCount(raw: string, file: string, line: number, column: string, integer: boolean): number | null {
  // Fast path for the millions of plain digit strings in a membership file.
  let fast = 0;
  let i = 0;
  for (; i < raw.length && i < 15; i++) {
    const c = raw.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    fast = fast * 10 + c;
  }
  if (i === raw.length && i > 0) return fast;
  const text = raw.trim();
  if (text === '') return null;
  const value = Number(text);
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) || !Number.isFinite(value)) {
    throw new InputError(
      path.basename(file),
      line,
      column,
      `"${raw}" is not a count`,
      'Counts must be numbers; leave the cell blank when not reported.',
    );
  }
  if (value < 0)
    throw new InputError(
      path.basename(file),
      line,
      column,
      `${raw} is negative`,
      'Leave the cell blank when a count is not reported.',
    );
  if (integer && !Number.isInteger(value))
    throw new InputError(path.basename(file), line, column, `${raw} is not a whole number of students`);
  return value;
}
