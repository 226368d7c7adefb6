/** Printing rows as a readable table, JSON (one object per row) or CSV with a header. */
import { stringify } from 'csv-stringify/sync';

export type OutputFormat = 'table' | 'json' | 'csv';

import { cellText, formatTable } from '../export/text-table.js';

export { formatTable, formatTableArrays } from '../export/text-table.js';

export function formatCsv(rows: readonly object[], columns: string[] = Object.keys(rows[0] ?? {})): string {
  return formatCsvArrays(
    columns,
    rows.map((row) => columns.map((c) => (row as Record<string, unknown>)[c])),
  );
}

export function formatCsvArrays(columns: string[], rows: readonly (readonly unknown[])[]): string {
  return stringify([columns, ...rows.map((row) => columns.map((_, i) => cellText(row[i])))]);
}

/** JSON with Dates as ISO strings. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function formatRows(format: OutputFormat, rows: readonly object[], columns?: string[]): string {
  if (format === 'json') return formatJson(rows);
  if (format === 'csv') return formatCsv(rows, columns);
  return formatTable(rows, columns);
}
