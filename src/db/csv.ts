/**
 * Values as CSV fields, in the dialect of PostgreSQL's `COPY … WITH (FORMAT csv)`: comma-separated, a field
 * holding a comma, a double quote or a line break is put in double quotes with its quotes doubled, and NULL
 * is an empty unquoted field (so an empty string has to be written `""`). The one place lct quotes CSV by
 * hand: the loops that build COPY input or NCES-layout files row by row, where a library call per field
 * would cost more than the work. Whole tables written to files (calculation outputs, `lct sql --csv`) go
 * through csv-stringify instead.
 */

/** A value for COPY input: NULL is an empty field, any string is quoted, so '' stays distinct from NULL. */
export function copyCsvField(value: string | null): string {
  if (value === null) return '';
  return `"${value.includes('"') ? value.replace(/"/g, '""') : value}"`;
}

/**
 * A field of a CSV file that has no NULLs: quoted only when it must be, as COPY … TO … CSV writes it (which
 * also quotes `\.`, COPY's end-of-data marker).
 */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) || value === '\\.' ? `"${value.replace(/"/g, '""')}"` : value;
}
