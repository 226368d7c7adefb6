/**
 * Checks a text value against a column's type before it goes to COPY, so a bad value is reported with
 * its file, line and column instead of failing the whole COPY. An empty field is NULL.
 */
import { normalizeDistrictId } from '../domain/ids.js';

export type ValueCheck = (raw: string) => { value: string | null } | { error: string };

const INT_RANGE: Record<string, [number, number]> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?|UTC)?$/i;
const BOOLEAN = new Set(['t', 'f', 'true', 'false', '1', '0', 'yes', 'no', 'y', 'n', 'on', 'off']);

/** `district` marks columns holding NCES district ids, padded to 7 digits on the way in. */
export function valueCheck(type: string, options: { district?: boolean } = {}): ValueCheck {
  const ok = (value: string | null) => ({ value });
  if (options.district) {
    return (raw) => {
      if (raw.trim() === '') return ok(null);
      const id = normalizeDistrictId(raw);
      return id ? ok(id) : { error: `"${raw}" is not an NCES district id (6 or 7 digits)` };
    };
  }
  const intRange = INT_RANGE[type];
  if (intRange) {
    return (raw) => {
      const text = raw.trim();
      if (text === '') return ok(null);
      // Spreadsheets write whole numbers as 5821.0.
      const n = Number(text);
      if (!/^[+-]?\d+(\.0+)?$/.test(text) || !Number.isSafeInteger(n))
        return { error: `"${raw}" is not a whole number` };
      if (n < intRange[0] || n > intRange[1]) return { error: `${raw} is out of range for ${type}` };
      return ok(String(n));
    };
  }
  const numeric = /^numeric(?:\((\d+),(\d+)\))?$/.exec(type);
  if (numeric || type === 'double precision' || type === 'real') {
    const integerDigits = numeric?.[1] ? Number(numeric[1]) - Number(numeric[2]) : Infinity;
    return (raw) => {
      const text = raw.trim();
      if (text === '') return ok(null);
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { error: `"${raw}" is not a number` };
      const n = Number(text);
      if (!Number.isFinite(n) || Math.abs(n) >= 10 ** integerDigits)
        return { error: `${raw} is too large for ${type}` };
      return ok(text);
    };
  }
  const varchar = /^character varying\((\d+)\)$|^character\((\d+)\)$/.exec(type);
  if (varchar) {
    const max = Number(varchar[1] ?? varchar[2]);
    return (raw) =>
      raw === ''
        ? ok(null)
        : raw.length > max
          ? { error: `is ${raw.length} characters long, more than the ${max} allowed` }
          : ok(raw);
  }
  if (type === 'jsonb' || type === 'json') {
    return (raw) => {
      if (raw.trim() === '') return ok(null);
      try {
        JSON.parse(raw);
        return ok(raw);
      } catch {
        return { error: `is not valid JSON: ${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}` };
      }
    };
  }
  if (type === 'boolean') {
    return (raw) =>
      raw.trim() === ''
        ? ok(null)
        : BOOLEAN.has(raw.trim().toLowerCase())
          ? ok(raw.trim())
          : { error: `"${raw}" is not true or false` };
  }
  if (type.startsWith('timestamp') || type === 'date') {
    return (raw) =>
      raw.trim() === ''
        ? ok(null)
        : TIMESTAMP.test(raw.trim())
          ? ok(raw.trim())
          : { error: `"${raw}" is not a date and time (2024-08-01 12:00:00+00)` };
  }
  if (type.endsWith('[]')) {
    return (raw) =>
      raw.trim() === ''
        ? ok(null)
        : /^\{.*\}$/s.test(raw.trim())
          ? ok(raw.trim())
          : { error: `"${raw}" is not an array literal such as {a,b}` };
  }
  // text and anything else PostgreSQL will check itself.
  return (raw) => ok(raw === '' ? null : raw);
}
