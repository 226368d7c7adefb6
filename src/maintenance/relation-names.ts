/** Table names given on the command line, checked against the schema before they reach SQL text. */
import type { Queryable } from '../db/database.js';
import { escapeIdentifier } from 'pg';
import { LctError } from '../errors.js';

export async function requireRelations(db: Queryable, names: readonly string[]): Promise<string[]> {
  const result = await db.query<{ name: string }>(
    `SELECT relname::text AS name FROM pg_class
     WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p', 'm') AND relname = ANY ($1)`,
    [names],
  );
  const found = new Set(result.rows.map((r) => r.name));
  const missing = names.filter((n) => !found.has(n));
  if (missing.length > 0)
    throw new LctError(`No table named ${missing.map((n) => `"${n}"`).join(', ')}.`, 'List the tables: lct db sizes');
  return names.map(escapeIdentifier);
}
