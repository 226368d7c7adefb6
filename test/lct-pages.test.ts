/**
 * The pages of `listLctResults` (what GET /api/lct serves) against the plain ordered query, on both
 * engines: walking the cursors, and numbered pages, give every current row once, in order, with the
 * right total, for sparse and dense filters alike (the page reads a window of districts that grows while
 * it falls short).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import type { Queryable } from '../src/db/database.js';
import { type ApiResponse, call, makeWebRoot } from './helpers/api.js';
import { createApp } from '../src/api/app.js';
import {
  type LctResultFilter,
  type LctResultPage,
  MAX_LCT_PAGE_OFFSET,
  listLctResults,
} from '../src/queries/list-lct-results.js';
import { calculate } from '../src/calculate/calculate.js';
import { insertDistricts, type DistrictFixture } from './helpers/calc-fixtures.js';

const SCOPES = ['teachers_only', 'teachers_core', 'instructional', 'all'];

/**
 * 900 districts in AL, WI and PR; run r1 (full) gives each of the first 850 a row per scope, one row in
 * 53 invalid; run r2 (incremental, later) recalculates teachers_only of every 9th district and drops the
 * row of every 27th (no row: it leaves none current). Districts 851-900 have no results.
 */
const FIXTURE = `
INSERT INTO districts (nces_id, name, state, enrollment)
SELECT CASE i % 3 WHEN 0 THEN '01' WHEN 1 THEN '55' ELSE '72' END || lpad(i::text, 5, '0'), 'D' || i,
       CASE i % 3 WHEN 0 THEN 'AL' WHEN 1 THEN 'WI' ELSE 'PR' END, 100 + i
FROM generate_series(1, 900) i;
INSERT INTO calculation_runs (run_id, year, run_type, status, scopes, started_at, completed_at) VALUES
  ('r1', '2023-24', 'full', 'completed', '{${SCOPES.join(',')}}', now() - interval '3 hours', now() - interval '2 hours'),
  ('r2', '2023-24', 'incremental', 'completed', '{teachers_only}', now() - interval '1 hour', now() - interval '50 minutes');
INSERT INTO calculation_district_inputs (run_id, district_id, input_hash)
SELECT 'r1', nces_id, 'h' FROM districts WHERE right(nces_id, 5)::int <= 850
UNION ALL SELECT 'r2', nces_id, 'h2' FROM districts WHERE right(nces_id, 5)::int <= 850 AND right(nces_id, 5)::int % 9 = 0;
INSERT INTO lct_calculations (district_id, year, scope, lct_value, valid, run_id)
SELECT d.nces_id, '2023-24', s, 20 + n % 7, n % 53 <> 0, 'r1'
FROM (SELECT nces_id, right(nces_id, 5)::int AS n FROM districts) d, unnest(ARRAY[${SCOPES.map((s) => `'${s}'`).join(',')}]) s
WHERE d.n <= 850;
INSERT INTO lct_calculations (district_id, year, scope, lct_value, valid, run_id)
SELECT nces_id, '2023-24', 'teachers_only', 40, true, 'r2'
FROM (SELECT nces_id, right(nces_id, 5)::int AS n FROM districts) d
WHERE d.n <= 850 AND d.n % 9 = 0 AND d.n % 27 <> 0;
`;

