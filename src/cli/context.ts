/** Opening the configured database for a command, and closing it whatever happens. */
import type { Command } from 'commander';
import type { Database } from '../db/database.js';
import type { ConfigOverrides } from '../config.js';

export interface GlobalOptions {
  debug?: boolean;
  memory?: boolean;
  dataDir?: string;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export function configOverrides(command: Command): ConfigOverrides {
  const g = globalOptions(command);
  return { memory: g.memory, dataDir: g.dataDir };
}

/**
 * Runs `fn` with an open database. With `requireSchema` (the default) an unmigrated database stops
 * with "run lct db migrate", except on a throwaway --memory database, which is migrated on the spot.
 */
export async function withDatabase<T>(
  command: Command,
  fn: (db: Database) => Promise<T>,
  options: { requireSchema?: boolean } = {},
): Promise<T> {
  // Loaded on demand so `lct --help` does not pay for the database engines.
  const { openDatabase } = await import('../db/open.js');
  const { assertMigrated, migrate } = await import('../db/migrate.js');
  const overrides = configOverrides(command);
  const db = await openDatabase(overrides);
  try {
    if (options.requireSchema ?? true) {
      if (overrides.memory) await migrate(db);
      else await assertMigrated(db);
    }
    return await fn(db);
  } finally {
    await db.close();
  }
}
