/**
 * The original project's district list (district_id, district_name, state, enrollment,
 * instructional_staff, year, data_source), e.g. districts_2023_24_nces.csv: ids lose their leading zero
 * in it, and counts are written 5821.0. Fills `districts` and the teachers total of that year.
 */
import path from 'node:path';
import type { Queryable } from '../db/database.js';
import { InputError } from '../errors.js';
import { normalizeDistrictId } from '../domain/ids.js';
import { normalizeSchoolYear } from '../domain/years.js';
import { loadRows } from './load-rows.js';
import { columnIndex, readCsvFile } from './read-csv.js';
import { StagedRows } from './staged-rows.js';
import { readTableInfo } from './table-info.js';
import type { FileSummary } from './summary.js';
import { parseCount } from './ccd/files.js';

export const DISTRICT_LIST_COLUMNS = ['district_id', 'district_name', 'state', 'enrollment'] as const;

export function isDistrictListHeader(header: readonly string[]): boolean {
  return DISTRICT_LIST_COLUMNS.every((c) => header.includes(c)) && !header.includes('grade_level');
}

export async function importDistrictList(
  tx: Queryable,
  file: string,
  options: { createMissingDistricts?: boolean } = {},
): Promise<FileSummary[]> {
  const name = path.basename(file);
  const districts = new StagedRows(['nces_id', 'name', 'state', 'enrollment', 'metadata']);
  const teachers = new StagedRows(['nces_id', 'year', 'category', 'fte_count']);
  let at = new Map<string, number>();
  const read = await readCsvFile(file, {
    onHeader(header) {
      at = columnIndex(
        header.map((h) => h.toUpperCase()),
        file,
        DISTRICT_LIST_COLUMNS.map((c) => c.toUpperCase()),
      );
    },
    onRecord(fields, line) {
      const get = (c: string) => (at.has(c.toUpperCase()) ? fields[at.get(c.toUpperCase())!]! : '');
      const id = normalizeDistrictId(get('district_id'));
      if (!id) throw new InputError(name, line, 'district_id', `"${get('district_id')}" is not an NCES district id`);
      const state = get('state').trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(state))
        throw new InputError(name, line, 'state', `"${get('state')}" is not a two-letter state code`);
      const enrollment = parseCount(get('enrollment'), file, line, 'enrollment', true);
      const metadata: Record<string, string> = { source_file: name };
      if (get('data_source')) metadata.data_source = get('data_source');
      districts.add(
        [
          id,
          get('district_name').trim() || `District ${id}`,
          state,
          enrollment === null ? null : String(enrollment),
          JSON.stringify(metadata),
        ],
        line,
      );
      const staff = at.has('INSTRUCTIONAL_STAFF')
        ? parseCount(get('instructional_staff'), file, line, 'instructional_staff', false)
        : null;
      const yearRaw = get('year');
      if (staff !== null && yearRaw) {
        const year = normalizeSchoolYear(yearRaw);
        if (!year) throw new InputError(name, line, 'year', `"${yearRaw}" is not a school year`);
        teachers.add([id, year, 'teachers_total', String(staff)], line);
      }
    },
  });
  const summaries: FileSummary[] = [];
  const districtCounts = await loadRows(tx, (await readTableInfo(tx, 'districts'))!, districts, { file: name });
  summaries.push({
    file: name,
    kind: 'district list',
    table: 'districts',
    ...districtCounts,
    skipped: {},
    unknown_labels: {},
    encoding: read.encoding,
  });
  if (teachers.count > 0) {
    const staffCounts = await loadRows(tx, (await readTableInfo(tx, 'grade_level_staffing'))!, teachers, {
      file: name,
      createMissingDistricts: options.createMissingDistricts,
    });
    summaries.push({
      file: name,
      kind: 'district list',
      table: 'grade_level_staffing',
      ...staffCounts,
      skipped: {},
      unknown_labels: {},
      encoding: read.encoding,
    });
  }
  return summaries;
}
