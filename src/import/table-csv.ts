/**
 * `lct import csv`: one CSV per table, named after the table, header = column names (any subset; an
 * unknown column is an error). The format `lct export csv` writes, so export → import round-trips.
 */
import path from 'node:path';
import type { Queryable } from '../db/database.js';
import { InputError, LctError } from '../errors.js';
import type { ProgressSink } from '../progress.js';
import { canCopyDirectly, copyDirectly, loadRows } from './load-rows.js';
import { readCsvFile } from './read-csv.js';
import { StagedRows } from './staged-rows.js';
import { readTableInfo, type TableInfo } from './table-info.js';
import { SCHEMA_TABLES } from '../db/table-catalog.js';
import { valueCheck, type ValueCheck } from './column-values.js';
import type { FileSummary } from './summary.js';
import fs from 'node:fs';

export interface TableCsvOptions {
  createMissingDistricts?: boolean;
  progress?: ProgressSink;
  /** Import into this table instead of the one named by the file (e.g. `lct import sped-estimates`). */
  table?: string;
}

export function tableNameOfFile(file: string): string {
  return path.basename(file).replace(/\.csv$/i, '');
}

export async function importTableCsv(tx: Queryable, file: string, options: TableCsvOptions = {}): Promise<FileSummary> {
  const name = path.basename(file);
  const table = options.table ?? tableNameOfFile(file);
  const info = await readTableInfo(tx, table);
  if (SCHEMA_TABLES.includes(table)) {
    throw new InputError(
      name,
      null,
      null,
      `${table} is kept by lct itself (migrations, reference data from src/domain, totals kept by triggers) and is not imported`,
    );
  }
  if (!info || table === 'schema_migrations') {
    throw new InputError(
      name,
      null,
      null,
      `there is no table "${table}" to import into`,
      'Name each CSV after its table (districts.csv, bell_schedules.csv, grade_level_enrollment.csv, …).',
    );
  }
  let rows: StagedRows | null = null;
  let checks: { index: number; check: ValueCheck; column: string; text: boolean }[] = [];
  const size = fs.statSync(file).size;
  // Into an empty table the rows are copied while the file is read (the server parses as Node reads).
  const direct = await canCopyDirectly(tx, info, options);
  let copying: Promise<boolean> | null = null;
  options.progress?.begin(`importing ${name}`, size, 'bytes');
  const read = await readCsvFile(file, {
    onHeader(header) {
      const known = new Set(info.columns.map((c) => c.name));
      const unknown = header.filter((h) => !known.has(h));
      if (unknown.length > 0) {
        throw new InputError(
          name,
          1,
          unknown[0]!,
          `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} for table ${table}`,
          `Columns of ${table}: ${info.columns.map((c) => c.name).join(', ')}.`,
        );
      }
      const seen = new Set<string>();
      for (const h of header) {
        if (seen.has(h)) throw new InputError(name, 1, h, `column ${h} appears twice`);
        seen.add(h);
      }
      rows = new StagedRows(header);
      if (direct) copying = copyDirectly(tx, info, rows, rows.copyDataWhileAdding());
      checks = header.map((column, index) => ({
        index,
        column,
        check: checkFor(info, column),
        text: isTextType(info.columns.find((c) => c.name === column)!.type),
      }));
    },
    onRecord(fields, line, emptyStrings) {
      const values: (string | null)[] = new Array(checks.length);
      for (const { index, check, column, text } of checks) {
        const result = check(fields[index]!);
        if ('error' in result) throw new InputError(name, line, column, result.error);
        // `""` in a text column is an empty string, not NULL: export → import keeps it.
        values[index] = result.value === null && text && emptyStrings?.includes(index) ? '' : result.value;
      }
      rows!.add(values, line);
    },
    onBytes: (bytes) => options.progress?.advance(bytes),
  }).catch(async (error: unknown) => {
    // Stop the COPY and let it roll back to its savepoint before reporting what was wrong with the file.
    (rows as StagedRows | null)?.fail(error);
    await copying;
    throw error;
  });
  (rows as StagedRows | null)?.close();
  const copied = (await copying) ?? undefined;
  options.progress?.end();
  if (!rows) throw new LctError(`${name}: no header`);
  const counts = await loadRows(tx, info, rows, {
    file: name,
    createMissingDistricts: options.createMissingDistricts,
    copied,
  });
  return { file: name, kind: 'table csv', table, ...counts, skipped: {}, unknown_labels: {}, encoding: read.encoding };
}

const isTextType = (type: string) => type === 'text' || type.startsWith('character');

function checkFor(info: TableInfo, column: string): ValueCheck {
  const col = info.columns.find((c) => c.name === column)!;
  const isDistrictId = info.districtColumns.includes(column) || (info.name === 'districts' && column === 'nces_id');
  return valueCheck(col.type, { district: isDistrictId });
}
