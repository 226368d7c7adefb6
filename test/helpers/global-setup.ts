/**
 * Before any test file: pick the PostgreSQL server (test-server.ts; none when LCT_TEST_ENGINES=pglite),
 * say which in one line, and build one migrated PGlite database as a tarball that every test file loads
 * instead of running initdb again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { PgliteDatabase } from '../../src/db/pglite-engine.js';
import { migrate } from '../../src/db/migrate.js';
import { HAS_SERVER, testDbPrefix } from './settings.js';
import { pickTestServer, type TestServer } from './test-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  // Test processes inherit this: their databases carry this run's id, and the cleanup below drops
  // only this run's leftovers, never the databases of another run going on at the same time.
  process.env.LCT_TEST_RUN_ID ||= `r${process.pid}_`;
  let server: TestServer | null = null;
  if (HAS_SERVER) {
    server = await pickTestServer();
    // The test processes start after this and read the server from their environment (settings.ts).
    process.env.LCT_TEST_DATABASE_URL = server.url;
    process.env.LCT_TEST_SERVER_VERSION_NUM = String(server.versionNum);
    console.log(server.description);
  } else {
    console.log(`Server tests skipped: LCT_TEST_ENGINES=${process.env.LCT_TEST_ENGINES} (no PostgreSQL server used)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-test-'));
  try {
    const db = await PgliteDatabase.open(null);
    await migrate(db);
    const dump = await db.pg.dumpDataDir('none');
    await db.close();
    const template = path.join(dir, 'migrated.tar');
    fs.writeFileSync(template, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteTemplate', template);
  } catch (error) {
    await server?.stop();
    throw error;
  }

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (!server) return;
    if (server.throwaway) return server.stop();
    // Drop what a crashed test file left behind.
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const leftovers = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${testDbPrefix()}%`,
    ]);
    for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}
