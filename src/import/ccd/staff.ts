/**
 * CCD staff file (059) → `grade_level_staffing`, in the categories of src/domain/staff.ts.
 * Long (2016-17 on): "Category Set A" rows are the details, each label mapped to its category by
 * NCES_STAFF_LABELS; the derived totals and the Education Unit Total are read for the self-check and
 * not summed, except "Teachers", kept as teachers_total. Whether a row is a detail or a total is its
 * TOTAL_INDICATOR's to say, never its label's.
 * Wide (2014-15, 2015-16): a column per category (NCES_WIDE_STAFF_COLUMNS); TOTTCH, TOTGUI and STAFF
 * are the totals. A blank count (or a reserve code in the wide files) is "not reported" (NULL).
 */
import { InputError } from '../../errors.js';
import { normalizeDistrictId } from '../../domain/ids.js';
import { NCES_WIDE_STAFF_COLUMNS, ncesStaffLabel, STAFF_CATEGORIES } from '../../domain/staff.js';
import { readCsvFile, columnIndex, detach } from '../read-csv.js';
import type { InputSource } from '../input-source.js';
import { StagedRows } from '../staged-rows.js';
import { parseCount, YearGuard } from './files.js';
import { isWideNotReported, requireLayout, type CcdLayout } from './layouts.js';
import { DistrictCheck, emptySelfCheck, round2 } from './self-check.js';
import type { CcdRead, CcdReadOptions } from './read-options.js';

const TEACHER_CATEGORIES = new Set(STAFF_CATEGORIES.filter((c) => c.teacher_level).map((c) => c.category));
/** FTE are published to 0.01: a sum of n of them may be off by up to n × 0.005 from a total of the unrounded. */
const tolerance = (summed: number) => 0.01 * Math.max(1, summed);

interface DistrictStaff {
  /** category → sum (NaN until a count is seen) and first line. */
  categories: Map<string, { value: number; line: number }>;
  /** Sums for the self-check: every detail, the teacher details, the counselor details. */
  all: Sum;
  teachers: Sum;
  counselors: Sum;
  /** Totals the file carries: label → value (NaN: blank) and line. */
  totals: Map<string, { value: number; line: number }>;
}

interface Sum {
  value: number;
  rows: number;
  blanks: number;
  labels: Set<string>;
}

const newSum = (): Sum => ({ value: 0, rows: 0, blanks: 0, labels: new Set() });
const addTo = (sum: Sum, label: string, count: number | null) => {
  sum.labels.add(label);
  if (count === null) sum.blanks++;
  else {
    sum.value += count;
    sum.rows++;
  }
};

