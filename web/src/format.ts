/** Number and date formatting, and coercion of values that PostgreSQL may send as numeric strings. */

/** A number from a JSON value (numeric columns may arrive as strings); null when absent or not a number. */
export function num(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const upToTwo = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const DASH = '–';

export function fmtInt(value: unknown): string {
  const n = num(value);
  return n === null ? DASH : integer.format(n);
}

/** An LCT value in minutes, 1 decimal ("18.0"). */
export function fmtLct(value: unknown): string {
  const n = num(value);
  return n === null ? DASH : oneDecimal.format(n);
}

export function fmt2(value: unknown): string {
  const n = num(value);
  return n === null ? DASH : twoDecimals.format(n);
}

export function fmtNum(value: unknown): string {
  const n = num(value);
  return n === null ? DASH : upToTwo.format(n);
}

export function fmtPct(value: unknown): string {
  const n = num(value);
  return n === null ? DASH : `${upToTwo.format(n)}%`;
}

export function fmtDate(value: unknown): string {
  if (typeof value !== 'string' && !(value instanceof Date)) return DASH;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** "teachers_only" → "teachers only". */
export function label(code: string): string {
  return code.replace(/_/g, ' ');
}
