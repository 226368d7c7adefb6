/** `lct db analyze [table…]`: fresh planner statistics, `ANALYZE` (all tables by default). */
import type { Queryable } from '../db/database.js';
import { requireRelations } from './relation-names.js';

/** Updates the planner's statistics; returns the tables analyzed ('all' when none were named). */
export async function analyzeTables(db: Queryable, tables: readonly string[] = []): Promise<string[] | 'all'> {
  if (tables.length === 0) {
    await db.query('ANALYZE');
    return 'all';
  }
  await db.query(`ANALYZE ${(await requireRelations(db, tables)).join(', ')}`);
  return [...tables];
}
