/**
 * A run's files: all rows and valid rows (CSV lines as the database wrote them, routed while they stream
 * past), the per-scope and per-state summaries (CSV), the readable report (text) and the QA JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { OutputFile, QaSummary, ScopeStatistics, StateScopeStatistics } from './types.js';

export const OUTPUT_FILES: readonly { name: OutputFile['name']; file: string; format: OutputFile['format'] }[] = [
  { name: 'all_rows', file: 'all_rows.csv', format: 'csv' },
  { name: 'valid_rows', file: 'valid_rows.csv', format: 'csv' },
  { name: 'summary_by_scope', file: 'summary_by_scope.csv', format: 'csv' },
  { name: 'summary_by_state', file: 'summary_by_state.csv', format: 'csv' },
  { name: 'report', file: 'report.txt', format: 'txt' },
  { name: 'qa', file: 'qa.json', format: 'json' },
];

const STATISTIC_COLUMNS = ['count', 'mean', 'median', 'std', 'min', 'max'] as const;

/** The files a run writes into `dir`, as `calculation_runs.output_files` lists them (absolute paths). */
export function plannedOutputFiles(dir: string): OutputFile[] {
  const absolute = path.resolve(dir);
  return OUTPUT_FILES.map(({ name, file, format }) => ({ name, path: path.join(absolute, file), format }));
}

const pathOf = (files: readonly OutputFile[], name: OutputFile['name']) => files.find((f) => f.name === name)!.path;

/** Buffered appends to one file (the rows arrive as many small lines). */
class LineFile {
  private fd: number;
  private buffer: string[] = [];
  private size = 0;
  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'w');
  }
  write(line: string) {
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush() {
    if (this.buffer.length) fs.writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** The all-rows and valid-rows files, written line by line. */
export class ResultRowFiles {
  private readonly all: LineFile;
  private readonly valid: LineFile;
  constructor(files: readonly OutputFile[], onCreated: (file: string) => void) {
    this.all = new LineFile(pathOf(files, 'all_rows'));
    onCreated(pathOf(files, 'all_rows'));
    this.valid = new LineFile(pathOf(files, 'valid_rows'));
    onCreated(pathOf(files, 'valid_rows'));
  }
  header(line: string) {
    this.all.write(line);
    this.valid.write(line);
  }
  row(line: string, valid: boolean) {
    this.all.write(line);
    if (valid) this.valid.write(line);
  }
  close() {
    this.all.close();
    this.valid.close();
  }
}

const csv = (rows: readonly object[], columns: readonly string[]) =>
  stringify(
    rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c] ?? '')),
    { header: true, columns: [...columns] },
  );

export function writeSummaryFiles(
  files: readonly OutputFile[],
  content: { qa: QaSummary; stateStatistics: StateScopeStatistics[]; report: string },
  onCreated: (file: string) => void,
): void {
  const write = (name: OutputFile['name'], text: string) => {
    const file = pathOf(files, name);
    onCreated(file);
    fs.writeFileSync(file, text);
  };
  const scopeColumns = ['scope', ...STATISTIC_COLUMNS];
  write('summary_by_scope', csv(content.qa.scope_summary satisfies ScopeStatistics[], scopeColumns));
  write('summary_by_state', csv(content.stateStatistics, ['state', ...scopeColumns]));
  write('report', content.report);
  write('qa', `${JSON.stringify(content.qa, null, 2)}\n`);
}
