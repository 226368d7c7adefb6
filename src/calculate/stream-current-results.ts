/**
 * Streams the results a run's outputs and QA describe, once, out of the database with COPY: the year's
 * current rows (`lct_current`) for the run's scopes, with district names and states, sorted by district
 * and scope. For a full run these are exactly its own rows (it processed every district), read by run id.
 * Each row is handed over parsed (for the QA summary) and as its CSV line (for the files).
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Queryable } from '../db/database.js';
import { ALL_SCOPES } from '../domain/scopes.js';
import { sqlList, sqlLiteral } from './sql-text.js';

/** The columns of the all-rows and valid-rows files, in order (DOMAIN.md). */
export const RESULT_COLUMNS = [
  'district_id',
  'district_name',
  'state',
  'scope',
  'lct_value',
  'instructional_minutes',
  'minutes_source',
  'minutes_year',
  'staff_count',
  'staff_year',
  'enrollment',
  'enrollment_type',
  'enrollment_year',
  'qa_flags',
  'notes',
] as const;

export interface ResultRecord {
  valid: boolean;
  district_id: string;
  district_name: string;
  state: string;
  scope: string;
  /** LCT in hundredths of a minute (exact), or null. */
  lct_hundredths: number | null;
  qa_flags: string[];
  has_notes: boolean;
}

const SELECTED: Readonly<Record<(typeof RESULT_COLUMNS)[number], string>> = {
  district_id: 'c.district_id',
  district_name: 'd.name',
  state: 'd.state',
  scope: 'c.scope',
  lct_value: 'c.lct_value',
  instructional_minutes: 'c.instructional_minutes',
  minutes_source: 'c.minutes_source',
  minutes_year: 'c.minutes_year',
  staff_count: 'c.staff_count',
  staff_year: 'c.staff_year',
  enrollment: 'c.enrollment',
  enrollment_type: 'c.enrollment_type',
  enrollment_year: 'c.enrollment_year',
  qa_flags: `array_to_string(c.qa_flags, '; ')`,
  notes: 'c.calculation_notes',
};

/** COPY takes no parameters: the run id, year and scopes are written as quoted literals. */
function copySql(run: { runId: string; year: string; runType: 'full' | 'incremental'; scopes: readonly string[] }): string {
  const source =
    run.runType === 'full'
      ? `lct_calculations c JOIN districts d ON d.nces_id = c.district_id WHERE c.run_id = ${sqlLiteral(run.runId)}`
      : `lct_current c JOIN districts d ON d.nces_id = c.district_id WHERE c.year = ${sqlLiteral(run.year)} AND c.scope IN (${sqlList(run.scopes)})`;
  // The C collation sorts the ASCII ids like the locale would, without its cost.
  return `COPY (SELECT c.valid, ${RESULT_COLUMNS.map((column) => `${SELECTED[column]} AS ${column}`).join(', ')}
                FROM ${source}
                ORDER BY c.district_id COLLATE "C", array_position(ARRAY[${sqlList(ALL_SCOPES)}], c.scope::text))
          TO STDOUT WITH (FORMAT csv, HEADER true)`;
}

const hundredths = (text: string): number | null => {
  if (text === '') return null;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new Error(`unexpected LCT value "${text}"`);
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -value : value;
};

/**
 * Calls `onHeader` with the files' header line, then `onRow` for every row, in order. The lines handed
 * over are the files' lines: the leading `valid` column used for routing is cut off.
 */
export async function streamCurrentResults(
  tx: Queryable,
  run: { runId: string; year: string; runType: 'full' | 'incremental'; scopes: readonly string[] },
  handlers: { onHeader(line: string): void; onRow(record: ResultRecord, line: string): void },
): Promise<void> {
  const parser = parse({ raw: true });
  const source = Readable.from(tx.copyTo(copySql(run)));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let header = true;
  for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    const line = raw.slice(raw.indexOf(',') + 1);
    if (header) {
      header = false;
      handlers.onHeader(line);
      continue;
    }
    handlers.onRow(
      {
        valid: record[0] === 't',
        district_id: record[1]!,
        district_name: record[2]!,
        state: record[3]!,
        scope: record[4]!,
        lct_hundredths: hundredths(record[5]!),
        qa_flags: record[14] ? record[14].split('; ') : [],
        has_notes: record[15] !== '',
      },
      line,
    );
  }
}
