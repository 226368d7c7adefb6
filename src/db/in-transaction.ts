/**
 * Library functions take either the Database (they open their own transaction) or a transaction the
 * caller already opened (they join it, so several calls commit or roll back together).
 */
import { type Database, type Queryable, SOURCE_SETTING } from './database.js';

export function isDatabase(db: Database | Queryable): db is Database {
  return typeof (db as Partial<Database>).transaction === 'function';
}

export async function inTransaction<T>(
  db: Database | Queryable,
  fn: (tx: Queryable) => Promise<T>,
  options: {
    /** `data_lineage.source` for this work; when joining the caller's transaction, only set if given. */
    source?: string;
    /** The source used when this function opens the transaction itself and none was given. */
    defaultSource?: string;
  } = {},
): Promise<T> {
  if (isDatabase(db)) return db.transaction(fn, { source: options.source ?? options.defaultSource });
  if (options.source) await db.query('SELECT set_config($1, $2, true)', [SOURCE_SETTING, options.source]);
  return fn(db);
}
