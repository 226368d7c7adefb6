/** Rows as a readable plain-text table (what the CLI prints, and the text rendering of `lct mcp` answers). */

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function formatTable(rows: readonly object[], columns: string[] = Object.keys(rows[0] ?? {})): string {
  return formatTableArrays(
    columns,
    rows.map((row) => columns.map((c) => (row as Record<string, unknown>)[c])),
  );
}

/** A readable table of rows given as arrays (columns may share a name, as in psql). */
export function formatTableArrays(columns: string[], rows: readonly (readonly unknown[])[]): string {
  if (columns.length === 0) return '';
  const cells = rows.map((row) => columns.map((_, i) => cellText(row[i])));
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...cells.map((r) => Math.max(...r[i]!.split('\n').map((l) => l.length)))),
  );
  const numeric = columns.map(
    (_, i) => rows.length > 0 && rows.every((r) => r[i] === null || typeof r[i] === 'number'),
  );
  const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const lines = [
    columns
      .map((c, i) => c.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd(),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...cells.map((r) =>
      r
        .map((text, i) => pad(text, i))
        .join(' | ')
        .trimEnd(),
    ),
    `(${rows.length} row${rows.length === 1 ? '' : 's'})`,
  ];
  return lines.join('\n');
}
