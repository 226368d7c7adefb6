/**
 * A fresh database per test file on each engine: an in-memory PGlite loaded from the migrated template,
 * and a new database on the PostgreSQL server, dropped afterwards.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database, EngineName } from '../../src/db/database.js';
import { PgliteDatabase } from '../../src/db/pglite-engine.js';
import { PostgresDatabase } from '../../src/db/postgres-engine.js';
import { migrate } from '../../src/db/migrate.js';
import { refreshMaterializedViews } from '../../src/db/refresh-views.js';
import { ADMIN_URL, ENGINES, HAS_SERVER, TEST_DB_PREFIX, serverUrl } from './settings.js';

export { ENGINES, HAS_SERVER };

export interface TestDatabase {
  db: Database;
  engine: EngineName;
  /** Environment that points the `lct` CLI at this database (server only; PGlite in memory cannot be shared). */
  url?: string;
  destroy(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!HAS_SERVER)
    throw new Error('This run has no PostgreSQL server (LCT_TEST_ENGINES has no "postgres"): skip the test instead');
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function uniqueName(): string {
  return `${TEST_DB_PREFIX}${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
}

export async function dropServerDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A new server database, empty or a copy of `template` (a database nobody is connected to). */
export async function createServerDatabase(
  name: string = uniqueName(),
  template?: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  await admin((c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  return { name, url: serverUrl(name), drop: () => dropServerDatabase(name) };
}

/** `template` (server only): the database is a copy of that server database, already migrated. */
export async function createTestDatabase(
  engine: EngineName,
  options: { migrated?: boolean; template?: string } = {},
): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (engine === 'pglite') {
    const template = migrated ? new Blob([fs.readFileSync(inject('pgliteTemplate'))]) : undefined;
    const db = await PgliteDatabase.open(null, { loadDataDir: template });
    return { db, engine, destroy: () => db.close() };
  }
  const server = await createServerDatabase(uniqueName(), options.template);
  const db = new PostgresDatabase({ url: server.url, poolSize: 5, acquireTimeoutMs: 30_000 });
  if (migrated && !options.template) await migrate(db);
  return {
    db,
    engine,
    url: server.url,
    destroy: async () => {
      await db.close();
      await server.drop();
    },
  };
}

/** A new migrated database on the engine with `script` run and the materialized views refreshed. */
export async function createFilledDatabase(engine: EngineName, script: string): Promise<TestDatabase> {
  const t = await createTestDatabase(engine);
  try {
    await t.db.execScript(script);
    await refreshMaterializedViews(t.db);
  } catch (error) {
    await t.destroy();
    throw error;
  }
  return t;
}

/**
 * Waits until no other session is connected to this server database: a client killed with SIGKILL leaves
 * a backend that may still be finishing its last statement (even a COMMIT sent just before the kill).
 */
export async function waitForOtherSessions(db: Database, timeoutMs = 60_000): Promise<void> {
  if (db.engine !== 'postgres') return;
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    const others = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    if (others.rows[0]!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`other sessions still connected after ${timeoutMs} ms`);
}
