/**
 * `lct import bell-schedules <file>`: the original project's JSON (keyed by district id, one object
 * per level, `year` per district, default 2024-25) or a CSV with one schedule per row (the shape of
 * bell_schedules_2024_25.csv). Every record is checked by `validateBellSchedule`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../db/database.js';
import { InputError } from '../errors.js';
import {
  SCHOOL_LEVELS,
  validateBellSchedule,
  type BellScheduleInput,
  type BellScheduleRecord,
} from '../domain/bell-schedules.js';
import { loadRows } from './load-rows.js';
import { readCsvFile } from './read-csv.js';
import { StagedRows } from './staged-rows.js';
import { readTableInfo } from './table-info.js';
import type { FileSummary } from './summary.js';

/** The year the original JSON shape assumes when a district gives none. */
export const DEFAULT_BELL_SCHEDULE_YEAR = '2024-25';

const COLUMNS = [
  'district_id',
  'year',
  'grade_level',
  'instructional_minutes',
  'start_time',
  'end_time',
  'lunch_duration',
  'passing_periods',
  'method',
  'confidence',
  'schools_sampled',
  'source_urls',
  'source',
  'notes',
  'created_by',
] as const satisfies readonly (keyof BellScheduleRecord)[];
/** Columns the CSV shape may carry for people, not stored. */
const INFORMATIONAL = ['district_name', 'state'];

export interface BellScheduleImportOptions {
  createMissingDistricts?: boolean;
  /** Recorded as created_by on new schedules that do not name their collector. */
  createdBy?: string;
}

function stage(rows: StagedRows, record: BellScheduleRecord, line: number, createdBy: string | undefined): void {
  rows.add(
    COLUMNS.map((c) => {
      const value = c === 'created_by' ? (record.created_by ?? createdBy ?? null) : record[c];
      if (value === null) return null;
      return Array.isArray(value) ? JSON.stringify(value) : String(value);
    }),
    line,
  );
}

export function isBellScheduleCsvHeader(header: readonly string[]): boolean {
  return (
    ['district_id', 'grade_level', 'instructional_minutes'].every((c) => header.includes(c)) &&
    header.every((h) => (COLUMNS as readonly string[]).includes(h) || INFORMATIONAL.includes(h))
  );
}

export async function importBellSchedules(
  tx: Queryable,
  file: string,
  options: BellScheduleImportOptions = {},
): Promise<FileSummary> {
  const name = path.basename(file);
  const rows = new StagedRows(COLUMNS);
  const extension = path.extname(file).toLowerCase();
  let encoding: string | undefined;
  if (extension === '.json') {
    readJson(file, name, rows, options);
  } else {
    let header: string[] = [];
    const read = await readCsvFile(file, {
      onHeader(h) {
        header = h;
        const unknown = h.filter((c) => !(COLUMNS as readonly string[]).includes(c) && !INFORMATIONAL.includes(c));
        if (unknown.length)
          throw new InputError(
            name,
            1,
            unknown[0]!,
            `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`,
            `Bell-schedule CSV columns: ${[...COLUMNS, ...INFORMATIONAL].join(', ')}.`,
          );
      },
      onRecord(fields, line) {
        const input: Record<string, string> = {};
        header.forEach((c, i) => (input[c] = fields[i]!));
        const result = validateBellSchedule(input as BellScheduleInput, { year: DEFAULT_BELL_SCHEDULE_YEAR });
        if (!result.ok) {
          const first = result.errors[0]!;
          throw new InputError(
            name,
            line,
            first.field,
            `${first.field} ${first.message}${
              result.errors.length > 1
                ? ` (and ${result.errors
                    .slice(1)
                    .map((e) => e.field)
                    .join(', ')})`
                : ''
            }`,
          );
        }
        stage(rows, result.value, line, options.createdBy);
      },
    });
    encoding = read.encoding;
  }
  const info = (await readTableInfo(tx, 'bell_schedules'))!;
  const counts = await loadRows(tx, info, rows, { file: name, createMissingDistricts: options.createMissingDistricts });
  return {
    file: name,
    kind: 'bell schedules',
    table: 'bell_schedules',
    ...counts,
    skipped: {},
    unknown_labels: {},
    encoding,
  };
}

function readJson(file: string, name: string, rows: StagedRows, options: BellScheduleImportOptions): void {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(name, null, null, `is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(
      name,
      null,
      null,
      'must be an object keyed by district id, each with elementary / middle / high schedules',
    );
  }
  // "Line" in messages is the district's position in the file, so people can find it.
  let position = 0;
  for (const [districtKey, district] of Object.entries(data as Record<string, unknown>)) {
    position++;
    if (typeof district !== 'object' || district === null) {
      throw new InputError(
        name,
        null,
        `district ${districtKey}`,
        'must be an object with elementary / middle / high schedules',
      );
    }
    const d = district as Record<string, unknown>;
    let levels = 0;
    for (const level of SCHOOL_LEVELS) {
      const schedule = d[level];
      if (schedule === undefined || schedule === null) continue;
      levels++;
      if (typeof schedule !== 'object')
        throw new InputError(name, null, `district ${districtKey} ${level}`, 'must be an object');
      const result = validateBellSchedule(
        {
          ...(schedule as BellScheduleInput),
          district_id: districtKey,
          grade_level: level,
          year: d.year ?? (schedule as Record<string, unknown>).year,
        },
        { year: DEFAULT_BELL_SCHEDULE_YEAR },
      );
      if (!result.ok) {
        const first = result.errors[0]!;
        throw new InputError(
          name,
          null,
          `district ${districtKey}, ${level}, ${first.field}`,
          `${first.message}${
            result.errors.length > 1
              ? ` (and ${result.errors
                  .slice(1)
                  .map((e) => e.field)
                  .join(', ')})`
              : ''
          }`,
        );
      }
      stage(rows, result.value, position, options.createdBy);
    }
    if (levels === 0)
      throw new InputError(name, null, `district ${districtKey}`, `has no ${SCHOOL_LEVELS.join(' / ')} schedule`);
  }
}
