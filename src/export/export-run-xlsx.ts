/**
 * `lct export xlsx [--run <run_id>]`: a calculation run's CSV outputs as one workbook, one sheet per CSV
 * (the order and names of `calculation_runs.output_files`), because analysts live in spreadsheets.
 * Written with exceljs's streaming writer, row by row, so national-size sheets do not fill memory.
 * Cells that are plain numbers become numbers, except in id and year columns (0100005 stays text).
 */
import fs from 'node:fs';
import path from 'node:path';
import { readCsvFile } from '../import/read-csv.js';
import type { Queryable } from '../db/database.js';
import type { Row } from '../db/schema.js';
import { LctError } from '../errors.js';

export type RunOutputFile = Row<'calculation_runs'>['output_files'][number];

export interface ExportedWorkbook {
  run_id: string;
  file: string;
  sheets: { name: string; source: string; rows: number }[];
}

export interface ExportRunXlsxOptions {
  /** Default: the latest completed run. */
  runId?: string;
  /** Default: `<run_id>.xlsx` beside the run's first CSV output. */
  output?: string;
  /** What relative output paths are relative to (default: the current directory, where runs write `outputs/`). */
  baseDir?: string;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;
/** Columns whose values are codes, not quantities. */
const TEXT_COLUMN = /(^|_)(id|year|code|flags|notes|source)$/;

/** Excel: at most 31 characters, none of []:*?/\ , unique in the workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'sheet';
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++)
    candidate = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

async function findRun(
  db: Queryable,
  runId: string | undefined,
): Promise<Pick<Row<'calculation_runs'>, 'run_id' | 'year' | 'output_files'>> {
  const result = runId
    ? await db.query<Pick<Row<'calculation_runs'>, 'run_id' | 'year' | 'output_files'>>(
        'SELECT run_id, year, output_files FROM calculation_runs WHERE run_id = $1',
        [runId],
      )
    : await db.query<Pick<Row<'calculation_runs'>, 'run_id' | 'year' | 'output_files'>>(
        `SELECT run_id, year, output_files FROM calculation_runs WHERE status = 'completed' ORDER BY completed_at DESC, run_id DESC LIMIT 1`,
      );
  const run = result.rows[0];
  if (!run) {
    throw runId
      ? new LctError(`There is no calculation run "${runId}".`, 'List the runs: lct runs list')
      : new LctError('No completed calculation run yet.', 'Run one: lct calculate --year 2023-24');
  }
  return run;
}

export async function exportRunXlsx(db: Queryable, options: ExportRunXlsxOptions = {}): Promise<ExportedWorkbook> {
  const run = await findRun(db, options.runId);
  const baseDir = options.baseDir ?? process.cwd();
  const csvFiles = (Array.isArray(run.output_files) ? run.output_files : [])
    .filter((f) => f.format === 'csv')
    .map((f) => ({ ...f, resolved: path.resolve(baseDir, f.path) }));
  if (csvFiles.length === 0)
    throw new LctError(`Run ${run.run_id} has no CSV outputs.`, `See what it wrote: lct runs show ${run.run_id}`);
  const missing = csvFiles.find((f) => !fs.existsSync(f.resolved));
  if (missing) {
    throw new LctError(
      `Output ${missing.path} of run ${run.run_id} is not at ${missing.resolved}.`,
      'Run lct export xlsx from the folder the run wrote its outputs in, or re-run the calculation.',
    );
  }
  const file =
    options.output ?? path.join(path.dirname(csvFiles[0]!.resolved), `${run.run_id.replace(/[^\w.-]/g, '_')}.xlsx`);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  workbook.creator = 'lct';
  const taken = new Set<string>();
  const sheets: ExportedWorkbook['sheets'] = [];
  for (const output of csvFiles) {
    const name = sheetName(output.name, taken);
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    let header: string[] | null = null;
    let textColumns: boolean[] = [];
    let rows = 0;
    await readCsvFile(output.resolved, {
      onHeader(h) {
        header = h;
        textColumns = h.map((c) => TEXT_COLUMN.test(c.toLowerCase()));
        sheet.columns = h.map((c) => ({ header: c, key: c, width: Math.max(10, c.length + 2) }));
        sheet.getRow(1).font = { bold: true };
        sheet.getRow(1).commit();
      },
      onRecord(record) {
        const values = record.map((v, i) => (v === '' ? null : !textColumns[i] && NUMBER.test(v) ? Number(v) : v));
        sheet.addRow(values).commit();
        rows++;
      },
    });
    const columns = (header as string[] | null)?.length ?? 0;
    if (columns) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns } };
    sheet.commit();
    sheets.push({ name, source: output.path, rows });
  }
  await workbook.commit();
  return { run_id: run.run_id, file, sheets };
}
