/**
 * `lct db vacuum [table…] [--full]`: `VACUUM ANALYZE`, the routine upkeep. FULL rewrites the tables to give
 * space back to the operating system, locking them while it runs. VACUUM cannot run inside a transaction,
 * so it takes the Database, not a transaction.
 */
import type { Database } from '../db/database.js';
import { requireRelations } from './relation-names.js';

export interface VacuumOptions {
  tables?: readonly string[];
  full?: boolean;
}

export async function vacuumTables(db: Database, options: VacuumOptions = {}): Promise<string[] | 'all'> {
  const targets = options.tables?.length ? await requireRelations(db, options.tables) : [];
  await db.query(`VACUUM (${options.full ? 'FULL, ' : ''}ANALYZE) ${targets.join(', ')}`);
  return options.tables?.length ? [...options.tables] : 'all';
}
