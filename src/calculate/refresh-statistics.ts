/**
 * Updates the planner's statistics of the result tables when a run more than doubled them. Without any,
 * the first read of `lct_current` after a national run picks per-row nested loops (2 s instead of 0.25 s
 * on the server), and the embedded engine has no autovacuum to gather them later. Between analyses the
 * planner scales the row counts by the tables' current size, so later runs of the same size need none.
 */
import type { Queryable } from '../db/database.js';

/** Analyze when a run adds more than this share of a table's rows as last analyzed. */
const STALE_SHARE = 1;

const TABLES: Readonly<Record<string, string>> = {
  lct_calculations: 'district_id, run_id, year, scope, valid',
  calculation_district_inputs: 'district_id, run_id',
};

export async function refreshStatisticsIfStale(
  tx: Queryable,
  written: Readonly<Record<keyof typeof TABLES, number>>,
): Promise<void> {
  const sizes = await tx.query<{ relname: string; reltuples: number }>(
    `SELECT relname, reltuples::float8 AS reltuples FROM pg_class WHERE relname = ANY ($1::text[]) AND relkind = 'r'`,
    [Object.keys(TABLES)],
  );
  for (const { relname, reltuples } of sizes.rows) {
    const rows = written[relname] ?? 0;
    if (rows > 0 && (reltuples < 0 || rows > STALE_SHARE * reltuples))
      await tx.query(`ANALYZE ${relname} (${TABLES[relname]})`);
  }
  // A handful of rows, joined by every read of lct_current: without statistics the planner guesses badly.
  await tx.query('ANALYZE calculation_runs');
}
