/**
 * CCD membership file (052) → `grade_level_enrollment`.
 * Long (2016-17 on: one row per district, grade, race and sex, plus subtotals): one level of detail is
 * summed per district: the "Subtotal 4 - By Grade" rows when the district has them, otherwise the
 * race/sex detail rows; never both, or students would be counted twice. A blank count is "not
 * reported": a grade with only blank counts is stored as NULL.
 * Wide (2014-15, 2015-16: one row per district, a column per grade): each grade column is a grade; the
 * reserve codes (-1 missing, -3/-9 suppressed) are NULL, -2 (not applicable) is no row.
 * Both check themselves against the file's totals (see self-check.ts).
 */
import { InputError } from '../../errors.js';
import { normalizeDistrictId } from '../../domain/ids.js';
import { GRADE_CODES, gradeCodeForNcesLabel, NCES_GRADE_LABELS_WITHOUT_GRADE } from '../../domain/grades.js';
import { readCsvFile, columnIndex, detach } from '../read-csv.js';
import type { InputSource } from '../input-source.js';
import { StagedRows } from '../staged-rows.js';
import { parseCount, YearGuard } from './files.js';
import { isWideNotReported, requireLayout, WIDE_GRADE_COLUMNS } from './layouts.js';
import { DistrictCheck, emptySelfCheck } from './self-check.js';
import type { CcdRead, CcdReadOptions } from './read-options.js';

const DETAIL = 'category set a - by race/ethnicity; sex; grade';
const BY_GRADE = 'subtotal 4 - by grade';
const UNIT_TOTAL = 'education unit total';
/** Totals NCES publishes beside the detail; read and deliberately not summed. */
const OTHER_TOTALS = /^(subtotal \d|derived - )/;

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
  /** For the self-check: the Education Unit Total (NaN: blank; undefined: no such row) and its line. */
  unitTotal?: number;
  unitTotalLine: number;
  /** Per grade: detail and by-grade rows with a blank count; the line of the by-grade row. */
  detailBlank: Uint16Array;
  byGradeBlank: Uint16Array;
  byGradeLine: Int32Array;
  /** Detail rows without a grade (Not Specified): part of the file's total, stored nowhere. */
  noGrade: number;
  unknownGrades?: Set<string>;
}

export async function readMembership(source: InputSource, options: CcdReadOptions): Promise<CcdRead> {
  try {
    return await readMembershipLong(source, options);
  } catch (error) {
    if (error instanceof WideLayout) return readMembershipWide(source, options);
    throw error;
  }
}

/** Thrown from the header of a wide file, to read it again as wide. */
class WideLayout extends Error {}