describe.each(ENGINES)('pages of current results on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await t.db.execScript(FIXTURE);
    await t.db.query('ANALYZE');
  });
  afterAll(async () => {
    await t.destroy();
  });

  /** Every matching current row, in district and scope order, by the plain query. */
  const reference = async (f: LctResultFilter) =>
    (
      await t.db.query<{ key: string; value: number }>(
        `SELECT c.district_id || ' ' || c.scope AS key, c.lct_value AS value
         FROM lct_current c JOIN districts d ON d.nces_id = c.district_id JOIN lct_scopes s ON s.scope = c.scope
         WHERE c.year = $1 AND ($2::text IS NULL OR c.scope = $2) AND ($3::text IS NULL OR d.state = $3)
           AND ($4::boolean IS NULL OR c.valid = $4)
         ORDER BY c.district_id, s.sort_order`,
        [f.year, f.scope ?? null, f.state ?? null, f.valid ?? null],
      )
    ).rows.map((r) => `${r.key} ${r.value}`);

  const FILTERS: LctResultFilter[] = [
    { year: '2023-24' },
    { year: '2023-24', scope: 'teachers_only' },
    { year: '2023-24', state: 'WI' },
    { year: '2023-24', valid: false },
    { year: '2023-24', state: 'PR', valid: false, scope: 'all' },
    { year: '2023-24', scope: 'teachers_secondary' },
    { year: '2024-25' },
  ];

  it('a walk by cursor gives every row once, in order, with the total on every page', async () => {
    for (const filter of FILTERS) {
      const expected = await reference(filter);
      for (const perPage of [1, 7, 250, 1000]) {
        if (perPage * 40 < expected.length) continue; // at most 40 pages a walk
        const seen: string[] = [];
        let cursor: string | undefined;
        let pageNumber = 0;
        do {
          const page = await listLctResults(t.db, { ...filter, per_page: perPage, cursor });
          pageNumber++;
          const what = `${JSON.stringify(filter)} per_page ${perPage} page ${pageNumber}`;
          expect(page.page, what).toBe(pageNumber);
          expect(page.total, what).toBe(expected.length);
          expect(page.items.length, what).toBeLessThanOrEqual(perPage);
          seen.push(...page.items.map((i) => `${i.district_id} ${i.scope} ${i.lct_value}`));
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        expect(seen, `${JSON.stringify(filter)} per_page ${perPage}`).toEqual(expected);
      }
    }
  });

  it('numbered pages are the slices of the same order, and past the end empty with the total', async () => {
    for (const filter of FILTERS) {
      const expected = await reference(filter);
      for (const [page, perPage] of [
        [1, 50],
        [3, 50],
        [2, 1000],
        [21, 100],
        [280, 7],
      ] as const) {
        if ((page - 1) * perPage > MAX_LCT_PAGE_OFFSET) continue;
        const result = await listLctResults(t.db, { ...filter, page, per_page: perPage });
        const what = `${JSON.stringify(filter)} page ${page} of ${perPage}`;
        expect(
          result.items.map((i) => `${i.district_id} ${i.scope} ${i.lct_value}`),
          what,
        ).toEqual(expected.slice((page - 1) * perPage, page * perPage));
        expect(result.total, what).toBe(expected.length);
        expect(result.next_cursor !== null, what).toBe(page * perPage < expected.length);
      }
    }
  });

  it("a state's first page reads from the state's first district, not from the first district of all", async () => {
    // The range of districts each page statement reads ($5 to $7), recorded on the way to the real database.
    const ranges: [unknown, unknown][] = [];
    const recording: Queryable = {
      query: (sql, params, options) => {
        if (sql.includes('LIMIT $8 OFFSET $9')) ranges.push([params![4], params![6]]);
        return t.db.query(sql, params, options);
      },
      execScript: (sql, options) => t.db.execScript(sql, options),
      copyFrom: (sql, data) => t.db.copyFrom(sql, data),
      copyTo: (sql) => t.db.copyTo(sql),
    };
    const wi = (await t.db.query<{ first: string }>("SELECT min(nces_id) AS first FROM districts WHERE state = 'WI'"))
      .rows[0]!.first;
    const page = await listLctResults(recording, { year: '2023-24', state: 'WI', per_page: 20 });
    expect(page.items[0]!.district_id).toBe(wi);
    expect(ranges.length).toBeGreaterThan(0);
    // Every AL district (01…) comes before WI's (55…); reading from '' would read all of their results too.
    for (const [from] of ranges) expect(from).toBe(wi);
  });

  it('GET /api/lct follows the same order through its next links', async () => {
    const web = makeWebRoot();
    try {
      const app = createApp(t.db, { webRoot: web.root, cache: false });
      const expected = await reference({ year: '2023-24', state: 'AL' });
      const seen: string[] = [];
      let url: string | null = '/api/lct?state=al&per_page=333';
      while (url) {
        const r: ApiResponse = await call(app, url);
        expect(r.status, url).toBe(200);
        expect(r.body.total).toBe(expected.length);
        seen.push(
          ...r.body.items.map(
            (i: { district_id: string; scope: string; lct_value: number }) =>
              `${i.district_id} ${i.scope} ${i.lct_value}`,
          ),
        );
        url = r.body.next;
      }
      expect(seen).toEqual(expected);
    } finally {
      web.cleanup();
    }
  });
});

/**
 * 12 districts in AL, WI and PR; every fourth has 30 students, under the 50 of ERR_VOLATILE, so its results
 * are all invalid.
 */
const CALCULATED: DistrictFixture[] = Array.from({ length: 12 }, (_, i): DistrictFixture => ({
  id: `${['01', '55', '72'][i % 3]}${String(i + 1).padStart(5, '0')}`,
  state: ['AL', 'WI', 'PR'][i % 3]!,
  enrollment: i % 4 === 3 ? { G01: 15, G02: 15 } : { G01: 100 + 10 * i, G07: 80, G10: 90 },
  staff: { elementary_teachers: 6 + i, secondary_teachers: 9, paraprofessionals: 3, counselors: 1 },
}));

