/**
 * CCD staff file (059, long) → `grade_level_staffing`. Detail rows ("Category Set A") give the staff
 * categories; of the derived totals only "Teachers" is kept (as teachers_total, informational); the
 * education unit total is skipped. A blank count is "not reported" (NULL).
 */
import path from 'node:path';
import { InputError } from '../../errors.js';
import { normalizeDistrictId } from '../../domain/ids.js';
import { staffCategoryForNcesLabel } from '../../domain/staff.js';
import { readCsvFile, columnIndex, detach } from '../read-csv.js';
import { StagedRows } from '../staged-rows.js';
import { parseCount, YearGuard } from './files.js';
import type { CcdRead, CcdReadOptions } from './read-options.js';

export async function readStaff(file: string, options: CcdReadOptions): Promise<CcdRead> {
  const name = path.basename(file);
  const years = new YearGuard(file, options.year);
  /** nces_id → category → [sum (NaN until a count is seen), first line] */
  const sums = new Map<string, Map<string, { value: number; line: number }>>();
  const districts = new Map<string, { name: string; state: string; line: number }>();
  const skipped: Record<string, number> = {};
  const unknown: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  let at = new Map<string, number>();

  const read = await readCsvFile(file, {
    onHeader(header) {
      at = columnIndex(header, file, ['LEAID', 'STAFF', 'STAFF_COUNT', 'TOTAL_INDICATOR']);
    },
    onRecord(fields, line) {
      const get = (c: string) => fields[at.get(c)!]!;
      const indicator = get('TOTAL_INDICATOR').trim().toLowerCase();
      const label = get('STAFF').trim();
      let category: string | undefined;
      if (indicator.startsWith('category set a')) {
        category = staffCategoryForNcesLabel(label);
        if (!category) {
          unknown[`STAFF ${label}`] = (unknown[`STAFF ${label}`] ?? 0) + 1;
          return;
        }
      } else if (indicator.startsWith('derived')) {
        if (label.toLowerCase() !== 'teachers') return skip('derived staff totals other than Teachers');
        category = 'teachers_total';
      } else if (indicator.startsWith('education unit total')) {
        return skip('education unit totals (all staff)');
      } else {
        unknown[`TOTAL_INDICATOR ${get('TOTAL_INDICATOR')}`] =
          (unknown[`TOTAL_INDICATOR ${get('TOTAL_INDICATOR')}`] ?? 0) + 1;
        return;
      }
      if (at.has('SCHOOL_YEAR')) years.check(get('SCHOOL_YEAR'), line);
      const normalized = normalizeDistrictId(get('LEAID'));
      const id = normalized && detach(normalized);
      if (!id) throw new InputError(name, line, 'LEAID', `"${get('LEAID')}" is not an NCES district id`);
      const count = parseCount(get('STAFF_COUNT'), file, line, 'STAFF_COUNT', false);
      let byCategory = sums.get(id);
      if (!byCategory) {
        byCategory = new Map();
        sums.set(id, byCategory);
        if (at.has('LEA_NAME') && at.has('ST'))
          districts.set(id, {
            name: detach(get('LEA_NAME').trim()),
            state: detach(get('ST').trim().toUpperCase()),
            line,
          });
      }
      const entry = byCategory.get(category) ?? { value: NaN, line };
      if (count !== null) entry.value = Number.isNaN(entry.value) ? count : entry.value + count;
      byCategory.set(category, entry);
    },
    onBytes: options.onBytes,
  });

  const rows = new StagedRows(['nces_id', 'year', 'category', 'fte_count']);
  const year = years.required();
  for (const [id, byCategory] of sums) {
    for (const [category, { value, line }] of byCategory) {
      rows.add([id, year, category, Number.isNaN(value) ? null : String(Math.round(value * 100) / 100)], line);
    }
  }
  return { rows, year, encoding: read.encoding, skipped, unknown_labels: unknown, districts };
}
