/**
 * A database built once per test file and restored fresh for every test, so that tests which change the
 * database each start from the same state without building it again: on PGlite a dump of the data folder
 * loaded into a new instance (in memory or in a folder of its own), on the server a new database copied
 * from a template database.
 */
import type { EngineName } from '../../src/db/database.js';
import { PgliteDatabase } from '../../src/db/pglite-engine.js';
import { createTestDatabase, dropServerDatabase, type TestDatabase } from './databases.js';

export interface DatabaseSnapshot {
  /**
   * A new database holding what the snapshot holds. On PGlite, `dataDir` (an empty or missing folder) makes
   * it a folder the `lct` CLI can open once this database is closed; without it, the database is in memory.
   */
  restore(options?: { dataDir?: string }): Promise<TestDatabase>;
  destroy(): Promise<void>;
}

/** A migrated database on `engine`, filled by `build`, kept as a snapshot to restore per test. */
export async function createSnapshot(
  engine: EngineName,
  build: (t: TestDatabase) => Promise<void>,
): Promise<DatabaseSnapshot> {
  const base = await createTestDatabase(engine);
  if (engine === 'pglite') {
    let dump: Blob;
    try {
      await build(base);
      dump = await (base.db as PgliteDatabase).pg.dumpDataDir('none');
    } finally {
      await base.destroy();
    }
    return {
      async restore(options = {}) {
        const db = await PgliteDatabase.open(options.dataDir ?? null, { loadDataDir: dump });
        return { db, engine, destroy: () => db.close() };
      },
      async destroy() {},
    };
  }
  const template = new URL(base.url!).pathname.slice(1);
  try {
    await build(base);
  } catch (error) {
    await base.destroy();
    throw error;
  }
  // A template database must have no sessions while it is copied.
  await base.db.close();
  return {
    restore: () => createTestDatabase(engine, { template }),
    destroy: () => dropServerDatabase(template),
  };
}
