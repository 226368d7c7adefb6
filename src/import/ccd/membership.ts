/**
 * CCD membership file (052, long: one row per district, grade, race and sex, plus subtotals) →
 * `grade_level_enrollment`. One level of detail is summed per district: the "Subtotal 4 - By Grade"
 * rows when the district has them, otherwise the race/sex detail rows; never both, or students would
 * be counted twice. A blank count is "not reported": a grade with only blank counts is stored as NULL.
 */
import path from 'node:path';
import { InputError } from '../../errors.js';
import { normalizeDistrictId } from '../../domain/ids.js';
import { GRADE_CODES, gradeCodeForNcesLabel, NCES_GRADE_LABELS_WITHOUT_GRADE } from '../../domain/grades.js';
import { readCsvFile, columnIndex, detach } from '../read-csv.js';
import { StagedRows } from '../staged-rows.js';
import { parseCount, YearGuard } from './files.js';
import type { CcdRead, CcdReadOptions } from './read-options.js';

const DETAIL = 'category set a - by race/ethnicity; sex; grade';
const BY_GRADE = 'subtotal 4 - by grade';
/** Totals NCES publishes beside the detail; read and deliberately not summed. */
const OTHER_TOTALS = /^(subtotal \d|derived - |education unit total)/;

const GRADE_INDEX = new Map(GRADE_CODES.map((g, i) => [g.code, i]));
const GRADES = GRADE_CODES.length;

interface DistrictSums {
  /** Per grade: sum of the Subtotal 4 rows and of the detail rows; NaN until a count is seen. */
  byGrade: Float64Array;
  detail: Float64Array;
  /** Per grade: whether any row (even a blank one) mentioned it. */
  seen: Uint8Array;
  hasByGrade: boolean;
  firstLine: number;
}

export async function readMembership(file: string, options: CcdReadOptions): Promise<CcdRead> {
  const name = path.basename(file);
  const years = new YearGuard(file, options.year);
  const sums = new Map<string, DistrictSums>();
  const districts = new Map<string, { name: string; state: string; line: number }>();
  const skipped: Record<string, number> = {};
  const unknown: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  const gradeCache = new Map<string, number | 'no grade' | 'unknown'>();
  const indicatorCache = new Map<string, 'detail' | 'by grade' | 'other total' | 'unknown'>();
  let iLeaid = 0,
    iGrade = 0,
    iCount = 0,
    iIndicator = 0,
    iYear = -1,
    iName = -1,
    iState = -1;
  let lastId = '';
  let lastSums: DistrictSums | undefined;

  const read = await readCsvFile(file, {
    onHeader(header) {
      const at = columnIndex(header, file, ['LEAID', 'GRADE', 'STUDENT_COUNT', 'TOTAL_INDICATOR']);
      [iLeaid, iGrade, iCount, iIndicator] = [
        at.get('LEAID')!,
        at.get('GRADE')!,
        at.get('STUDENT_COUNT')!,
        at.get('TOTAL_INDICATOR')!,
      ];
      iYear = at.get('SCHOOL_YEAR') ?? -1;
      iName = at.get('LEA_NAME') ?? -1;
      iState = at.get('ST') ?? -1;
    },
    onRecord(fields, line) {
      const rawIndicator = fields[iIndicator]!;
      let indicator = indicatorCache.get(rawIndicator);
      if (indicator === undefined) {
        const text = rawIndicator.trim().toLowerCase();
        indicator =
          text === DETAIL
            ? 'detail'
            : text === BY_GRADE
              ? 'by grade'
              : OTHER_TOTALS.test(text)
                ? 'other total'
                : 'unknown';
        indicatorCache.set(detach(rawIndicator), indicator);
      }
      if (indicator === 'other total') return skip('totals and subtotals other than by grade (not summed)');
      if (indicator === 'unknown') {
        unknown[`TOTAL_INDICATOR ${rawIndicator}`] = (unknown[`TOTAL_INDICATOR ${rawIndicator}`] ?? 0) + 1;
        return;
      }
      const isByGrade = indicator === 'by grade';
      const rawId = fields[iLeaid]!;
      let district = rawId === lastId ? lastSums : undefined;
      if (!district) {
        if (iYear >= 0) years.check(fields[iYear], line);
        const normalized = normalizeDistrictId(rawId);
        const id = normalized && detach(normalized);
        if (!id) throw new InputError(name, line, 'LEAID', `"${rawId}" is not an NCES district id`);
        district = sums.get(id);
        if (!district) {
          district = {
            byGrade: new Float64Array(GRADES).fill(NaN),
            detail: new Float64Array(GRADES).fill(NaN),
            seen: new Uint8Array(GRADES),
            hasByGrade: false,
            firstLine: line,
          };
          sums.set(id, district);
          if (iName >= 0 && iState >= 0)
            districts.set(id, {
              name: detach(fields[iName]!.trim()),
              state: detach(fields[iState]!.trim().toUpperCase()),
              line,
            });
        }
        lastId = detach(rawId);
        lastSums = district;
      }
      const label = fields[iGrade]!;
      let grade = gradeCache.get(label);
      if (grade === undefined) {
        const code = gradeCodeForNcesLabel(label);
        grade =
          code !== undefined
            ? GRADE_INDEX.get(code)!
            : NCES_GRADE_LABELS_WITHOUT_GRADE.includes(label.trim())
              ? 'no grade'
              : 'unknown';
        gradeCache.set(detach(label), grade);
      }
      if (grade === 'no grade') return skip('rows without a grade (Not Specified / No Category Codes)');
      if (grade === 'unknown') {
        unknown[`GRADE ${label}`] = (unknown[`GRADE ${label}`] ?? 0) + 1;
        return;
      }
      const count = parseCount(fields[iCount]!, file, line, 'STUDENT_COUNT', true);
      district.seen[grade] = 1;
      if (isByGrade) district.hasByGrade = true;
      if (count === null) return;
      // Detail rows are summed too, in case the district has no Subtotal 4 rows.
      const target = isByGrade ? district.byGrade : district.detail;
      target[grade] = Number.isNaN(target[grade]!) ? count : target[grade]! + count;
    },
    onBytes: options.onBytes,
  });

  const rows = new StagedRows(['nces_id', 'year', 'grade', 'enrollment']);
  const year = years.required();
  for (const [id, d] of sums) {
    const source = d.hasByGrade ? d.byGrade : d.detail;
    for (let g = 0; g < GRADES; g++) {
      if (!d.seen[g]) continue;
      const value = source[g]!;
      rows.add([id, year, GRADE_CODES[g]!.code, Number.isNaN(value) ? null : String(value)], d.firstLine);
    }
  }
  return { rows, year, encoding: read.encoding, skipped, unknown_labels: unknown, districts };
}