export async function readStaff(source: InputSource, options: CcdReadOptions): Promise<CcdRead> {
  const name = source.name;
  const years = new YearGuard(name, options.year);
  const staff = new Map<string, DistrictStaff>();
  const districts = new Map<string, { name: string; state: string; line: number }>();
  const skipped: Record<string, number> = {};
  const unknown: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  let at = new Map<string, number>();
  let layout: CcdLayout = 'long';
  let wideColumns: { column: string; index: number; category: string | null; total: boolean }[] = [];
  let yearColumn: string | null = null;
  let stateColumn: string | null = null;

  const districtOf = (rawId: string, line: number, fields: string[]): [string, DistrictStaff] => {
    const normalized = normalizeDistrictId(rawId);
    const id = normalized && detach(normalized);
    if (!id) throw new InputError(name, line, 'LEAID', `"${rawId}" is not an NCES district id`);
    let d = staff.get(id);
    if (!d) {
      d = { categories: new Map(), all: newSum(), teachers: newSum(), counselors: newSum(), totals: new Map() };
      staff.set(id, d);
      if (at.has('LEA_NAME') && stateColumn)
        districts.set(id, {
          name: detach(fields[at.get('LEA_NAME')!]!.trim()),
          state: detach(fields[at.get(stateColumn)!]!.trim().toUpperCase()),
          line,
        });
    }
    return [id, d];
  };
  const addDetail = (d: DistrictStaff, label: string, category: string | null, count: number | null, line: number) => {
    addTo(d.all, label, count);
    if (!category) return;
    if (TEACHER_CATEGORIES.has(category)) addTo(d.teachers, label, count);
    if (category === 'counselors') addTo(d.counselors, label, count);
    const entry = d.categories.get(category) ?? { value: NaN, line };
    if (count !== null) entry.value = Number.isNaN(entry.value) ? count : entry.value + count;
    d.categories.set(category, entry);
  };

  const read = await readCsvFile(source, {
    onHeader(header) {
      layout = requireLayout('staff', header, name);
      at = columnIndex(
        header,
        name,
        layout === 'long' ? ['LEAID', 'STAFF', 'STAFF_COUNT', 'TOTAL_INDICATOR'] : ['LEAID'],
      );
      yearColumn = at.has('SCHOOL_YEAR') ? 'SCHOOL_YEAR' : at.has('SURVYEAR') ? 'SURVYEAR' : null;
      stateColumn = at.has('ST') ? 'ST' : at.has('STABR') ? 'STABR' : null;
      if (layout === 'wide')
        wideColumns = NCES_WIDE_STAFF_COLUMNS.filter((c) => at.has(c.column)).map((c) => ({
          column: c.column,
          index: at.get(c.column)!,
          category: c.category,
          total: Boolean(c.total),
        }));
    },
    onRecord(fields, line) {
      if (yearColumn) years.check(fields[at.get(yearColumn)!], line, yearColumn);
      if (layout === 'wide') {
        const [, d] = districtOf(fields[at.get('LEAID')!]!, line, fields);
        for (const c of wideColumns) {
          const raw = fields[c.index]!;
          if (raw.trim() === '-2') continue; // not applicable: no row
          const count = isWideNotReported(raw) ? null : parseCount(raw, name, line, c.column, false);
          if (c.total) {
            d.totals.set(c.column, { value: count ?? NaN, line });
            // NCES's teacher total is kept, as the long files' derived "Teachers" row is.
            if (c.column === 'TOTTCH') d.categories.set('teachers_total', { value: count ?? NaN, line });
          } else addDetail(d, c.column, c.category, count, line);
        }
        return;
      }
      const get = (c: string) => fields[at.get(c)!]!;
      const indicator = get('TOTAL_INDICATOR').trim().toLowerCase();
      const label = get('STAFF').trim();
      const known = ncesStaffLabel(label);
      if (indicator.startsWith('category set a')) {
        const count = parseCount(get('STAFF_COUNT'), name, line, 'STAFF_COUNT', false);
        const [, d] = districtOf(get('LEAID'), line, fields);
        if (known?.not_stored) {
          skip(`detail rows without a staff category ("${known.label}": counted in the self-check, not stored)`);
          addDetail(d, known.label, null, count, line);
        } else if (known?.category) addDetail(d, known.label, known.category, count, line);
        else {
          unknown[`STAFF ${label}`] = (unknown[`STAFF ${label}`] ?? 0) + 1;
          d.all.labels.add(`STAFF ${detach(label)} (unknown)`);
        }
        return;
      }
      if (indicator.startsWith('derived') || indicator.startsWith('education unit total')) {
        const count = parseCount(get('STAFF_COUNT'), name, line, 'STAFF_COUNT', false);
        const [, d] = districtOf(get('LEAID'), line, fields);
        const key = indicator.startsWith('education unit total') ? 'Education Unit Total' : (known?.label ?? label);
        d.totals.set(key, { value: count ?? NaN, line });
        if (key === 'Teachers') {
          const entry = d.categories.get('teachers_total') ?? { value: NaN, line };
          if (count !== null) entry.value = count;
          d.categories.set('teachers_total', entry);
          return;
        }
        if (key === 'Education Unit Total')
          return skip('education unit totals (checked against the details, not stored)');
        if (!known) unknown[`STAFF ${label} (total)`] = (unknown[`STAFF ${label} (total)`] ?? 0) + 1;
        return skip('derived staff totals other than Teachers (checked or read, not summed)');
      }
      const key = `TOTAL_INDICATOR ${get('TOTAL_INDICATOR')}`;
      unknown[key] = (unknown[key] ?? 0) + 1;
    },
    onBytes: options.onBytes,
  });

  const rows = new StagedRows(['nces_id', 'year', 'category', 'fte_count']);
  const year = years.required();
  const selfCheck = emptySelfCheck();
  const totalOf = (d: DistrictStaff, ...keys: string[]) => {
    for (const k of keys) {
      const t = d.totals.get(k);
      if (t && !Number.isNaN(t.value)) return t;
    }
    return undefined;
  };
  for (const [id, d] of staff) {
    for (const [category, { value, line }] of d.categories) {
      rows.add([id, year, category, Number.isNaN(value) ? null : String(round2(value))], line);
    }
    const check = new DistrictCheck(id);
    const compare = (label: string, total: { value: number; line: number } | undefined, sum: Sum) => {
      if (total)
        check.compare(
          label,
          total.line,
          total.value,
          sum.value,
          sum.labels,
          sum.blanks,
          tolerance(sum.rows + sum.blanks),
        );
    };
    compare('Education Unit Total', totalOf(d, 'Education Unit Total', 'STAFF'), d.all);
    compare('Teachers', totalOf(d, 'Teachers', 'TOTTCH'), d.teachers);
    // The counselor total only where the file lists the counselors as details.
    if (d.counselors.labels.size > 0 && !d.counselors.labels.has('Guidance Counselors'))
      compare('Guidance Counselors', totalOf(d, 'Guidance Counselors', 'TOTGUI'), d.counselors);
    check.settle(selfCheck);
  }
  return {
    rows,
    year,
    layout,
    encoding: read.encoding,
    skipped,
    unknown_labels: unknown,
    districts,
    self_check: selfCheck,
  };
}
