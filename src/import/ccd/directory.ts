/**
 * CCD directory file (029, one row per district) → `district_directory` (the year's facts) and
 * `districts` (one row per district: the latest year's values win). Every column other than the ones
 * with a place of their own is kept in `metadata` under its NCES name.
 */
import { InputError } from '../../errors.js';
import { normalizeDistrictId } from '../../domain/ids.js';
import { readCsvFile, columnIndex } from '../read-csv.js';
import type { InputSource } from '../input-source.js';
import { StagedRows } from '../staged-rows.js';
import { parseCount, YearGuard } from './files.js';
import { isWideNotReported, requireLayout } from './layouts.js';
import type { CcdReadOptions, CcdRead } from './read-options.js';

/** Columns stored in a column of their own (the rest go to metadata). */
const OWN_COLUMNS = new Set([
  'LEAID',
  'LEA_NAME',
  'ST',
  'STABR',
  'OPERATIONAL_SCHOOLS',
  'SCHOOL_YEAR',
  'SURVYEAR',
  'SY_STATUS',
  'UPDATED_STATUS',
  'LEA_TYPE',
  'ST_LEAID',
]);

export interface DirectoryRecord {
  id: string;
  name: string;
  state: string;
  schools: number | null;
  lea_type: string | null;
  sy_status: string | null;
  updated_status: string | null;
  st_leaid: string | null;
  metadata: Record<string, string>;
  line: number;
}

export interface DirectoryRead extends CcdRead {
  records: DirectoryRecord[];
  synthetic: boolean;
  file: string;
}

const smallCode = (raw: string, name: string, line: number, column: string): string | null => {
  const text = raw.trim();
  if (isWideNotReported(text)) return null;
  if (!/^\d{1,2}$/.test(text)) throw new InputError(name, line, column, `"${raw}" is not an NCES code`);
  return String(Number(text));
};

export async function readDirectory(source: InputSource, options: CcdReadOptions): Promise<DirectoryRead> {
  const name = source.name;
  const years = new YearGuard(name, options.year);
  const synthetic = /_synthetic\b/i.test(name);
  const records: DirectoryRecord[] = [];
  let header: string[] = [];
  let at = new Map<string, number>();
  let stateColumn = 'ST';
  let yearColumn: string | null = null;
  const read = await readCsvFile(source, {
    onHeader(h) {
      header = h;
      requireLayout('directory', h, name);
      at = columnIndex(h, name, ['LEAID', 'LEA_NAME']);
      stateColumn = at.has('ST') ? 'ST' : 'STABR';
      yearColumn = at.has('SCHOOL_YEAR') ? 'SCHOOL_YEAR' : at.has('SURVYEAR') ? 'SURVYEAR' : null;
    },
    onRecord(fields, line) {
      const get = (c: string) => (at.has(c) ? (fields[at.get(c)!] ?? '') : '');
      if (yearColumn) years.check(get(yearColumn), line, yearColumn);
      const id = normalizeDistrictId(get('LEAID'));
      if (!id) throw new InputError(name, line, 'LEAID', `"${get('LEAID')}" is not an NCES district id`);
      const state = get(stateColumn).trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(state))
        throw new InputError(name, line, stateColumn, `"${get(stateColumn)}" is not a two-letter state code`);
      const lea = get('LEA_NAME').trim();
      if (!lea) throw new InputError(name, line, 'LEA_NAME', 'the district name is empty');
      const rawSchools = get('OPERATIONAL_SCHOOLS');
      // Reserve codes (-1 missing, -2 not applicable, …) only in the wide-era files (SURVYEAR); elsewhere a
      // negative count is an error.
      const schools =
        at.has('OPERATIONAL_SCHOOLS') && !(yearColumn === 'SURVYEAR' && isWideNotReported(rawSchools))
          ? parseCount(rawSchools, name, line, 'OPERATIONAL_SCHOOLS', true)
          : null;
      const metadata: Record<string, string> = {};
      header.forEach((column, i) => {
        if (!OWN_COLUMNS.has(column.toUpperCase()) && fields[i]!.trim() !== '') metadata[column] = fields[i]!.trim();
      });
      const stLeaid = get('ST_LEAID').trim();
      records.push({
        id,
        name: lea,
        state,
        schools,
        lea_type: smallCode(get('LEA_TYPE'), name, line, 'LEA_TYPE'),
        sy_status: smallCode(get('SY_STATUS'), name, line, 'SY_STATUS'),
        updated_status: smallCode(get('UPDATED_STATUS'), name, line, 'UPDATED_STATUS'),
        st_leaid: stLeaid || null,
        metadata,
        line,
      });
    },
    onBytes: options.onBytes,
  });
  const year = years.required();
  const rows = new StagedRows([
    'nces_id',
    'year',
    'name',
    'state',
    'lea_type',
    'sy_status',
    'updated_status',
    'operational_schools',
    'st_leaid',
    'metadata',
  ]);
  for (const r of records) {
    rows.add(
      [
        r.id,
        year,
        r.name,
        r.state,
        r.lea_type,
        r.sy_status,
        r.updated_status,
        r.schools === null ? null : String(r.schools),
        r.st_leaid,
        JSON.stringify(r.metadata),
      ],
      r.line,
    );
  }
  return {
    rows,
    records,
    synthetic,
    file: name,
    year,
    layout: 'wide',
    encoding: read.encoding,
    skipped: {},
    unknown_labels: {},
    districts: new Map(),
  };
}

/**
 * The `districts` rows of a directory read, leaving out the districts `skip` names (those a later
 * year's directory already describes: its values win).
 */
export function districtRowsOf(read: DirectoryRead, skip: ReadonlySet<string>): StagedRows {
  const rows = new StagedRows(['nces_id', 'name', 'state', 'schools', 'metadata']);
  for (const r of read.records) {
    if (skip.has(r.id)) continue;
    // The directory's columns under their NCES names, as before district_directory existed.
    const record: Record<string, unknown> = {
      ...r.metadata,
      ...(r.st_leaid ? { ST_LEAID: r.st_leaid } : {}),
      ...(r.lea_type ? { LEA_TYPE: r.lea_type } : {}),
      ...(r.sy_status ? { SY_STATUS: r.sy_status } : {}),
      ...(r.updated_status ? { UPDATED_STATUS: r.updated_status } : {}),
      ccd_directory_file: read.file,
      ccd_directory_year: read.year,
    };
    // `lct demo-data` marks its files; every district from them is marked too.
    if (read.synthetic) record.synthetic = true;
    rows.add([r.id, r.name, r.state, r.schools === null ? null : String(r.schools), JSON.stringify(record)], r.line);
  }
  return rows;
}