describe.each(ENGINES)('the total of a first page after real runs on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await insertDistricts(t.db, CALCULATED);
  });
  afterAll(async () => {
    await t.destroy();
  });

  /** How many current results match, counted from the view's definition. */
  const counted = async (f: LctResultFilter) =>
    (
      await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM lct_current c JOIN districts d ON d.nces_id = c.district_id
         WHERE c.year = $1 AND ($2::text IS NULL OR c.scope = $2) AND ($3::text IS NULL OR d.state = $3)
           AND ($4::boolean IS NULL OR c.valid = $4)`,
        [f.year, f.scope ?? null, f.state ?? null, f.valid ?? null],
      )
    ).rows[0]!.n;

  const FILTERS: LctResultFilter[] = [
    { year: '2023-24' },
    { year: '2023-24', valid: true },
    { year: '2023-24', valid: false },
    { year: '2023-24', state: 'WI' },
    { year: '2023-24', state: 'PR', valid: false, scope: 'teachers_only' },
    { year: '2023-24', scope: 'instructional' },
    { year: '2024-25' },
  ];

  it('pages of a validity filter, their windows sized by the share of rows the stored counts say it keeps, hold the rows of the plain query', async () => {
    await calculate(t.db, { year: '2023-24', outDir: false });
    // A few invalid results among many valid ones: the sparse case.
    expect(await counted({ year: '2023-24', valid: false })).toBeGreaterThan(0);
    for (const filter of FILTERS.filter((f) => f.valid !== undefined)) {
      const expected = (
        await t.db.query<{ key: string }>(
          `SELECT c.district_id || ' ' || c.scope AS key
           FROM lct_current c JOIN districts d ON d.nces_id = c.district_id JOIN lct_scopes s ON s.scope = c.scope
           WHERE c.year = $1 AND ($2::text IS NULL OR c.scope = $2) AND ($3::text IS NULL OR d.state = $3) AND c.valid = $4
           ORDER BY c.district_id, s.sort_order`,
          [filter.year, filter.scope ?? null, filter.state ?? null, filter.valid],
        )
      ).rows.map((r) => r.key);
      const keys = (p: LctResultPage) => p.items.map((i) => `${i.district_id} ${i.scope}`);
      for (const perPage of [1, 2, 5]) {
        const what = `${JSON.stringify(filter)} per_page ${perPage}`;
        const seen: string[] = [];
        let page = await listLctResults(t.db, { ...filter, per_page: perPage });
        seen.push(...keys(page));
        while (page.next_cursor) {
          page = await listLctResults(t.db, { ...filter, per_page: perPage, cursor: page.next_cursor });
          seen.push(...keys(page));
        }
        expect(seen, what).toEqual(expected);
        const second = await listLctResults(t.db, { ...filter, per_page: perPage, page: 2 });
        expect(keys(second), what).toEqual(expected.slice(perPage, 2 * perPage));
      }
    }
  });

  const totals = async () =>
    Promise.all(FILTERS.map(async (f) => (await listLctResults(t.db, { ...f, per_page: 5 })).total));
  const expected = async () => Promise.all(FILTERS.map(counted));

  it("comes from the counts each run stores (lct_result_counts) while its run is the year's latest, else from lct_current", async () => {
    const full = await calculate(t.db, { year: '2023-24', outDir: false });
    const all = await counted({ year: '2023-24' });
    // Every district has results, and the small ones are invalid.
    expect(all).toBeGreaterThan(CALCULATED.length);
    expect(await counted({ year: '2023-24', valid: false })).toBeGreaterThan(0);
    expect(await totals()).toEqual(await expected());
    const nation = await t.db.query<{ run_id: string }>(
      "SELECT DISTINCT run_id FROM lct_result_counts WHERE area = 'nation'",
    );
    expect(nation.rows).toEqual([{ run_id: full.run_id }]);

    // The stored counts are what the page reads: a changed count shows...
    await t.db.query("UPDATE lct_result_counts SET valid_count = valid_count + 1000 WHERE area = 'nation'");
    const scopes = (
      await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM lct_result_counts WHERE area = 'nation'")
    ).rows[0]!.n;
    expect((await listLctResults(t.db, { year: '2023-24' })).total).toBe(all + 1000 * scopes);
    // ...until its run is not the latest: then the view is counted.
    await t.db.query("UPDATE lct_result_counts SET run_id = 'gone'");
    expect(await totals()).toEqual(await expected());
    await t.db.query('DELETE FROM lct_result_counts');
    expect(await totals()).toEqual(await expected());

    // An incremental run that processes one district counts its year again, from every run's current rows:
    // the district grows past the ERR_VOLATILE threshold, so its results turn valid.
    await t.db.query(`UPDATE grade_level_enrollment SET enrollment = 400 WHERE nces_id = $1 AND grade = 'G01'`, [
      CALCULATED[3]!.id,
    ]);
    const incremental = await calculate(t.db, { year: '2023-24', incremental: true, outDir: false });
    expect(incremental.districts_processed).toBe(1);
    const rewritten = await t.db.query<{ run_id: string }>(
      "SELECT DISTINCT run_id FROM lct_result_counts WHERE area = 'nation'",
    );
    expect(rewritten.rows).toEqual([{ run_id: incremental.run_id }]);
    await t.db.query("UPDATE lct_result_counts SET valid_count = valid_count + 1000 WHERE area = 'nation'");
    expect((await listLctResults(t.db, { year: '2023-24' })).total).toBe(all + 1000 * scopes);
    await t.db.query("UPDATE lct_result_counts SET valid_count = valid_count - 1000 WHERE area = 'nation'");
    expect(await totals()).toEqual(await expected());
  });
});
