/**
 * The trend routes on both engines, over demo data of four years each calculated: a district's trend,
 * a state's and the nation's, the movers, as JSON (checked against the OpenAPI document) and CSV, their
 * 400s and 404s, and the cache. Figures are checked against lct_current read directly.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir } from './helpers/ccd-fixture.js';
import { call, callUntilCached, type Json } from './helpers/api.js';
import { parseCsvText } from './helpers/csv.js';
import { writeDemoYears } from '../src/demo/demo-data.js';
import { importPaths } from '../src/import/run-import.js';
import { calculate } from '../src/calculate/calculate.js';
import { createApp, type LctApp } from '../src/api/app.js';

const YEARS = ['2018-19', '2019-20', '2020-21', '2021-22'];
const SCOPE = 'teachers_only';

interface CurrentRow {
  district_id: string;
  year: string;
  lct_value: number | null;
  enrollment: number | null;
  staff_count: number | null;
  instructional_minutes: number | null;
  valid: boolean;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
};

describe.each(ENGINES)('trend routes on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;
  let app: LctApp;
  let rows: CurrentRow[];
  /** A district with a valid value in every year, and its state. */
  let steady: { id: string; state: string };

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    dir = tempDir('lct-api-trends-');
    await writeDemoYears(dir, { districts: 300, seed: 5, years: YEARS });
    await importPaths(t.db, [dir]);
    for (const year of YEARS) await calculate(t.db, { year, outDir: false });
    app = createApp(t.db, { token: null, log: () => undefined });
    rows = (
      await t.db.query<CurrentRow>(
        `SELECT district_id, year, lct_value, enrollment, staff_count, instructional_minutes, valid
         FROM lct_current WHERE scope = $1 ORDER BY district_id, year`,
        [SCOPE],
      )
    ).rows;
    const validYears = new Map<string, number>();
    for (const r of rows) if (r.valid) validYears.set(r.district_id, (validYears.get(r.district_id) ?? 0) + 1);
    const id = [...validYears].find(([, n]) => n === YEARS.length)![0];
    const state = (await t.db.query<{ state: string }>('SELECT state FROM districts WHERE nces_id = $1', [id])).rows[0]!
      .state;
    steady = { id, state };
  }, 600_000);

  afterAll(async () => {
    await t?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("GET /api/districts/:id/trend: every year's value as lct_current holds it, oldest first", async () => {
    const r = await call(app, `/api/districts/${steady.id}/trend`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ district_id: steady.id, state: steady.state, scope: SCOPE });
    const expected = rows.filter((x) => x.district_id === steady.id);
    expect(r.body.years.map((y: Json) => y.year)).toEqual(expected.map((x) => x.year));
    for (const [i, y] of (r.body.years as Json[]).entries()) {
      expect(y.lct_value).toBe(expected[i]!.lct_value);
      expect(y.enrollment).toBe(expected[i]!.enrollment);
      expect(y.staff_count).toBe(expected[i]!.staff_count);
      expect(y.valid).toBe(expected[i]!.valid);
    }
    // The change from the year before, where no break lies between.
    for (let i = 1; i < r.body.years.length; i++) {
      const y = r.body.years[i];
      if (y.break) expect(y.change).toBeNull();
      else expect(y.change).toBeCloseTo(y.lct_value - r.body.years[i - 1].lct_value, 2);
    }
    // A 6-digit id is the same district; from/to narrow the years.
    const narrow = await call(app, `/api/districts/${steady.id.replace(/^0/, '')}/trend?from=2019-20&to=2020-21`);
    expect(narrow.status).toBe(200);
    expect(narrow.body.years.map((y: Json) => y.year)).toEqual(['2019-20', '2020-21']);
    const other = await call(app, `/api/districts/${steady.id}/trend?scope=all`);
    expect(other.body.scope).toBe('all');
  });

  it('GET /api/districts/:id/trend: 404 for an unknown district, 400 for bad parameters', async () => {
    const unknown = await call(app, '/api/districts/9999999/trend');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('9999999');
    const malformed = await call(app, '/api/districts/12/trend');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields).toHaveProperty('id');
    const bad = await call(app, `/api/districts/${steady.id}/trend?scope=teachers&from=2020&to=2019-20&x=1`);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['from', 'scope', 'x']);
    const reversed = await call(app, `/api/districts/${steady.id}/trend?from=2021-22&to=2019-20`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fields.from).toMatch(/after to/);
  });

  it('GET /api/districts/:id/trend?format=csv: one row per year, as the JSON answer', async () => {
    const r = await call(app, `/api/districts/${steady.id}/trend?format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toContain(`lct-trend-${steady.id}-${SCOPE}.csv`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const records = parseCsvText(r.text);
    const json = (await call(app, `/api/districts/${steady.id}/trend`)).body;
    expect(records.map((x) => x.year)).toEqual(json.years.map((y: Json) => y.year));
    expect(records.map((x) => Number(x.lct_value))).toEqual(json.years.map((y: Json) => y.lct_value));
    expect(records.map((x) => x.valid)).toEqual(json.years.map((y: Json) => String(y.valid)));
  });

  it("GET /api/trends: the nation's and a state's median and enrollment-weighted LCT per year", async () => {
    const nation = await call(app, '/api/trends');
    expect(nation.status).toBe(200);
    expect(nation.body).toMatchObject({ state: null, scope: SCOPE });
    expect(nation.body.years.map((y: Json) => y.year)).toEqual(YEARS);
    for (const y of nation.body.years as Json[]) {
      const valid = rows.filter((x) => x.year === y.year && x.valid);
      expect(y.district_count).toBe(valid.length);
      expect(y.lct_median).toBeCloseTo(median(valid.map((x) => x.lct_value!)), 1);
      const weighted =
        valid.reduce((n, x) => n + x.instructional_minutes! * x.staff_count!, 0) /
        valid.reduce((n, x) => n + x.enrollment!, 0);
      expect(y.lct_weighted).toBeCloseTo(weighted, 1);
    }
    const stateRows = new Set(
      (
        await t.db.query<{ nces_id: string }>('SELECT nces_id FROM districts WHERE state = $1', [steady.state])
      ).rows.map((x) => x.nces_id),
    );
    const state = await call(app, `/api/trends?state=${steady.state.toLowerCase()}&from=2019-20`);
    expect(state.status).toBe(200);
    expect(state.body.state).toBe(steady.state);
    expect(state.body.years.map((y: Json) => y.year)).toEqual(YEARS.slice(1));
    for (const y of state.body.years as Json[]) {
      const valid = rows.filter((x) => x.year === y.year && x.valid && stateRows.has(x.district_id));
      expect(y.district_count).toBe(valid.length);
      expect(y.lct_median).toBeCloseTo(median(valid.map((x) => x.lct_value!)), 1);
    }
    const csv = await call(app, '/api/trends?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const records = parseCsvText(csv.text);
    expect(records.map((x) => x.year)).toEqual(YEARS);
    expect(records.map((x) => Number(x.lct_median))).toEqual(nation.body.years.map((y: Json) => y.lct_median));
    expect((await call(app, '/api/trends?state=ZZ')).status).toBe(400);
  });

  it('GET /api/trends/movers: the largest rises and falls, computed from lct_current', async () => {
    const r = await call(app, `/api/trends/movers?from=2018-19&to=2021-22&limit=5`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ from: '2018-19', to: '2021-22', scope: SCOPE });
    expect(r.body.rises.length).toBeGreaterThan(0);
    expect(r.body.rises.length).toBeLessThanOrEqual(5);
    const value = new Map(rows.filter((x) => x.valid).map((x) => [`${x.district_id}|${x.year}`, x.lct_value!]));
    for (const m of [...r.body.rises, ...r.body.falls] as Json[]) {
      expect(m.from_lct).toBe(value.get(`${m.district_id}|2018-19`));
      expect(m.to_lct).toBe(value.get(`${m.district_id}|2021-22`));
      expect(m.change).toBeCloseTo(m.to_lct - m.from_lct, 2);
    }
    const rises = r.body.rises.map((m: Json) => m.change);
    expect(rises).toEqual([...rises].sort((a, b) => b - a));
    expect(rises.every((c: number) => c > 0)).toBe(true);
    const falls = r.body.falls.map((m: Json) => m.change);
    expect(falls).toEqual([...falls].sort((a, b) => a - b));
    expect(falls.every((c: number) => c < 0)).toBe(true);

    const inState = await call(app, `/api/trends/movers?from=2018-19&to=2021-22&state=${steady.state}`);
    for (const m of [...inState.body.rises, ...inState.body.falls] as Json[]) expect(m.state).toBe(steady.state);

    const csv = await call(app, `/api/trends/movers?from=2018-19&to=2021-22&limit=5&format=csv`);
    const records = parseCsvText(csv.text);
    expect(records.map((x) => `${x.direction}${x.rank}:${x.district_id}`)).toEqual([
      ...r.body.rises.map((m: Json, i: number) => `rise${i + 1}:${m.district_id}`),
      ...r.body.falls.map((m: Json, i: number) => `fall${i + 1}:${m.district_id}`),
    ]);

    const bad = await call(app, '/api/trends/movers?from=2021-22&to=2018-19&limit=0');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['limit']);
    const reversed = await call(app, '/api/trends/movers?from=2021-22&to=2018-19');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fields.from).toMatch(/after to/);
  });

  it('caches trend answers until something commits', async () => {
    const url = `/api/districts/${steady.id}/trend?scope=instructional`;
    expect((await call(app, url)).headers.get('x-cache')).toBe('miss');
    // Stored under the latest commit state read before it was computed (one is read in the background).
    expect((await callUntilCached(app, url)).headers.get('x-cache')).toBe('hit');
    await t.db.query('UPDATE districts SET name = name WHERE nces_id = $1', [steady.id]);
    expect((await call(app, url)).headers.get('x-cache')).toBe('miss');
    // CSV is never cached.
    expect((await call(app, `${url}&format=csv`)).headers.get('x-cache')).toBeNull();
  });

  it('lists the trend routes in /openapi.json with their components', async () => {
    const doc = (await call(app, '/openapi.json')).body;
    expect(doc.paths['/api/districts/{id}/trend'].get.tags).toEqual(['trends']);
    expect(Object.keys(doc.paths['/api/trends/movers'].get.responses['200'].content).sort()).toEqual([
      'application/json',
      'text/csv',
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['DistrictTrend', 'DistrictTrendYear', 'AreaTrend', 'AreaTrendYear', 'Mover', 'Movers']),
    );
  });
});
