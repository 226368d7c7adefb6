/** Writing domain constants into generated SQL: quoted literals (pg's own escaping) and lists. */
import { escapeLiteral } from 'pg';

export function sqlLiteral(value: string): string {
  return escapeLiteral(value);
}

export function sqlList(values: readonly string[]): string {
  return values.map(sqlLiteral).join(', ');
}

/** A column name made of domain words (scope, level, enrollment type): letters, digits and underscores only. */
export function sqlName(...parts: string[]): string {
  const name = parts.join('_');
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`not a safe SQL name: ${name}`);
  return name;
}

/** A timestamptz expression as JSON text the way Date.toJSON writes it: ISO 8601 in UTC, to the millisecond. */
export function sqlIsoTimestamp(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
