/**
 * LCT across years on a hand-made fixture of three years (2021-22 to 2023-24), no bell schedules and no
 * state requirement, so every district takes 360 minutes and teachers_only = 360 × teachers / students:
 *
 *   A 5500001 WI  steady        1000 students; 50, 55, 60 teachers   → 18.00, 19.80, 21.60
 *   B 5500002 WI  boundary      1000/40 → 14.40; 2022-23 changed boundary 1200/50 → 15.00; 1200/45 → 13.50
 *   C 5500003 WI  closure       500/30 → 21.60; 500/25 → 18.00; 2023-24 closed, no data (a gap)
 *   D 5500004 WI  new           2022-23 new 800/40 → 18.00; 800/44 → 19.80 (2021-22 a gap)
 *   E 5500005 WI  missing year  1000/50 → 18.00; 2022-23 missing; 1000/60 → 21.60
 *   F 5500006 WI  enrollment    1000/50 → 18.00; 1600/80 → 18.00 (students +60%: a break); 1600/88 → 19.80
 *   G 2700001 MN  other state   1000/25 → 9.00; 1000/25 → 9.00; 1000/30 → 10.80
 *
 * Every expected figure below is worked out by hand in the comments, never read from the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculate } from '../src/calculate/calculate.js';
import { calculateYears } from '../src/calculate/calculate-years.js';
import { getDistrictTrend } from '../src/queries/get-district-trend.js';
import { getStateTrend } from '../src/queries/get-state-trend.js';
import { getNationalTrend } from '../src/queries/get-national-trend.js';
import { getMovers } from '../src/queries/get-movers.js';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { insertDistricts, type DistrictFixture } from './helpers/calc-fixtures.js';
import { runCli } from './helpers/cli.js';

const [Y1, Y2, Y3] = ['2021-22', '2022-23', '2023-24'] as const;

/** A district-year with its students in grade 1 and its teachers elementary (plus 5 other staff, so the staff is not flat). */
const year = (id: string, state: string, y: string, students: number, teachers: number): DistrictFixture => ({
  id,
  state,
  name: `District ${id}`,
  year: y,
  enrollment: { G01: students },
  staff: { elementary_teachers: teachers, other_staff: 5 },
});

const FIXTURE: DistrictFixture[] = [
  year('5500001', 'WI', Y1, 1000, 50),
  year('5500001', 'WI', Y2, 1000, 55),
  year('5500001', 'WI', Y3, 1000, 60),
  year('5500002', 'WI', Y1, 1000, 40),
  year('5500002', 'WI', Y2, 1200, 50),
  year('5500002', 'WI', Y3, 1200, 45),
  year('5500003', 'WI', Y1, 500, 30),
  year('5500003', 'WI', Y2, 500, 25),
  year('5500004', 'WI', Y2, 800, 40),
  year('5500004', 'WI', Y3, 800, 44),
  year('5500005', 'WI', Y1, 1000, 50),
  year('5500005', 'WI', Y3, 1000, 60),
  year('5500006', 'WI', Y1, 1000, 50),
  year('5500006', 'WI', Y2, 1600, 80),
  year('5500006', 'WI', Y3, 1600, 88),
  year('2700001', 'MN', Y1, 1000, 25),
  year('2700001', 'MN', Y2, 1000, 25),
  year('2700001', 'MN', Y3, 1000, 30),
];

/** The directory's statuses: every district open (1) every year it has data, but these. */
const DIRECTORY: [string, string, number | null, number | null][] = [
  // [district, year, sy_status, updated_status]
  ['5500002', Y2, 1, 5], // changed boundary (the updated status)
  ['5500003', Y3, 2, 2], // closed
  ['5500004', Y2, 3, 1], // new (the start-of-year status)
];

const year360 = { instructional_minutes: 360, minutes_source: 'default', qa_flags: [] as string[] };

