/**
 * Several years calculated together refresh the result views once, at the end, and the summary view then
 * holds every year; a batch interrupted between two years leaves the views behind its runs, and the next
 * calculation of several years (even one that changes nothing) brings them up to date.
 */
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeDemoYears } from '../src/demo/demo-data.js';
import { importPaths } from '../src/import/run-import.js';
import { calculate } from '../src/calculate/calculate.js';
import { calculateYears } from '../src/calculate/calculate-years.js';
import { ENGINES, type TestDatabase } from './helpers/databases.js';
import { type DatabaseSnapshot, createSnapshot } from './helpers/calc-snapshots.js';
import { tempDir } from './helpers/ccd-fixture.js';

const YEARS = ['2021-22', '2022-23', '2023-24'];

describe.each(ENGINES)('result views after several years on %s', (engine) => {
  /** The three years imported, nothing calculated yet: every test starts from a fresh copy. */
  let snapshot: DatabaseSnapshot;
  let t: TestDatabase;

  /** Rows per year and scope in the summary view, and the same counted from lct_current directly. */
  async function summaryAgainstCurrent(): Promise<{ view: string[]; direct: string[] }> {
    const view = await t.db.query<{ key: string }>(
      `SELECT year || ' ' || scope || ' ' || district_count AS key FROM mv_lct_summary_stats ORDER BY 1`,
    );
    const direct = await t.db.query<{ key: string }>(
      `SELECT year || ' ' || scope || ' ' || count(*) AS key FROM lct_current WHERE valid GROUP BY year, scope ORDER BY 1`,
    );
    return { view: view.rows.map((r) => r.key), direct: direct.rows.map((r) => r.key) };
  }

  async function refreshedAfterLatestRun(): Promise<boolean> {
    const { rows } = await t.db.query<{ fresh: boolean }>(
      `SELECT (SELECT refreshed_at FROM materialized_view_refreshes WHERE view_name = 'mv_lct_summary_stats')
              >= (SELECT max(completed_at) FROM calculation_runs WHERE status = 'completed') AS fresh`,
    );
    return rows[0]!.fresh;
  }

  beforeAll(async () => {
    const dir = tempDir('lct-years-views-');
    try {
      await writeDemoYears(dir, { districts: 60, seed: 3, years: YEARS });
      snapshot = await createSnapshot(engine, async (base) => {
        await importPaths(base.db, [dir]);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(async () => {
    await snapshot?.destroy();
  });
  beforeEach(async () => {
    t = await snapshot.restore();
  });
  afterEach(async () => {
    await t?.destroy();
  });

  it('three years calculated together: the summary view holds all three, refreshed after the last run', async () => {
    await calculateYears(t.db, { years: 'all', outDir: false });
    const { view, direct } = await summaryAgainstCurrent();
    expect(new Set(view.map((k) => k.split(' ')[0]))).toEqual(new Set(YEARS));
    expect(view).toEqual(direct);
    expect(await refreshedAfterLatestRun()).toBe(true);
  });

  it('a run left without its refresh (an interrupted batch) is caught up by the next batch, even an unchanged one', async () => {
    await calculateYears(t.db, { years: 'all', outDir: false });
    expect(await refreshedAfterLatestRun()).toBe(true);
    // What a batch killed after its first year leaves behind: a completed run, views not refreshed since.
    await calculate(t.db, { year: '2022-23', outDir: false, refreshViews: false });
    expect(await refreshedAfterLatestRun()).toBe(false);
    const { results } = await calculateYears(t.db, { years: 'all', incremental: true, outDir: false });
    expect(results.map((r) => r.unchanged)).toEqual([true, true, true]);
    expect(await refreshedAfterLatestRun()).toBe(true);
    const { view, direct } = await summaryAgainstCurrent();
    expect(view).toEqual(direct);
  });
});
