/** The PostgreSQL server the tests create their databases on (trust auth on this machine). */
export const ADMIN_URL = process.env.LCT_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
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
