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
  // Library operations only touch the database, so a transaction PostgreSQL aborted for a deadlock or a
  // serialization failure is simply run again instead of reaching the user.
  if (isDatabase(db)) return db.transaction(fn, { source: options.source ?? options.defaultSource, retries: 3 });
  if (options.source) await db.query('SELECT set_config($1, $2, true)', [SOURCE_SETTING, options.source]);
  return fn(db);
}

/**
 * Runs `fn` in a read-only REPEATABLE READ transaction, so every table it reads comes from one consistent
 * snapshot, with timestamps written in UTC whatever the server's or session's time zone.
 */
export async function inReadSnapshot<T>(
  db: Database | Queryable,
  fn: (tx: Queryable) => Promise<T>,
  options: { snapshot?: string } = {},
): Promise<T> {
  const run = async (tx: Queryable) => {
    if (isDatabase(db)) {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      if (options.snapshot) {
        if (!/^[0-9A-F-]+$/i.test(options.snapshot)) throw new Error(`Not a snapshot id: ${options.snapshot}`);
        await tx.query(`SET TRANSACTION SNAPSHOT '${options.snapshot}'`);
      }
    }
    await tx.query(
      `SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, MDY', true), set_config('extra_float_digits', '1', true)`,
    );
    return fn(tx);
  };
  return isDatabase(db) ? db.transaction(run) : run(db);
}

/**
 * Like inReadSnapshot, but `fn` gets a function that runs work on other connections that see the very
 * same snapshot (pg_export_snapshot, as pg_dump -j does), so tables can be read in parallel on a server.
 * On the embedded engine (one connection) or a transaction, the work runs one after the other.
 */
export async function inSharedReadSnapshot<T>(
  db: Database | Queryable,
  fn: (tx: Queryable, parallel: <R>(work: (tx: Queryable) => Promise<R>) => Promise<R>) => Promise<T>,
): Promise<T> {
  return inReadSnapshot(db, async (main) => {
    if (!isDatabase(db) || db.engine !== 'postgres') return fn(main, (work) => work(main));
    const snapshot = (await main.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    return fn(main, (work) => inReadSnapshot(db, work, { snapshot }));
  });
}
