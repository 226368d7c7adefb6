/** A restore never replaces data without --force: which tables hold rows, and the refusal to show. */
import type { Queryable } from '../db/database.js';
import { escapeIdentifier } from 'pg';
import { LctError } from '../errors.js';

export async function nonEmptyTables(db: Queryable, tables: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of tables) {
    const result = await db.query<{ has_rows: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${escapeIdentifier(name)}) AS has_rows`,
    );
    if (result.rows[0]!.has_rows) found.push(name);
  }
  return found;
}

export function refuseToOverwrite(file: string, tables: readonly string[]): LctError {
  return new LctError(
    `The database is not empty (${tables.join(', ')} ${tables.length === 1 ? 'has' : 'have'} rows): restoring would replace them.`,
    `Restore anyway, replacing those tables: lct restore ${file} --force  (or back them up first: lct backup before-restore.lctbackup)`,
  );
}