describe.each(ENGINES)('trends on a hand-made fixture, %s', (engine) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    for (const d of FIXTURE) await insertDistricts(t.db, [d]);
    const open = FIXTURE.map((d) => [d.id, d.year!, 1, 1] as const).filter(
      ([id, y]) => !DIRECTORY.some(([i, yy]) => i === id && yy === y),
    );
    await t.db.query(
      `INSERT INTO district_directory (nces_id, year, name, state, sy_status, updated_status)
       SELECT t.id, t.year, d.name, d.state, t.sy, t.updated
       FROM jsonb_to_recordset($1::jsonb) AS t(id text, year text, sy int, updated int) JOIN districts d ON d.nces_id = t.id`,
      [JSON.stringify([...open, ...DIRECTORY].map(([id, y, sy, updated]) => ({ id, year: y, sy, updated })))],
    );
    const { results, skipped } = await calculateYears(t.db, {
      years: ['2020-21', Y1, Y2, Y3],
      outDir: false,
    });
    expect(results.map((r) => r.year)).toEqual([Y1, Y2, Y3]);
    expect(skipped).toEqual(['2020-21']);
  });
  afterAll(() => t?.destroy());

  it('a steady district: every change and the compound annual rate', async () => {
    const trend = await getDistrictTrend(t.db, '5500001', { scope: 'teachers_only' });
    expect(trend).toEqual({
      district_id: '5500001',
      name: 'District 5500001',
      state: 'WI',
      scope: 'teachers_only',
      years: [
        // 360 × 50 / 1000 = 18.00
        {
          year: Y1,
          lct_value: 18,
          enrollment: 1000,
          staff_count: 50,
          ...year360,
          valid: true,
          change: null,
          change_pct: null,
          break: null,
        },
        // 360 × 55 / 1000 = 19.80; +1.80 = 1.80 / 18 = +10%
        {
          year: Y2,
          lct_value: 19.8,
          enrollment: 1000,
          staff_count: 55,
          ...year360,
          valid: true,
          change: 1.8,
          change_pct: 10,
          break: null,
        },
        // 360 × 60 / 1000 = 21.60; +1.80 = 1.80 / 19.80 = +9.0909…% → 9.09
        {
          year: Y3,
          lct_value: 21.6,
          enrollment: 1000,
          staff_count: 60,
          ...year360,
          valid: true,
          change: 1.8,
          change_pct: 9.09,
          break: null,
        },
      ],
      first_year: Y1,
      last_year: Y3,
      change: 3.6, // 21.60 − 18.00
      cagr: 9.54, // (21.60 / 18.00)^(1/2) − 1 = √1.2 − 1 = 0.095445 → 9.54%
    });
  });

  it('a boundary change breaks the series: no change across it, the summary covers the new segment', async () => {
    const trend = (await getDistrictTrend(t.db, '5500002'))!;
    expect(trend.scope).toBe('teachers_only');
    expect(trend.years.map((y) => [y.year, y.lct_value, y.change, y.change_pct, y.break])).toEqual([
      [Y1, 14.4, null, null, null], // 360 × 40 / 1000
      [Y2, 15, null, null, 'directory status: changed boundary'], // 360 × 50 / 1200 = 15.00
      [Y3, 13.5, -1.5, -10, null], // 360 × 45 / 1200 = 13.50; −1.50 / 15 = −10%
    ]);
    // The latest segment starts in 2022-23: 15.00 → 13.50, one year, −10% a year.
    expect(trend).toMatchObject({ first_year: Y2, last_year: Y3, change: -1.5, cagr: -10 });
  });

  it('a closure: the closed year is a gap with its reason; the summary ends at the last valid year', async () => {
    const trend = (await getDistrictTrend(t.db, '5500003'))!;
    expect(trend.years).toEqual([
      // 360 × 30 / 500 = 21.60
      {
        year: Y1,
        lct_value: 21.6,
        enrollment: 500,
        staff_count: 30,
        ...year360,
        valid: true,
        change: null,
        change_pct: null,
        break: null,
      },
      // 360 × 25 / 500 = 18.00; −3.60 / 21.60 = −16.666…% → −16.67
      {
        year: Y2,
        lct_value: 18,
        enrollment: 500,
        staff_count: 25,
        ...year360,
        valid: true,
        change: -3.6,
        change_pct: -16.67,
        break: null,
      },
      {
        year: Y3,
        lct_value: null,
        enrollment: null,
        staff_count: null,
        instructional_minutes: null,
        minutes_source: null,
        valid: false,
        qa_flags: [],
        change: null,
        change_pct: null,
        break: 'directory status: closed',
      },
    ]);
    // 21.60 → 18.00 over one year: −16.67% a year.
    expect(trend).toMatchObject({ first_year: Y1, last_year: Y2, change: -3.6, cagr: -16.67 });
  });

  it('a new district: a gap before it, a break when it opens', async () => {
    const trend = (await getDistrictTrend(t.db, '5500004'))!;
    expect(trend.years.map((y) => [y.year, y.lct_value, y.valid, y.change, y.change_pct, y.break])).toEqual([
      [Y1, null, false, null, null, null],
      [Y2, 18, true, null, null, 'directory status: new'], // 360 × 40 / 800 = 18.00
      [Y3, 19.8, true, 1.8, 10, null], // 360 × 44 / 800 = 19.80; 1.80 / 18 = 10%
    ]);
    expect(trend).toMatchObject({ first_year: Y2, last_year: Y3, change: 1.8, cagr: 10 });
  });

  it('a missing year is a gap, not a zero, and not a break: no change next to it, the summary spans it', async () => {
    const trend = (await getDistrictTrend(t.db, '5500005'))!;
    expect(trend.years.map((y) => [y.year, y.lct_value, y.enrollment, y.valid, y.change, y.break])).toEqual([
      [Y1, 18, 1000, true, null, null],
      [Y2, null, null, false, null, null],
      [Y3, 21.6, 1000, true, null, null],
    ]);
    // 18.00 → 21.60 over two years: √1.2 − 1 → 9.54%.
    expect(trend).toMatchObject({ first_year: Y1, last_year: Y3, change: 3.6, cagr: 9.54 });
  });

  it('enrollment moving by more than half breaks the series', async () => {
    const trend = (await getDistrictTrend(t.db, '5500006'))!;
    expect(trend.years.map((y) => [y.year, y.lct_value, y.change, y.change_pct, y.break])).toEqual([
      [Y1, 18, null, null, null],
      // 1000 → 1600 students: +60% > 50%. 360 × 80 / 1600 = 18.00
      [Y2, 18, null, null, 'enrollment rose 60% (1000 → 1600)'],
      [Y3, 19.8, 1.8, 10, null], // 360 × 88 / 1600 = 19.80
    ]);
    expect(trend).toMatchObject({ first_year: Y2, last_year: Y3, change: 1.8, cagr: 10 });
  });

  it('a range of years and another scope', async () => {
    const trend = (await getDistrictTrend(t.db, '5500001', { from: Y2, to: Y3 }))!;
    expect(trend.years.map((y) => y.year)).toEqual([Y2, Y3]);
    // 19.80 → 21.60 over one year: +9.09%.
    expect(trend).toMatchObject({ first_year: Y2, last_year: Y3, change: 1.8, cagr: 9.09 });
    // all: 360 × (50 + 5) / 1000 = 19.80, then 360 × 60 / 1000 = 21.60, 360 × 65 / 1000 = 23.40
    const all = (await getDistrictTrend(t.db, '5500001', { scope: 'all' }))!;
    expect(all.years.map((y) => [y.lct_value, y.change])).toEqual([
      [19.8, null],
      [21.6, 1.8],
      [23.4, 1.8],
    ]);
    expect(await getDistrictTrend(t.db, '5599999')).toBeNull();
    await expect(getDistrictTrend(t.db, '5500001', { scope: 'nope' })).rejects.toThrow('"nope" is not an LCT scope');
  });

  it('the nation: median and enrollment-weighted LCT of the valid districts, year by year', async () => {
    const trend = await getNationalTrend(t.db, { scope: 'teachers_only' });
    const base = { instructional_minutes: 360, minutes_source: 'default', qa_flags: [], break: null, valid: true };
    expect(trend).toEqual({
      state: null,
      scope: 'teachers_only',
      years: [
        {
          year: Y1,
          ...base,
          // A 18, B 14.40, C 21.60, E 18, F 18, G 9 → 9, 14.4, 18, 18, 18, 21.6: median (18 + 18) / 2
          district_count: 6,
          lct_value: 18,
          lct_median: 18,
          // 360 × (50 + 40 + 30 + 50 + 50 + 25) / (1000 + 1000 + 500 + 1000 + 1000 + 1000) = 88200 / 5500 = 16.036…
          lct_weighted: 16.04,
          enrollment: 5500,
          staff_count: 245,
          change: null,
          change_pct: null,
          change_weighted: null,
        },
        {
          year: Y2,
          ...base,
          // A 19.80, B 15, C 18, D 18, F 18, G 9 (E missing) → median (18 + 18) / 2
          district_count: 6,
          lct_value: 18,
          lct_median: 18,
          // 360 × (55 + 50 + 25 + 40 + 80 + 25) / (1000 + 1200 + 500 + 800 + 1600 + 1000) = 99000 / 6100 = 16.229…
          lct_weighted: 16.23,
          enrollment: 6100,
          staff_count: 275,
          change: 0,
          change_pct: 0,
          change_weighted: 0.19, // 16.23 − 16.04
        },
        {
          year: Y3,
          ...base,
          // A 21.60, B 13.50, D 19.80, E 21.60, F 19.80, G 10.80 (C closed) → median (19.8 + 19.8) / 2
          district_count: 6,
          lct_value: 19.8,
          lct_median: 19.8,
          // 360 × (60 + 45 + 44 + 60 + 88 + 30) / (1000 + 1200 + 800 + 1000 + 1600 + 1000) = 117720 / 6600 = 17.836…
          lct_weighted: 17.84,
          enrollment: 6600,
          staff_count: 327,
          change: 1.8, // 19.80 − 18.00; 1.80 / 18 = 10%
          change_pct: 10,
          change_weighted: 1.61, // 17.84 − 16.23
        },
      ],
      first_year: Y1,
      last_year: Y3,
      change: 1.8,
      cagr: 4.88, // (19.80 / 18)^(1/2) − 1 = √1.1 − 1 = 0.04881 → 4.88%
    });
  });

  it('a state: only its districts', async () => {
    const trend = await getStateTrend(t.db, 'wi', {});
    expect(trend.state).toBe('WI');
    expect(
      trend.years.map((y) => [y.year, y.district_count, y.lct_median, y.lct_weighted, y.enrollment, y.staff_count]),
    ).toEqual([
      // 14.4, 18, 18, 18, 21.6 → 18; 360 × 220 / 4500 = 17.60
      [Y1, 5, 18, 17.6, 4500, 220],
      // 15, 18, 18, 18, 19.8 → 18; 360 × 250 / 5100 = 17.647… → 17.65
      [Y2, 5, 18, 17.65, 5100, 250],
      // 13.5, 19.8, 19.8, 21.6, 21.6 → 19.8; 360 × 297 / 5600 = 19.092… → 19.09
      [Y3, 5, 19.8, 19.09, 5600, 297],
    ]);
    expect(trend).toMatchObject({ first_year: Y1, last_year: Y3, change: 1.8, cagr: 4.88 });
    // A state without districts: every year a gap.
    const empty = await getStateTrend(t.db, 'WY');
    expect(empty.years.map((y) => [y.district_count, y.lct_median, y.valid])).toEqual([
      [0, null, false],
      [0, null, false],
      [0, null, false],
    ]);
    expect(empty).toMatchObject({ first_year: null, last_year: null, change: null, cagr: null });
    await expect(getStateTrend(t.db, 'ZZ')).rejects.toThrow('"ZZ" is not a state code NCES publishes');
  });

  it('movers across two years: valid in both, no break between; a break at the first year does not count', async () => {
    // 2021-22 → 2023-24: A 18 → 21.60 (+3.60, +20%), E 18 → 21.60 (+3.60, gap is no break), G 9 → 10.80
    // (+1.80, +20%). B and F break in 2022-23; C is not valid in 2023-24, D not in 2021-22.
    expect(await getMovers(t.db, { from: Y1, to: Y3, scope: 'teachers_only' })).toEqual({
      from: Y1,
      to: Y3,
      scope: 'teachers_only',
      state: null,
      rises: [
        {
          district_id: '5500001',
          name: 'District 5500001',
          state: 'WI',
          from_lct: 18,
          to_lct: 21.6,
          change: 3.6,
          change_pct: 20,
        },
        {
          district_id: '5500005',
          name: 'District 5500005',
          state: 'WI',
          from_lct: 18,
          to_lct: 21.6,
          change: 3.6,
          change_pct: 20,
        },
        {
          district_id: '2700001',
          name: 'District 2700001',
          state: 'MN',
          from_lct: 9,
          to_lct: 10.8,
          change: 1.8,
          change_pct: 20,
        },
      ],
      falls: [],
    });
    // 2022-23 → 2023-24 (the default: the last two years): G, A, D, F all +1.80 (ties by id); B −1.50.
    const latest = await getMovers(t.db, {});
    expect(latest).toMatchObject({ from: Y2, to: Y3, scope: 'teachers_only' });
    expect(latest.rises.map((m) => [m.district_id, m.change, m.change_pct])).toEqual([
      ['2700001', 1.8, 20], // 9 → 10.80
      ['5500001', 1.8, 9.09], // 19.80 → 21.60
      ['5500004', 1.8, 10], // 18 → 19.80
      ['5500006', 1.8, 10], // 18 → 19.80
    ]);
    expect(latest.falls.map((m) => [m.district_id, m.from_lct, m.to_lct, m.change, m.change_pct])).toEqual([
      ['5500002', 15, 13.5, -1.5, -10],
    ]);
    const wi = await getMovers(t.db, { from: Y2, to: Y3, state: 'WI', limit: 2 });
    expect(wi.rises.map((m) => m.district_id)).toEqual(['5500001', '5500004']);
    expect(wi.state).toBe('WI');
  });

  it('recalculating every year with nothing changed changes nothing', async () => {
    const before = await getNationalTrend(t.db);
    const again = await calculateYears(t.db, { years: 'all', incremental: true, outDir: false });
    expect(again.results.map((r) => [r.year, r.unchanged, r.calculations_created])).toEqual([
      [Y1, true, 0],
      [Y2, true, 0],
      [Y3, true, 0],
    ]);
    expect(await getNationalTrend(t.db)).toEqual(before);
    // A full run of one year again: same rows, same trend.
    await calculate(t.db, { year: Y2, outDir: false });
    expect(await getNationalTrend(t.db)).toEqual(before);
  });

  it('the areas come from lct_area_trends, written by each run; without it (or for a deleted run) they are computed live, the same', async () => {
    const stored = await t.db.query<{ area: string; year: string; district_count: number; lct_median: number }>(
      `SELECT area, year, district_count, lct_median FROM lct_area_trends WHERE scope = 'teachers_only' ORDER BY area, year`,
    );
    // The figures worked out above: the nation 6/18, 6/18, 6/19.80; WI 5/18, 5/18, 5/19.80; MN 9, 9, 10.80.
    expect(stored.rows.map((r) => [r.area, r.year, r.district_count, r.lct_median])).toEqual([
      ['MN', Y1, 1, 9],
      ['MN', Y2, 1, 9],
      ['MN', Y3, 1, 10.8],
      ['WI', Y1, 5, 18],
      ['WI', Y2, 5, 18],
      ['WI', Y3, 5, 19.8],
      ['nation', Y1, 6, 18],
      ['nation', Y2, 6, 18],
      ['nation', Y3, 6, 19.8],
    ]);
    const nation = await getNationalTrend(t.db, { scope: 'all' });
    const wi = await getStateTrend(t.db, 'WI');
    // A wrong stored figure of a run that is no longer the latest is never read.
    await t.db.query(
      `UPDATE lct_area_trends SET lct_median = 99, run_id = 'gone' WHERE year = $1 AND district_count > 0`,
      [Y2],
    );
    expect(await getNationalTrend(t.db, { scope: 'all' })).toEqual(nation);
    expect(await getStateTrend(t.db, 'WI')).toEqual(wi);
    await t.db.query('DELETE FROM lct_area_trends');
    expect(await getNationalTrend(t.db, { scope: 'all' })).toEqual(nation);
    expect(await getStateTrend(t.db, 'WI')).toEqual(wi);
    // The next run that processes districts writes its year again.
    await calculate(t.db, { year: Y3, outDir: false });
    const rewritten = await t.db.query<{ year: string; n: number }>(
      'SELECT year, count(*)::int AS n FROM lct_area_trends GROUP BY year',
    );
    expect(rewritten.rows.map((r) => r.year)).toEqual([Y3]);
    expect(await getStateTrend(t.db, 'WI')).toEqual(wi);

    // An incremental run rewrites its year from the current results of all its runs: A gets 70 teachers in
    // 2023-24 (360 × 70 / 1000 = 25.20). WI: 13.5, 19.8, 19.8, 21.6, 25.2 → median still 19.80; weighted
    // 360 × (297 + 10) / 5600 = 19.735… → 19.74.
    const staff = `UPDATE grade_level_staffing SET fte_count = $1 WHERE nces_id = '5500001' AND year = '${Y3}' AND category = 'elementary_teachers'`;
    await t.db.query(staff, [70]);
    const changed = await calculate(t.db, { year: Y3, incremental: true, outDir: false });
    expect(changed.districts_processed).toBe(1);
    const stored3 = await t.db.query<{ lct_median: number; lct_weighted: number; run_id: string }>(
      `SELECT lct_median, lct_weighted, run_id FROM lct_area_trends WHERE area = 'WI' AND year = $1 AND scope = 'teachers_only'`,
      [Y3],
    );
    expect(stored3.rows).toEqual([{ lct_median: 19.8, lct_weighted: 19.74, run_id: changed.run_id }]);
    const afterChange = await getStateTrend(t.db, 'WI');
    await t.db.query('DELETE FROM lct_area_trends');
    expect(await getStateTrend(t.db, 'WI')).toEqual(afterChange);
    await t.db.query(staff, [60]);
    await calculate(t.db, { year: Y3, incremental: true, outDir: false });
    expect(await getStateTrend(t.db, 'WI')).toEqual(wi);
  });

  it.runIf(engine === 'postgres')('lct trends on the command line: tables, JSON, CSV and clear errors', async () => {
    const env = { DATABASE_URL: t.url };
    const district = await runCli(['trends', 'district', '5500002'], env);
    expect(district.code, district.stderr).toBe(0);
    expect(district.stdout).toContain('directory status: changed boundary');
    expect(district.stdout).toContain('2022-23 → 2023-24: change -1.5, compound annual rate -10%.');
    const json = await runCli(['trends', 'nation', '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual(await getNationalTrend(t.db));
    const csv = await runCli(['trends', 'state', 'WI', '--csv', '--from', Y2], env);
    expect(csv.stdout.split('\n')[0]).toBe(
      'year,lct_value,lct_median,lct_weighted,district_count,enrollment,staff_count,instructional_minutes,minutes_source,valid,qa_flags,change,change_pct,change_weighted,break',
    );
    expect(csv.stdout.trim().split('\n')).toHaveLength(3);
    const movers = await runCli(['trends', 'movers', '--from', Y1, '--to', Y3, '--json'], env);
    expect(JSON.parse(movers.stdout)).toEqual(await getMovers(t.db, { from: Y1, to: Y3 }));
    const unknown = await runCli(['trends', 'district', '5599999'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No district 5599999.');
    const scope = await runCli(['trends', 'nation', '--scope', 'teachers'], env);
    expect(scope.stderr).toContain('"teachers" is not an LCT scope');
    const state = await runCli(['trends', 'state', 'XX'], env);
    expect(state.stderr).toContain('"XX" is not a state code NCES publishes');
    const years = await runCli(['calculate', '--years', `2020-21..${Y3}`, '--incremental', '--no-outputs'], env);
    expect(years.code, years.stderr).toBe(0);
    expect(years.stdout.match(/^20\d\d-\d\d \|.*\| incremental \| true /gm)?.map((l) => l.slice(0, 7))).toEqual([
      Y1,
      Y2,
      Y3,
    ]);
    expect(years.stdout).toContain('Skipped (no enrollment or staffing): 2020-21');
    const none = await runCli(['calculate'], env);
    expect(none.stderr).toContain('Which year? Nothing to calculate.');
    const both = await runCli(['calculate', '--year', Y1, '--all-years'], env);
    expect(both.stderr).toContain('Give one of --year, --years or --all-years.');
  });
});

describe.each(ENGINES)('input_years, the years with enrollment or staffing, on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t?.destroy());

  const years = async () =>
    (
      await t.db.query<{ table_name: string; year: string; row_count: number }>(
        'SELECT table_name, year, row_count FROM input_years ORDER BY table_name, year',
      )
    ).rows.map((r) => [r.table_name, r.year, r.row_count]);

  it('follows inserts, updates, deletes and truncates in the same statement; the calculation reads it', async () => {
    await insertDistricts(t.db, [year('5500001', 'WI', Y1, 100, 5), year('5500002', 'WI', Y1, 100, 5)]);
    await insertDistricts(t.db, [year('5500001', 'WI', Y2, 100, 5)]);
    // Each district-year: one enrollment row (G01), two staffing rows.
    expect(await years()).toEqual([
      ['grade_level_enrollment', Y1, 2],
      ['grade_level_enrollment', Y2, 1],
      ['grade_level_staffing', Y1, 4],
      ['grade_level_staffing', Y2, 2],
    ]);
    await t.db.query(`UPDATE grade_level_enrollment SET year = $1 WHERE year = $2`, [Y3, Y2]);
    await t.db.query(`UPDATE grade_level_enrollment SET enrollment = enrollment + 1`);
    await t.db.query(`DELETE FROM grade_level_staffing WHERE year = $1 AND category = 'other_staff'`, [Y1]);
    expect(await years()).toEqual([
      ['grade_level_enrollment', Y1, 2],
      ['grade_level_enrollment', Y3, 1],
      ['grade_level_staffing', Y1, 2],
      ['grade_level_staffing', Y2, 2],
    ]);
    // Only 2021-22 has both.
    const { results, skipped } = await calculateYears(t.db, { years: 'all', outDir: false });
    expect([results.map((r) => r.year), skipped]).toEqual([[Y1], []]);
    await expect(calculate(t.db, { year: Y2, outDir: false })).rejects.toThrow(
      `No enrollment data for ${Y2}: nothing to calculate. Years with both: ${Y1}.`,
    );
    await t.db.query('TRUNCATE grade_level_staffing');
    expect(await years()).toEqual([
      ['grade_level_enrollment', Y1, 2],
      ['grade_level_enrollment', Y3, 1],
    ]);
    await t.db.query('DELETE FROM input_years');
    await t.db.query('SELECT rebuild_input_years()');
    expect(await years()).toEqual([
      ['grade_level_enrollment', Y1, 2],
      ['grade_level_enrollment', Y3, 1],
    ]);
  });
});
