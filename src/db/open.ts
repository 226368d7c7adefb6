/** Opens the configured engine. */
import { type EngineConfig, resolveEngineConfig, type ConfigOverrides } from '../config.js';
import type { Database } from './database.js';
import { explainError } from './errors.js';
import { LctError } from '../errors.js';

export interface OpenOptions {
  /**
   * Statements given a timeout (QueryOptions.timeoutMs) are really stopped when they run longer: on the
   * embedded engine this runs PGlite in a thread of its own (pglite-thread.ts); a server always can.
   * Not for an in-memory database, which a stopped thread would lose.
   */
  interruptible?: boolean;
}

export async function openDatabase(
  config: EngineConfig | ConfigOverrides = {},
  options: OpenOptions = {},
): Promise<Database> {
  const resolved = 'engine' in config ? config : resolveEngineConfig(config);
  // Each engine is loaded only when used: every command starts ~50-90 ms sooner.
  if (resolved.engine === 'pglite' && options.interruptible) {
    if (resolved.dataDir === null)
      throw new LctError(
        'An in-memory embedded database cannot stop a statement that runs too long (it would be lost with it).',
        'Use a data folder (--data-dir, LCT_DATA_DIR) or a server (DATABASE_URL).',
      );
    const { PgliteThreadDatabase } = await import('./pglite-thread.js');
    return PgliteThreadDatabase.open(resolved.dataDir);
  }
  if (resolved.engine === 'pglite') {
    const { PgliteDatabase } = await import('./pglite-engine.js');
    return PgliteDatabase.open(resolved.dataDir);
  }
  const { PostgresDatabase } = await import('./postgres-engine.js');
  const db = new PostgresDatabase(resolved);
  try {
    // Connect now so a wrong URL fails here with a clear message, not in the middle of work.
    await db.query('SELECT 1');
  } catch (error) {
    await db.close();
    throw explainError(error, { url: db.location });
  }
  return db;
}