async function readMembershipLong(source: InputSource, options: CcdReadOptions): Promise<CcdRead> {
  const name = source.name;
  const file = name;
  const years = new YearGuard(file, options.year);
  const sums = new Map<string, DistrictSums>();
  const districts = new Map<string, { name: string; state: string; line: number }>();
  const skipped: Record<string, number> = {};
  const unknown: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  const gradeCache = new Map<string, number | 'no grade' | 'unknown'>();
  const indicatorCache = new Map<string, 'detail' | 'by grade' | 'unit total' | 'other total' | 'unknown'>();
  let iLeaid = 0,
    iGrade = 0,
    iCount = 0,
    iIndicator = 0,
    iYear = -1,
    iName = -1,
    iState = -1;
  let lastId = '';
  let lastSums: DistrictSums | undefined;

  const read = await readCsvFile(source, {
    onHeader(header) {
      if (requireLayout('membership', header, name) === 'wide') throw new WideLayout();
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
              : text === UNIT_TOTAL
                ? 'unit total'
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
      const isUnitTotal = indicator === 'unit total';
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
            unitTotalLine: 0,
            detailBlank: new Uint16Array(GRADES),
            byGradeBlank: new Uint16Array(GRADES),
            byGradeLine: new Int32Array(GRADES),
            noGrade: 0,
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
      if (isUnitTotal) {
        skip('education unit totals (checked against the details, not stored)');
        const total = parseCount(fields[iCount]!, file, line, 'STUDENT_COUNT', true);
        district.unitTotal = total ?? NaN;
        district.unitTotalLine = line;
        return;
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
      if (grade === 'no grade') {
        if (!isByGrade) district.noGrade += parseCount(fields[iCount]!, file, line, 'STUDENT_COUNT', true) ?? 0;
        return skip('rows without a grade (Not Specified / No Category Codes)');
      }
      if (grade === 'unknown') {
        unknown[`GRADE ${label}`] = (unknown[`GRADE ${label}`] ?? 0) + 1;
        (district.unknownGrades ??= new Set()).add(`GRADE ${detach(label)}`);
        return;
      }
      const count = parseCount(fields[iCount]!, file, line, 'STUDENT_COUNT', true);
      district.seen[grade] = 1;
      if (isByGrade) {
        district.hasByGrade = true;
        district.byGradeLine[grade] = line;
      }
      if (count === null) {
        (isByGrade ? district.byGradeBlank : district.detailBlank)[grade]!++;
        return;
      }
      // Detail rows are summed too, in case the district has no Subtotal 4 rows.
      const target = isByGrade ? district.byGrade : district.detail;
      target[grade] = Number.isNaN(target[grade]!) ? count : target[grade]! + count;
    },
    onBytes: options.onBytes,
  });

  const rows = new StagedRows(['nces_id', 'year', 'grade', 'enrollment']);
  const year = years.required();
  const selfCheck = emptySelfCheck();
  const num = (v: number) => (Number.isNaN(v) ? 0 : v);
  for (const [id, d] of sums) {
    const level = d.hasByGrade ? d.byGrade : d.detail;
    const check = new DistrictCheck(id);
    const labels: string[] = [...(d.unknownGrades ?? [])];
    let sum = d.hasByGrade ? 0 : d.noGrade;
    let blanks = 0;
    for (let g = 0; g < GRADES; g++) {
      if (!d.seen[g]) continue;
      const value = level[g]!;
      rows.add([id, year, GRADE_CODES[g]!.code, Number.isNaN(value) ? null : String(value)], d.firstLine);
      sum += num(value);
      blanks += d.hasByGrade ? d.byGradeBlank[g]! : d.detailBlank[g]!;
      labels.push(`GRADE ${GRADE_CODES[g]!.nces_label}`);
      // Each grade's race/sex detail against its by-grade subtotal.
      if (d.hasByGrade && d.byGradeLine[g] && !Number.isNaN(d.byGrade[g]!)) {
        const detailRows = !Number.isNaN(d.detail[g]!) || d.detailBlank[g]! > 0;
        if (detailRows)
          check.compare(
            `grade ${GRADE_CODES[g]!.code}`,
            d.byGradeLine[g]!,
            d.byGrade[g]!,
            num(d.detail[g]!),
            [`GRADE ${GRADE_CODES[g]!.nces_label}`],
            d.detailBlank[g]!,
            0,
          );
      }
    }
    if (d.unitTotal !== undefined && !Number.isNaN(d.unitTotal))
      check.compare('Education Unit Total', d.unitTotalLine, d.unitTotal, sum, labels, blanks, 0);
    check.settle(selfCheck);
  }
  return {
    rows,
    year,
    layout: 'long',
    encoding: read.encoding,
    skipped,
    unknown_labels: unknown,
    districts,
    self_check: selfCheck,
  };
}

/** The wide membership files of 2014-15 and 2015-16: one row per district, a column per grade. */
async function readMembershipWide(source: InputSource, options: CcdReadOptions): Promise<CcdRead> {
  const name = source.name;
  const years = new YearGuard(name, options.year);
  const districts = new Map<string, { name: string; state: string; line: number }>();
  const rows = new StagedRows(['nces_id', 'year', 'grade', 'enrollment']);
  const staged: { id: string; grade: string; value: number | null; line: number }[] = [];
  const skipped: Record<string, number> = {};
  const selfCheck = emptySelfCheck();
  let at = new Map<string, number>();
  let gradeColumns: { column: string; index: number }[] = [];
  let totalColumn: string | null = null;
  let yearColumn: string | null = null;
  let stateColumn: string | null = null;
  const read = await readCsvFile(source, {
    onHeader(header) {
      requireLayout('membership', header, name);
      at = columnIndex(header, name, ['LEAID']);
      gradeColumns = WIDE_GRADE_COLUMNS.filter((c) => at.has(c)).map((c) => ({ column: c, index: at.get(c)! }));
      totalColumn = at.has('TOTAL') ? 'TOTAL' : at.has('MEMBER') ? 'MEMBER' : null;
      yearColumn = at.has('SCHOOL_YEAR') ? 'SCHOOL_YEAR' : at.has('SURVYEAR') ? 'SURVYEAR' : null;
      stateColumn = at.has('ST') ? 'ST' : at.has('STABR') ? 'STABR' : null;
    },
    onRecord(fields, line) {
      if (yearColumn) years.check(fields[at.get(yearColumn)!], line, yearColumn);
      const id = normalizeDistrictId(fields[at.get('LEAID')!]!);
      if (!id) throw new InputError(name, line, 'LEAID', `"${fields[at.get('LEAID')!]}" is not an NCES district id`);
      if (at.has('LEA_NAME') && stateColumn)
        districts.set(id, {
          name: fields[at.get('LEA_NAME')!]!.trim(),
          state: fields[at.get(stateColumn)!]!.trim().toUpperCase(),
          line,
        });
      const check = new DistrictCheck(id);
      let sum = 0;
      let blanks = 0;
      for (const { column, index } of gradeColumns) {
        const raw = fields[index]!;
        if (raw.trim() === '-2') {
          skipped['grade columns marked not applicable (-2)'] =
            (skipped['grade columns marked not applicable (-2)'] ?? 0) + 1;
          continue;
        }
        const value = isWideNotReported(raw) ? null : parseCount(raw, name, line, column, true);
        if (value === null) blanks++;
        else sum += value;
        staged.push({ id, grade: column, value, line });
      }
      if (totalColumn) {
        const raw = fields[at.get(totalColumn)!]!;
        const total = isWideNotReported(raw) ? null : parseCount(raw, name, line, totalColumn, true);
        check.compare(
          totalColumn,
          line,
          total,
          sum,
          gradeColumns.map((g) => g.column),
          blanks,
          0,
        );
      }
      check.settle(selfCheck);
    },
    onBytes: options.onBytes,
  });
  const year = years.required();
  for (const s of staged) rows.add([s.id, year, s.grade, s.value === null ? null : String(s.value)], s.line);
  return {
    rows,
    year,
    layout: 'wide',
    encoding: read.encoding,
    skipped,
    unknown_labels: {},
    districts,
    self_check: selfCheck,
  };
}
