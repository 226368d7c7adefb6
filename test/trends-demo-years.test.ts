/**
 * LCT across years on the demo data over eight years (`lct demo-data --years 2016-17..2023-24`): every year
 * calculated, a trend for every district with data, the directory's closures, new districts and boundary
 * changes as breaks, bell schedules (written for 2023-24) serving only the years within 3, national medians
 * that move plausibly, and nothing changing when everything is imported and calculated again.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoYears } from '../src/demo/demo-data.js';
import { importPaths } from '../src/import/run-import.js';
import { calculateYears } from '../src/calculate/calculate-years.js';
import { schoolYearRange } from '../src/domain/years.js';
import { getDistrictTrend } from '../src/queries/get-district-trend.js';
import { getNationalTrend } from '../src/queries/get-national-trend.js';
import { getStateTrend } from '../src/queries/get-state-trend.js';
import { getMovers } from '../src/queries/get-movers.js';
import type { DistrictTrend } from '../src/queries/trend-shapes.js';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir } from './helpers/ccd-fixture.js';

const YEARS = schoolYearRange('2016-17..2023-24')!;

describe.each(ENGINES)('trends over eight years of demo data on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;
  let trends: Map<string, DistrictTrend>;

  async function allDistrictTrends(): Promise<Map<string, DistrictTrend>> {
    const ids = (await t.db.query<{ nces_id: string }>('SELECT nces_id FROM districts ORDER BY nces_id')).rows;
    const out = new Map<string, DistrictTrend>();
    for (const { nces_id } of ids) out.set(nces_id, (await getDistrictTrend(t.db, nces_id))!);
    return out;
  }

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    dir = tempDir('lct-trends-demo-');
    await writeDemoYears(dir, { districts: 250, seed: 12, years: YEARS });
    await importPaths(t.db, [dir]);
    const { results } = await calculateYears(t.db, { years: 'all', outDir: false });
    expect(results.map((r) => [r.year, r.run_type, r.unchanged])).toEqual(YEARS.map((y) => [y, 'full', false]));
    trends = await allDistrictTrends();
  });
  afterAll(async () => {
    await t?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a trend for every district with data: eight years, its current results where it has them, gaps elsewhere', async () => {
    const current = await t.db.query<{ district_id: string; year: string; lct_value: number | null; valid: boolean }>(
      `SELECT district_id, year, lct_value, valid FROM lct_current WHERE scope = 'teachers_only'`,
    );
    const expected = new Map(current.rows.map((r) => [`${r.district_id}/${r.year}`, r]));
    const withData = new Set(current.rows.map((r) => r.district_id));
    expect(withData.size).toBeGreaterThan(250);
    for (const id of withData) {
      const trend = trends.get(id)!;
      expect(trend.years.map((y) => y.year)).toEqual(YEARS);
      for (const y of trend.years) {
        const row = expected.get(`${id}/${y.year}`);
        expect([y.lct_value, y.valid], `${id} ${y.year}`).toEqual(row ? [row.lct_value, row.valid] : [null, false]);
      }
      expect(trend.last_year, id).not.toBeNull();
    }
  });

  it("the directory's closures, new districts and boundary changes break the series in their year", async () => {
    const statuses = await t.db.query<{ nces_id: string; year: string; sy_status: number }>(
      `SELECT nces_id, year, sy_status FROM district_directory WHERE sy_status IN (2, 3, 5) AND year > $1`,
      [YEARS[0]],
    );
    const names: Record<number, string> = { 2: 'closed', 3: 'new', 5: 'changed boundary' };
    expect(new Set(statuses.rows.map((r) => r.sy_status))).toEqual(new Set([2, 3, 5]));
    for (const s of statuses.rows) {
      const year = trends.get(s.nces_id)!.years.find((y) => y.year === s.year)!;
      expect(year.break, `${s.nces_id} ${s.year}`).toBe(`directory status: ${names[s.sy_status]}`);
      expect(year.change).toBeNull();
    }
    // A closed district has no result in its closure year: a gap, never a zero.
    for (const s of statuses.rows.filter((r) => r.sy_status === 2)) {
      const year = trends.get(s.nces_id)!.years.find((y) => y.year === s.year)!;
      expect(year).toMatchObject({ lct_value: null, enrollment: null, valid: false });
    }
  });

  it('bell schedules (2023-24) serve only the years within 3: 2020-21 on, never 2016-17 to 2019-20', async () => {
    const used = await t.db.query<{ year: string; n: number }>(
      `SELECT year, count(*)::int AS n FROM lct_current WHERE minutes_year IS NOT NULL GROUP BY year ORDER BY year`,
    );
    expect(used.rows.map((r) => r.year)).toEqual(['2020-21', '2021-22', '2022-23', '2023-24']);
    const far = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM lct_current
       WHERE minutes_year IS NOT NULL AND abs(left(year, 4)::int - left(minutes_year, 4)::int) > 3`,
    );
    expect(far.rows[0]!.n).toBe(0);
  });

  it('national medians move plausibly: every year has most districts, a median within a school day, no jump over 15%', async () => {
    const nation = await getNationalTrend(t.db);
    expect(nation.years.map((y) => y.year)).toEqual(YEARS);
    for (const y of nation.years) {
      expect(y.district_count, y.year).toBeGreaterThan(200);
      expect(y.lct_median!, y.year).toBeGreaterThan(5);
      expect(y.lct_median!, y.year).toBeLessThan(60);
      expect(y.lct_weighted!, y.year).toBeGreaterThan(5);
      expect(y.lct_weighted!, y.year).toBeLessThan(60);
      if (y.year !== YEARS[0]) expect(Math.abs(y.change_pct!), y.year).toBeLessThan(15);
    }
    expect(nation).toMatchObject({ first_year: YEARS[0], last_year: YEARS.at(-1) });
    // Each state's series covers the same years; the states' district counts add up to the nation's.
    const states = (await t.db.query<{ state: string }>('SELECT DISTINCT state FROM districts ORDER BY state')).rows;
    const counts = new Array<number>(YEARS.length).fill(0);
    for (const { state } of states) {
      const trend = await getStateTrend(t.db, state);
      trend.years.forEach((y, i) => (counts[i]! += y.district_count));
    }
    expect(counts).toEqual(nation.years.map((y) => y.district_count));
  });

  it('movers: between the first and last year, none of them breaks in between', async () => {
    const movers = await getMovers(t.db, { from: YEARS[0], to: YEARS.at(-1), limit: 10 });
    expect(movers.rises.length).toBe(10);
    for (const m of [...movers.rises, ...movers.falls]) {
      const trend = trends.get(m.district_id)!;
      expect(trend.years.slice(1).every((y) => y.break === null)).toBe(true);
      expect(trend.years[0]!.lct_value).toBe(m.from_lct);
      expect(trend.years.at(-1)!.lct_value).toBe(m.to_lct);
    }
    const changes = movers.rises.map((m) => m.change);
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
  });

  it('importing and calculating everything again changes nothing', async () => {
    const nation = await getNationalTrend(t.db, { scope: 'all' });
    await importPaths(t.db, [dir]);
    const { results } = await calculateYears(t.db, { years: 'all', incremental: true, outDir: false });
    expect(results.map((r) => [r.year, r.unchanged, r.calculations_created])).toEqual(YEARS.map((y) => [y, true, 0]));
    expect(await getNationalTrend(t.db, { scope: 'all' })).toEqual(nation);
    expect(await allDistrictTrends()).toEqual(trends);
  });
});
