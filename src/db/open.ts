/** Opens the configured engine. */
import { type EngineConfig, resolveEngineConfig, type ConfigOverrides } from '../config.js';
import type { Database } from './database.js';
import { PgliteDatabase } from './pglite-engine.js';
import { PostgresDatabase } from './postgres-engine.js';
import { explainError } from './errors.js';

export async function openDatabase(config: EngineConfig | ConfigOverrides = {}): Promise<Database> {
  const resolved = 'engine' in config ? config : resolveEngineConfig(config);
  if (resolved.engine === 'pglite') return PgliteDatabase.open(resolved.dataDir);
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
