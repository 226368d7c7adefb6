/**
 * Before any test file: check the PostgreSQL server is reachable, and build one migrated PGlite
 * database as a tarball that every test file loads instead of running initdb again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { PgliteDatabase } from '../../src/db/pglite-engine.js';
import { migrate } from '../../src/db/migrate.js';
import { ADMIN_URL, testDbPrefix } from './settings.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  // Test processes inherit this: their databases carry this run's id, and the cleanup below drops
  // only this run's leftovers, never the databases of another run going on at the same time.
  process.env.LCT_TEST_RUN_ID ||= `r${process.pid}_`;
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    throw new Error(
      `The test PostgreSQL server at ${ADMIN_URL} is not reachable (${(error as Error).message}). Start it: pg_ctlcluster --skip-systemctl-redirect 15 main start`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-test-'));
  const db = await PgliteDatabase.open(null);
  await migrate(db);
  const dump = await db.pg.dumpDataDir('none');
  await db.close();
  const template = path.join(dir, 'migrated.tar');
  fs.writeFileSync(template, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', template);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    // Drop what a crashed test file left behind.
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    const leftovers = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${testDbPrefix()}%`,
    ]);
    for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}
