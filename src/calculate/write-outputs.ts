/**
 * Writes a run's files: all rows and valid rows (CSV streamed out of the database with COPY), the
 * per-scope and per-state summaries (CSV), the readable report (text) and the QA JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Queryable } from '../db/database.js';
import { RESULTS_TABLE } from './current-results.js';
import type { OutputFile, QaSummary, ScopeStatistics, StateScopeStatistics } from './types.js';

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

const STATISTIC_COLUMNS = ['count', 'mean', 'median', 'std', 'min', 'max'] as const;

export const OUTPUT_FILE_NAMES: Readonly<Record<OutputFile['name'], string>> = {
  all_rows: 'all_rows.csv',
  valid_rows: 'valid_rows.csv',
  summary_by_scope: 'summary_by_scope.csv',
  summary_by_state: 'summary_by_state.csv',
  report: 'report.txt',
  qa: 'qa.json',
};

function resultsCopySql(onlyValid: boolean): string {
  const columns = RESULT_COLUMNS.map((c) => (c === 'qa_flags' ? `array_to_string(qa_flags, '; ') AS qa_flags` : c)).join(', ');
  return `COPY (SELECT ${columns} FROM ${RESULTS_TABLE} ${onlyValid ? 'WHERE valid' : ''} ORDER BY district_id, scope_order)
          TO STDOUT WITH (FORMAT csv, HEADER true)`;
}

async function copyToFile(tx: Queryable, sql: string, file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'w');
  try {
    for await (const chunk of tx.copyTo(sql)) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

const csv = (rows: readonly object[], columns: readonly string[]) =>
  stringify(rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c] ?? '')), { header: true, columns: [...columns] });

export interface OutputContent {
  qa: QaSummary;
  stateStatistics: StateScopeStatistics[];
  report: string;
}

const FORMATS: Readonly<Record<OutputFile['name'], OutputFile['format']>> = {
  all_rows: 'csv',
  valid_rows: 'csv',
  summary_by_scope: 'csv',
  summary_by_state: 'csv',
  report: 'txt',
  qa: 'json',
};

/** The files a run writes into `dir`, as `calculation_runs.output_files` lists them (absolute paths). */
export function plannedOutputFiles(dir: string): OutputFile[] {
  const absolute = path.resolve(dir);
  return (Object.keys(OUTPUT_FILE_NAMES) as OutputFile['name'][]).map((name) => ({ name, path: path.join(absolute, OUTPUT_FILE_NAMES[name]), format: FORMATS[name] }));
}

/** Writes every planned file (the folder is created if needed); `onWritten` hears each path before it is written. */
export async function writeOutputs(tx: Queryable, files: readonly OutputFile[], content: OutputContent, onWritten: (file: string) => void): Promise<void> {
  const fileFor = (name: OutputFile['name']) => {
    const file = files.find((f) => f.name === name)!.path;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    onWritten(file);
    return file;
  };
  await copyToFile(tx, resultsCopySql(false), fileFor('all_rows'));
  await copyToFile(tx, resultsCopySql(true), fileFor('valid_rows'));
  const scopeColumns = ['scope', ...STATISTIC_COLUMNS];
  fs.writeFileSync(fileFor('summary_by_scope'), csv(content.qa.scope_summary satisfies ScopeStatistics[], scopeColumns));
  fs.writeFileSync(fileFor('summary_by_state'), csv(content.stateStatistics, ['state', ...scopeColumns]));
  fs.writeFileSync(fileFor('report'), content.report);
  fs.writeFileSync(fileFor('qa'), `${JSON.stringify(content.qa, null, 2)}\n`);
}
