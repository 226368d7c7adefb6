/** CCD directory file (029, wide, one row per district) → `districts` (name, state, schools, metadata). */
import path from 'node:path';
import { InputError } from '../../errors.js';
import { normalizeDistrictId } from '../../domain/ids.js';
import { readCsvFile, columnIndex } from '../read-csv.js';
import { StagedRows } from '../staged-rows.js';
import { parseCount, YearGuard } from './files.js';
import type { CcdReadOptions, CcdRead } from './read-options.js';

const REQUIRED = ['LEAID', 'LEA_NAME', 'ST'] as const;

export async function readDirectory(file: string, options: CcdReadOptions): Promise<CcdRead> {
  const name = path.basename(file);
  const years = new YearGuard(file, options.year);
  const synthetic = /_synthetic\b/i.test(name);
  const rows = new StagedRows(['nces_id', 'name', 'state', 'schools', 'metadata']);
  let header: string[] = [];
  let at = new Map<string, number>();
  const read = await readCsvFile(file, {
    onHeader(h) {
      header = h;
      at = columnIndex(h, file, REQUIRED);
    },
    onRecord(fields, line) {
      const get = (c: string) => fields[at.get(c)!] ?? '';
      years.check(at.has('SCHOOL_YEAR') ? get('SCHOOL_YEAR') : undefined, line);
      const id = normalizeDistrictId(get('LEAID'));
      if (!id) throw new InputError(name, line, 'LEAID', `"${get('LEAID')}" is not an NCES district id`);
      const state = get('ST').trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(state))
        throw new InputError(name, line, 'ST', `"${get('ST')}" is not a two-letter state code`);
      const lea = get('LEA_NAME').trim();
      if (!lea) throw new InputError(name, line, 'LEA_NAME', 'the district name is empty');
      const schools = at.has('OPERATIONAL_SCHOOLS')
        ? parseCount(get('OPERATIONAL_SCHOOLS'), file, line, 'OPERATIONAL_SCHOOLS', true)
        : null;
      // Everything else the directory says is kept, under its NCES column name.
      const metadata: Record<string, string> = {};
      header.forEach((column, i) => {
        if (
          !['LEAID', 'LEA_NAME', 'ST', 'OPERATIONAL_SCHOOLS'].includes(column.toUpperCase()) &&
          fields[i]!.trim() !== ''
        )
          metadata[column] = fields[i]!.trim();
      });
      const record: Record<string, unknown> = { ...metadata, ccd_directory_file: name };
      // `lct demo-data` marks its files; every district from them is marked too.
      if (synthetic) record.synthetic = true;
      rows.add([id, lea, state, schools === null ? null : String(schools), JSON.stringify(record)], line);
    },
    onBytes: options.onBytes,
  });
  return {
    rows,
    year: years.required(),
    encoding: read.encoding,
    skipped: {},
    unknown_labels: {},
    districts: new Map(),
  };
}
