/**
 * Which engines the tests run on, and the PostgreSQL server they create their databases on.
 * The global setup (global-setup.ts) picks the server and passes its admin URL to the test processes in
 * LCT_TEST_DATABASE_URL; see docs/development.md.
 */
import type { EngineName } from '../../src/db/database.js';

/** `LCT_TEST_ENGINES=pglite` (or `postgres`) runs one engine only; pglite alone needs no server at all. */
export const ENGINES: readonly EngineName[] = (process.env.LCT_TEST_ENGINES ?? 'pglite,postgres')
  .split(',')
  .map((e) => e.trim())
  .filter(Boolean) as EngineName[];
for (const engine of ENGINES)
  if (engine !== 'pglite' && engine !== 'postgres')
    throw new Error(`LCT_TEST_ENGINES: unknown engine "${engine}" (use pglite, postgres or pglite,postgres)`);

/** Whether this run has a PostgreSQL server: tests that use the server directly skip without one. */
export const HAS_SERVER = ENGINES.includes('postgres');

/** The test server's major version (global-setup.ts sets LCT_TEST_SERVER_VERSION_NUM); 0 without a server. */
export const SERVER_MAJOR = Math.floor(Number(process.env.LCT_TEST_SERVER_VERSION_NUM ?? 0) / 10_000);

/** The admin URL of a server chosen by hand (LCT_TEST_ADMIN_URL is the older name, still read). */
export const CHOSEN_URL: string | undefined =
  process.env.LCT_TEST_DATABASE_URL || process.env.LCT_TEST_ADMIN_URL || undefined;

/** The machine's own server, used when nothing is chosen and something answers there. */
export const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The PostgreSQL server the tests create their databases on. */
export const ADMIN_URL = CHOSEN_URL ?? DEFAULT_URL;
/**
 * Databases created by a test run; the run id keeps concurrent runs apart (several checkouts may test
 * against one server at once). The global setup sets LCT_TEST_RUN_ID before the test processes start.
 * (Not `lct_test_…`: older checkouts drop every database LIKE 'lct_test_%' when their run ends.)
 */
export const testDbPrefix = (): string => `lct_run_${process.env.LCT_TEST_RUN_ID ?? ''}`;
export const TEST_DB_PREFIX = testDbPrefix();

export function serverUrl(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
