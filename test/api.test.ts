/**
 * The HTTP API on both engines, through app.request(): status codes, pagination totals, every filter, CSV,
 * auth and lineage, validation messages, ids, unknown routes, injection strings, the OpenAPI document,
 * the response cache staying correct after writes, and the dashboard's static files.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import { type FixtureMark, markFixture, resetToFixture } from './helpers/campaign-fixture-reset.js';
import {
  type ApiResponse,
  INJECTIONS,
  type Json,
  TEST_TOKEN,
  call,
  callUntilCached,
  makeWebRoot,
  post,
} from './helpers/api.js';
import { refreshMaterializedViews } from '../src/db/refresh-views.js';
import { MIGRATION_FILES } from './helpers/migration-files.js';
import { createApp, type LctApp } from '../src/api/app.js';
import { tokenName } from '../src/api/auth.js';
import { getStateCampaignProgress } from '../src/queries/get-state-campaign-progress.js';
import { getDistrictProfile } from '../src/queries/get-district-profile.js';
import { ALL_SCOPES } from '../src/domain/scopes.js';

const PROFILE_FIXTURE = `
INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES
  ('0100001', '2023-24', 'KG', 80), ('0100001', '2023-24', 'G01', 75), ('0100001', '2023-24', 'G12', NULL), ('0100001', '2022-23', 'KG', 70);
INSERT INTO grade_level_staffing (nces_id, year, category, fte_count) VALUES
  ('0100001', '2023-24', 'elementary_teachers', 20.5), ('0100001', '2023-24', 'secondary_teachers', 18);
UPDATE districts SET name = 'A renamed' WHERE nces_id = '0100001';
UPDATE districts SET name = 'A' WHERE nces_id = '0100001';
`;

const ids = (items: { nces_id: string }[]) => items.map((d) => d.nces_id);

describe.each(ENGINES)('HTTP API on %s', (engine) => {
  let t: TestDatabase;
  let app: LctApp;
  let web: ReturnType<typeof makeWebRoot>;
  let fixture: FixtureMark;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await t.db.execScript(QUERIES_FIXTURE);
    await t.db.execScript(PROFILE_FIXTURE);
    await refreshMaterializedViews(t.db);
    fixture = await markFixture(t.db);
    web = makeWebRoot();
    app = createApp(t.db, { token: TEST_TOKEN, webRoot: web.root, log: () => undefined });
  });
  // The schedules the POST tests add and the districts the cache tests rename go before the next test.
  beforeEach(async () => {
    if (!(await resetToFixture(t.db, fixture))) return;
    // The reset committed: have the app read the new commit state (a held answer is checked against a
    // state read now), as after any write, so the cache test starts with a recent one, not the last test's.
    await call(app, '/api/runs?limit=1');
    await call(app, '/api/runs?limit=1');
  });
  afterAll(async () => {
    await t.destroy();
    web.cleanup();
  });

  it('GET /health: engine, version, migrations, latest run', async () => {
    const r = await call(app, '/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'ok',
      engine,
      migrations_applied: MIGRATION_FILES.length,
      migrations_pending: 0,
    });
    expect(r.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.body.postgres_version).toMatch(/^\d+/);
    expect(r.body.latest_run).toMatchObject({ run_id: 'r3', year: '2023-24', status: 'failed' });
  });

  describe('GET /api/districts', () => {
    it('pages largest first, unknown enrollment last, with the total', async () => {
      const all = await call(app, '/api/districts');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 10, page: 1, per_page: 50 });
      expect(ids(all.body.items)).toEqual([
        '7200030',
        '5500001',
        '0100001',
        '0100002',
        '0100003',
        '0100004',
        '5500002',
        '5500004',
        '0100005',
        '5500003',
      ]);
      expect(Object.keys(all.body.items[0]).sort()).toEqual([
        'enrollment',
        'locale_code',
        'name',
        'nces_id',
        'schools',
        'state',
      ]);
      const page2 = await call(app, '/api/districts?per_page=3&page=2');
      expect(page2.body).toMatchObject({ total: 10, page: 2, per_page: 3 });
      expect(ids(page2.body.items)).toEqual(['0100002', '0100003', '0100004']);
      const last = await call(app, '/api/districts?per_page=3&page=4');
      expect(ids(last.body.items)).toEqual(['5500003']);
      const beyond = await call(app, '/api/districts?per_page=3&page=9');
      expect(beyond.body).toEqual({ items: [], total: 10, page: 9, per_page: 3 });
      expect((await call(app, '/api/districts?per_page=1000')).body.items).toHaveLength(10);
    });

    it('filters by state (any case), name, id prefix and enrollment range', async () => {
      expect(ids((await call(app, '/api/districts?state=wi')).body.items)).toEqual([
        '5500001',
        '5500002',
        '5500004',
        '5500003',
      ]);
      expect((await call(app, '/api/districts?q=w')).body.total).toBe(4);
      expect(ids((await call(app, '/api/districts?q=W1')).body.items)).toEqual(['5500001']);
      expect(ids((await call(app, '/api/districts?q=55000')).body.items)).toEqual([
        '5500001',
        '5500002',
        '5500004',
        '5500003',
      ]);
      expect(ids((await call(app, '/api/districts?q=100002')).body.items)).toEqual(['0100002']);
      expect(ids((await call(app, '/api/districts?min_enrollment=100&max_enrollment=1000')).body.items)).toEqual([
        '0100001',
        '0100002',
        '0100003',
        '0100004',
      ]);
      expect(ids((await call(app, '/api/districts?state=AL&min_enrollment=500')).body.items)).toEqual([
        '0100001',
        '0100002',
      ]);
      expect((await call(app, '/api/districts?q=%25')).body.total).toBe(0);
      expect((await call(app, '/api/districts?q=_')).body.total).toBe(0);
      // An empty value is no filter.
      expect((await call(app, '/api/districts?state=&q=')).body.total).toBe(10);
    });

    it('refuses bad parameters with a message per parameter', async () => {
      const cases: [string, string, RegExp][] = [
        ['per_page=1001', 'per_page', /at most 1000/],
        ['per_page=0', 'per_page', /at least 1/],
        ['page=0', 'page', /at least 1/],
        ['page=abc', 'page', /whole number/],
        ['page=1.5', 'page', /whole number/],
        ['state=Wisconsin', 'state', /two-letter state code/],
        ['state=ZZ', 'state', /not a state code/],
        ['min_enrollment=-1', 'min_enrollment', /at least 0/],
        ['sort=name', 'sort', /not a parameter of this route/],
        ['state=WI&state=AL', 'state', /more than once/],
      ];
      for (const [query, field, message] of cases) {
        const r = await call(app, `/api/districts?${query}`);
        expect(r.status, query).toBe(400);
        expect(r.body.error.status).toBe(400);
        expect(r.body.error.fields[field], query).toMatch(message);
        expect(r.body.error.message).toContain(field);
      }
      const two = await call(app, '/api/districts?per_page=5000&state=1');
      expect(Object.keys(two.body.error.fields).sort()).toEqual(['per_page', 'state']);
    });
  });

  describe('GET /api/districts/:id', () => {
    it('gives the district with enrollment, staffing, schedules, current LCT and lineage', async () => {
      const r = await call(app, '/api/districts/100001');
      expect(r.status).toBe(200);
      expect(Object.keys(r.body)).toEqual([
        'district',
        'enrollment_by_grade',
        'staffing_by_category',
        'bell_schedules',
        'lct',
        'lineage',
      ]);
      expect(r.body.district).toMatchObject({
        nces_id: '0100001',
        name: 'A',
        state: 'AL',
        enrollment: 1000,
        schools: 4,
        metadata: { website: 'https://a.example' },
      });
      expect(r.body.enrollment_by_grade).toEqual([
        { year: '2023-24', grade: 'KG', enrollment: 80 },
        { year: '2023-24', grade: 'G01', enrollment: 75 },
        { year: '2023-24', grade: 'G12', enrollment: null },
        { year: '2022-23', grade: 'KG', enrollment: 70 },
      ]);
      expect(r.body.staffing_by_category).toEqual([
        { year: '2023-24', category: 'elementary_teachers', fte_count: 20.5 },
        { year: '2023-24', category: 'secondary_teachers', fte_count: 18 },
      ]);
      expect(r.body.bell_schedules.map((b: { grade_level: string }) => b.grade_level)).toEqual([
        'elementary',
        'middle',
        'high',
      ]);
      expect(r.body.lct).toEqual([
        {
          year: '2023-24',
          scope: 'teachers_only',
          lct_value: 14,
          valid: true,
          instructional_minutes: 360,
          staff_count: 38.89,
          enrollment: 1000,
          qa_flags: [],
          run_id: 'r2',
        },
      ]);
      // Newest first: the two renames, then the inserts (schedules, enrollment, staffing, the district).
      const lineage = r.body.lineage as {
        table_name: string;
        operation: string;
        record_id: string;
        source: string;
        timestamp: string;
        changes: Json;
      }[];
      expect(lineage[0]).toMatchObject({
        table_name: 'districts',
        operation: 'update',
        record_id: '0100001',
        source: 'sql',
        changes: { before: { name: 'A renamed' }, after: { name: 'A' } },
      });
      expect(lineage[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(new Set(lineage.map((l) => l.table_name))).toEqual(
        new Set(['districts', 'bell_schedules', 'grade_level_enrollment', 'grade_level_staffing']),
      );
      expect(
        lineage
          .filter((l) => l.table_name === 'grade_level_enrollment')
          .map((l) => l.record_id)
          .sort(),
      ).toEqual(['0100001/2022-23/KG', '0100001/2023-24/G01', '0100001/2023-24/G12', '0100001/2023-24/KG']);
      expect(lineage.some((l) => l.record_id.startsWith('0100002'))).toBe(false);
    });

    it("is the library's getDistrictProfile written as JSON (the route sends PostgreSQL's text of the same parts)", async () => {
      for (const id of ['0100001', '0100004']) {
        const r = await call(app, `/api/districts/${id}`);
        expect(r.status).toBe(200);
        const profile = await getDistrictProfile(t.db, id);
        expect(r.body, id).toEqual(JSON.parse(JSON.stringify(profile)));
        expect(r.body.district.created_at, id).toBe(profile!.district.created_at.toISOString());
      }
    });

    it('404 for an unknown id, 400 for a malformed one', async () => {
      const missing = await call(app, '/api/districts/0999999');
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe('No district 0999999.');
      for (const bad of ['abc', '12345', '12345678', '01000O1', '%20100001']) {
        const r = await call(app, `/api/districts/${bad}`);
        expect(r.status, bad).toBe(400);
        expect(r.body.error.fields.id).toMatch(/6 or 7 digits/);
      }
    });
  });

  describe('GET /api/lct', () => {
    it('lists the current results of the latest calculated year with the total', async () => {
      const r = await call(app, '/api/lct');
      expect(r.status).toBe(200);
      // B was recalculated by r2 without a row; r3 failed, so W1 keeps r1's value.
      expect(r.body).toMatchObject({ total: 4, page: 1, per_page: 50 });
      expect(r.body.items.map((i: { district_id: string; lct_value: number }) => [i.district_id, i.lct_value])).toEqual(
        [
          ['0100001', 14],
          ['0100003', 400],
          ['5500001', 30],
          ['5500002', 17],
        ],
      );
      expect(r.body.items[0]).toEqual({
        district_id: '0100001',
        name: 'A',
        state: 'AL',
        year: '2023-24',
        scope: 'teachers_only',
        lct_value: 14,
        instructional_minutes: 360,
        staff_count: 38.89,
        enrollment: 1000,
        valid: true,
        qa_flags: [],
      });
    });

    it('filters by year, scope, state and validity, and pages', async () => {
      const total = async (query: string) => (await call(app, `/api/lct?${query}`)).body.total as number;
      expect(await total('year=2023-24')).toBe(4);
      expect(await total('year=2023-2024')).toBe(4);
      expect(await total('year=2024-25')).toBe(0);
      expect(await total('scope=teachers_only')).toBe(4);
      expect(await total('scope=all')).toBe(0);
      expect(await total('state=wi')).toBe(2);
      expect(await total('valid=true')).toBe(3);
      expect(await total('valid=false')).toBe(1);
      expect(await total('state=AL&valid=false')).toBe(1);
      const page = await call(app, '/api/lct?per_page=2&page=2');
      expect(page.body).toMatchObject({ total: 4, page: 2, per_page: 2 });
      expect(page.body.items.map((i: { district_id: string }) => i.district_id)).toEqual(['5500001', '5500002']);
      expect((await call(app, '/api/lct?per_page=2&page=5')).body).toEqual({
        items: [],
        total: 4,
        page: 5,
        per_page: 2,
        next: null,
      });
      for (const [query, field] of [
        ['scope=everyone', 'scope'],
        ['valid=yes', 'valid'],
        ['year=2023', 'year'],
        ['year=2023-25', 'year'],
        ['format=xml', 'format'],
        ['per_page=1001', 'per_page'],
      ]) {
        const r = await call(app, `/api/lct?${query}`);
        expect(r.status, query).toBe(400);
        expect(r.body.error.fields[field!], query).toBeTruthy();
      }
      expect((await call(app, '/api/lct?scope=everyone')).body.error.fields.scope).toContain(ALL_SCOPES.join(', '));
    });

    it('walks every result by the next links, each page carrying the first page’s total', async () => {
      const seen: string[] = [];
      let url: string | null = '/api/lct?valid=true&per_page=1';
      const pages: number[] = [];
      while (url) {
        const r: ApiResponse = await call(app, url);
        expect(r.status, url).toBe(200);
        expect(r.body.total).toBe(3);
        pages.push(r.body.page);
        seen.push(...r.body.items.map((i: { district_id: string }) => i.district_id));
        url = r.body.next;
        if (url) expect(url).toMatch(/^\/api\/lct\?year=2023-24&valid=true&per_page=1&cursor=[A-Za-z0-9_-]+$/);
      }
      expect(seen).toEqual(['0100001', '5500001', '5500002']);
      expect(pages).toEqual([1, 2, 3]);
      // A numbered page hands on a cursor too.
      const second = await call(app, '/api/lct?per_page=2&page=2');
      expect(second.body.next).toBeNull();
      const first = await call(app, '/api/lct?per_page=2');
      const next = await call(app, first.body.next);
      expect(next.body).toEqual({ ...second.body, next: null });
    });

    it('refuses a cursor it did not hand out, one for other filters, a cursor with a page, and deep page numbers', async () => {
      const first = await call(app, '/api/lct?per_page=1');
      const cursor = new URL(first.body.next, 'http://x').searchParams.get('cursor')!;
      const cases: [string, string, RegExp][] = [
        ['cursor=abc', 'cursor', /not one this API handed out/],
        [`cursor=${cursor.slice(0, -2)}`, 'cursor', /not one this API handed out/],
        [`cursor=${cursor}&state=WI`, 'cursor', /other filters/],
        [`cursor=${cursor}&page=2`, 'page', /cannot go with cursor/],
        ['page=42&per_page=50', 'page', /2,000 rows deep.*next/],
      ];
      for (const [query, field, message] of cases) {
        const r = await call(app, `/api/lct?${query}`);
        expect(r.status, query).toBe(400);
        expect(r.body.error.fields[field], query).toMatch(message);
      }
      expect((await call(app, '/api/lct?page=41&per_page=50')).status).toBe(200);
    });

    it('streams CSV with a header row and every matching row', async () => {
      const r = await call(app, '/api/lct?format=csv');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(r.headers.get('content-disposition')).toBe('attachment; filename="lct-2023-24.csv"');
      const lines = r.text.trimEnd().split('\n');
      expect(lines[0]).toBe(
        'district_id,name,state,year,scope,lct_value,instructional_minutes,staff_count,enrollment,valid,qa_flags',
      );
      expect(lines).toHaveLength(5);
      expect(lines[1]).toBe('0100001,A,AL,2023-24,teachers_only,14.00,360.00,38.89,1000,true,');
      expect(lines[2]).toBe('0100003,C,AL,2023-24,teachers_only,400.00,360.00,222.22,200,false,ERR_IMPOSSIBLE_SSR');
      const wi = await call(app, '/api/lct?format=csv&state=WI&valid=true&scope=teachers_only&year=2023-24&per_page=1');
      expect(wi.text.trimEnd().split('\n')).toHaveLength(3);
      expect(wi.headers.get('content-disposition')).toContain('lct-2023-24-teachers_only-WI-valid.csv');
      const none = await call(app, '/api/lct?format=csv&year=2030-31');
      expect(none.text.trimEnd().split('\n')).toHaveLength(1);
    });
  });

  describe('GET /api/lct/summary and /api/lct/histogram', () => {
    it('summarises valid current values, overall, per state and per scope', async () => {
      const all = await call(app, '/api/lct/summary');
      expect(all.body).toEqual({
        year: '2023-24',
        scope: 'teachers_only',
        state: null,
        group_by: null,
        items: [{ district_count: 3, mean_lct: 20.33, median_lct: 17, std_lct: 8.5, min_lct: 14, max_lct: 30 }],
      });
      const byState = await call(app, '/api/lct/summary?group_by=state');
      expect(byState.body.items).toEqual([
        { state: 'AL', district_count: 1, mean_lct: 14, median_lct: 14, std_lct: null, min_lct: 14, max_lct: 14 },
        { state: 'WI', district_count: 2, mean_lct: 23.5, median_lct: 23.5, std_lct: 9.19, min_lct: 17, max_lct: 30 },
      ]);
      const byScope = await call(app, '/api/lct/summary?group_by=scope&year=2023-24');
      expect(byScope.body).toMatchObject({ scope: null, group_by: 'scope' });
      expect(byScope.body.items).toEqual([
        {
          scope: 'teachers_only',
          district_count: 3,
          mean_lct: 20.33,
          median_lct: 17,
          std_lct: 8.5,
          min_lct: 14,
          max_lct: 30,
        },
      ]);
      const wi = await call(app, '/api/lct/summary?state=WI');
      expect(wi.body.items).toEqual([
        { district_count: 2, mean_lct: 23.5, median_lct: 23.5, std_lct: 9.19, min_lct: 17, max_lct: 30 },
      ]);
      const empty = await call(app, '/api/lct/summary?scope=all');
      expect(empty.body.items).toEqual([
        { district_count: 0, mean_lct: null, median_lct: null, std_lct: null, min_lct: null, max_lct: null },
      ]);
      expect((await call(app, '/api/lct/summary?group_by=district')).body.error.fields.group_by).toBe(
        'must be state or scope',
      );
    });

    it('bins valid values from the lowest to the highest', async () => {
      const r = await call(app, '/api/lct/histogram?bins=4');
      expect(r.body).toEqual({
        year: '2023-24',
        scope: 'teachers_only',
        state: null,
        total: 3,
        bins: [
          { from: 14, to: 18, count: 2 },
          { from: 18, to: 22, count: 0 },
          { from: 22, to: 26, count: 0 },
          { from: 26, to: 30, count: 1 },
        ],
      });
      expect((await call(app, '/api/lct/histogram')).body.bins).toHaveLength(30);
      expect((await call(app, '/api/lct/histogram?state=AL')).body).toMatchObject({
        total: 1,
        bins: [{ from: 14, to: 14, count: 1 }],
      });
      expect((await call(app, '/api/lct/histogram?scope=all')).body).toMatchObject({ total: 0, bins: [] });
      expect((await call(app, '/api/lct/histogram?bins=0')).status).toBe(400);
      expect((await call(app, '/api/lct/histogram?bins=201')).status).toBe(400);
    });
  });

  describe('campaign and runs', () => {
    it('GET /api/states: campaign progress, by default for the latest year with schedules', async () => {
      const r = await call(app, '/api/states');
      expect(r.body.year).toBe('2025-26');
      expect(r.body.items).toEqual(JSON.parse(JSON.stringify(await getStateCampaignProgress(t.db, '2025-26'))));
      expect(r.body.items[0]).toEqual({
        state: 'WI',
        total_districts: 4,
        enriched: 3,
        unenriched: 1,
        pct_enriched: 75,
        total_enrollment: 3070,
        complete: true,
        needs_person: 0,
      });
      expect(
        (await call(app, '/api/states?year=2024-25')).body.items.find((s: { state: string }) => s.state === 'AL')
          .enriched,
      ).toBe(1);
      expect((await call(app, '/api/states?year=next')).status).toBe(400);
    });

    it('GET /api/campaign/candidates: the largest unenriched districts of a state', async () => {
      const r = await call(app, '/api/campaign/candidates?state=al&year=2025-26');
      expect(r.body).toMatchObject({ state: 'AL', year: '2025-26' });
      expect(ids(r.body.items)).toEqual(['0100002', '0100003', '0100004', '0100005']);
      expect(ids((await call(app, '/api/campaign/candidates?state=AL&limit=2')).body.items)).toEqual([
        '0100002',
        '0100003',
      ]);
      const missing = await call(app, '/api/campaign/candidates');
      expect(missing.status).toBe(400);
      expect(missing.body.error.fields.state).toMatch(/required/);
      expect((await call(app, '/api/campaign/candidates?state=AL&limit=0')).body.error.fields.limit).toMatch(
        /at least 1/,
      );
    });

    it('GET /api/runs and /api/runs/:id', async () => {
      const r = await call(app, '/api/runs');
      expect(r.body.items.map((run: { run_id: string }) => run.run_id)).toEqual(['r3', 'r2', 'r1']);
      expect((await call(app, '/api/runs?year=2024-25')).body.items).toEqual([]);
      expect((await call(app, '/api/runs?limit=1')).body.items).toHaveLength(1);
      const one = await call(app, '/api/runs/r1');
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        run_id: 'r1',
        year: '2023-24',
        status: 'completed',
        scopes: ['teachers_only', 'all'],
      });
      expect(one.body).toHaveProperty('qa_summary');
      const missing = await call(app, '/api/runs/20990101T000000.000Z');
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('20990101T000000.000Z');
      expect((await call(app, `/api/runs/${encodeURIComponent('r1 OR 1=1')}`)).status).toBe(400);
    });
  });

  describe('POST /api/bell-schedules', () => {
    const schedule = {
      district_id: '100004',
      year: '2025-26',
      grade_level: 'high',
      instructional_minutes: 375,
      start_time: '8:00 AM',
      method: 'web_scraping',
      source_urls: ['https://d.example/bell'],
    };

    it('401 without a token or with a wrong one, and nothing is written', async () => {
      const none = await call(app, '/api/bell-schedules', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(schedule),
      });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      expect(none.body.error.message).toMatch(/Missing token/);
      for (const header of [
        `Bearer ${TEST_TOKEN}x`,
        `Bearer ${TEST_TOKEN.slice(0, -1)}`,
        'Bearer ',
        `Basic ${TEST_TOKEN}`,
        TEST_TOKEN,
        'Bearer a b',
      ]) {
        const r = await post(app, '/api/bell-schedules', schedule, { Authorization: header });
        expect(r.status, header).toBe(401);
      }
      const count = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM bell_schedules WHERE district_id = '0100004'`,
      );
      expect(count.rows[0]!.n).toBe(0);
      const disabled = createApp(t.db, { token: null, cache: false });
      const r = await post(disabled, '/api/bell-schedules', schedule);
      expect(r.status).toBe(401);
      expect(r.body.error.message).toContain('LCT_API_TOKEN');
    });

    it('201 with the stored row, recorded in lineage under the token name, visible in the next GET', async () => {
      const before = await call(app, '/api/districts/0100004');
      expect(before.body.bell_schedules).toEqual([]);
      const r = await post(app, '/api/bell-schedules', schedule);
      expect(r.status).toBe(201);
      expect(r.body.inserted).toBe(true);
      expect(r.body.item).toMatchObject({
        district_id: '0100004',
        year: '2025-26',
        grade_level: 'high',
        instructional_minutes: 375,
        method: 'automated_enrichment',
        confidence: 'medium',
        source_urls: ['https://d.example/bell'],
      });
      expect(typeof r.body.item.id).toBe('number');
      const lineage = await t.db.query<{ source: string; operation: string }>(
        `SELECT source, operation FROM data_lineage WHERE table_name = 'bell_schedules' AND record_id = $1`,
        [String(r.body.item.id)],
      );
      expect(lineage.rows).toEqual([{ source: `api:${tokenName(TEST_TOKEN)}`, operation: 'insert' }]);
      expect(tokenName(TEST_TOKEN)).toMatch(/^token-[0-9a-f]{8}$/);
      const after = await call(app, '/api/districts/0100004');
      expect(after.body.bell_schedules).toMatchObject([
        { year: '2025-26', grade_level: 'high', instructional_minutes: 375 },
      ]);
      expect(after.body.lineage[0]).toMatchObject({
        table_name: 'bell_schedules',
        source: `api:${tokenName(TEST_TOKEN)}`,
      });
      const progress = await call(app, '/api/states?year=2025-26');
      expect(progress.body.items.find((s: { state: string }) => s.state === 'AL').enriched).toBe(2);

      const updated = await post(app, '/api/bell-schedules', {
        district_id: '0100004',
        year: '2025-26',
        grade_level: 'high',
        instructional_minutes: 380,
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        inserted: false,
        item: { instructional_minutes: 380, start_time: '8:00 AM', method: 'automated_enrichment' },
      });
      expect((await call(app, '/api/districts/0100004')).body.bell_schedules[0].instructional_minutes).toBe(380);
    });

    it('422 with a message per field', async () => {
      const r = await post(app, '/api/bell-schedules', {
        district_id: 'abc',
        year: '2020-21',
        grade_level: 'kinder',
        instructional_minutes: 50,
        method: 'magic',
        confidence: 'sure',
        lunch_duration: -5,
      });
      expect(r.status).toBe(422);
      expect(Object.keys(r.body.error.fields).sort()).toEqual([
        'confidence',
        'district_id',
        'grade_level',
        'instructional_minutes',
        'lunch_duration',
        'method',
        'year',
      ]);
      expect(r.body.error.fields.year).toMatch(/COVID year/);
      expect(r.body.error.fields.instructional_minutes).toMatch(/outside 100-600/);
      expect(r.body.error.message).toMatch(/^Bell schedule refused: .*Nothing was written\.$/);
      const missing = await post(app, '/api/bell-schedules', {});
      expect(Object.keys(missing.body.error.fields).sort()).toEqual([
        'district_id',
        'grade_level',
        'instructional_minutes',
        'year',
      ]);
      const unknownDistrict = await post(app, '/api/bell-schedules', { ...schedule, district_id: '0999999' });
      expect(unknownDistrict.status).toBe(422);
      expect(unknownDistrict.body.error.fields).toEqual({ district_id: '0999999 is not in the districts table' });
      const unknownField = await post(app, '/api/bell-schedules', { ...schedule, minutes: 360 });
      expect(unknownField.status).toBe(422);
      expect(unknownField.body.error.fields.minutes).toMatch(/not a bell-schedule field/);
      for (const body of ['[]', '"text"', '42', 'null']) {
        const r2 = await post(app, '/api/bell-schedules', body);
        expect(r2.status, body).toBe(422);
        expect(r2.body.error.fields.body).toMatch(/JSON object/);
      }
    });

    it('400 for malformed JSON, 415 for another content type, 413 for an oversized body', async () => {
      // The schedule exists, so the one accepted request below updates it.
      expect((await post(app, '/api/bell-schedules', schedule)).status).toBe(201);
      const malformed = await post(app, '/api/bell-schedules', '{"district_id": "0100004",');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/not valid JSON/);
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
        const r = await post(app, '/api/bell-schedules', JSON.stringify(schedule), { 'Content-Type': type });
        expect(r.status, type).toBe(415);
      }
      expect(
        (await post(app, '/api/bell-schedules', schedule, { 'Content-Type': 'application/json; charset=utf-8' }))
          .status,
      ).toBe(200);
      const huge = await post(app, '/api/bell-schedules', { ...schedule, notes: 'x'.repeat(70 * 1024) });
      expect(huge.status).toBe(413);
      expect(huge.body.error.message).toMatch(/64 KiB/);
    });
  });

  it('answers unknown routes and methods with JSON', async () => {
    for (const path of ['/api/nope', '/api', '/api/districts/0100001/extra', '/api/lct/summary/x']) {
      const r = await call(app, path);
      expect(r.status, path).toBe(404);
      expect(r.body.error.message).toContain('No route');
    }
    const missingFile = await call(app, '/missing.js');
    expect(missingFile.status).toBe(404);
    expect(missingFile.body.error.status).toBe(404);
    const wrongMethod = await call(app, '/api/districts', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
    expect((await call(app, '/api/bell-schedules')).status).toBe(405);
  });

  it('treats injection strings as values: 400 or no match, tables intact', async () => {
    const counts = async () =>
      (
        await t.db.query<{ d: number; b: number; c: number }>(
          'SELECT (SELECT count(*) FROM districts)::int AS d, (SELECT count(*) FROM bell_schedules)::int AS b, (SELECT count(*) FROM lct_calculations)::int AS c',
        )
      ).rows[0];
    const before = await counts();
    const routes = [
      (v: string) => `/api/districts?q=${v}`,
      (v: string) => `/api/districts?state=${v}`,
      (v: string) => `/api/districts?min_enrollment=${v}`,
      (v: string) => `/api/districts/${v}`,
      (v: string) => `/api/lct?year=${v}`,
      (v: string) => `/api/lct?scope=${v}`,
      (v: string) => `/api/lct?state=${v}`,
      (v: string) => `/api/lct?valid=${v}`,
      (v: string) => `/api/lct?format=csv&scope=${v}`,
      (v: string) => `/api/lct/summary?group_by=${v}`,
      (v: string) => `/api/lct/histogram?bins=${v}`,
      (v: string) => `/api/states?year=${v}`,
      (v: string) => `/api/campaign/candidates?state=${v}`,
      (v: string) => `/api/runs/${v}`,
      (v: string) => `/api/runs?year=${v}`,
    ];
    for (const value of INJECTIONS) {
      for (const route of routes) {
        const url = route(encodeURIComponent(value));
        const r = await call(app, url);
        expect([200, 400, 404], url).toContain(r.status);
        if (r.status === 200 && r.body?.total !== undefined) expect(r.body.total, url).toBe(0);
      }
    }
    const q = await call(app, `/api/districts?q=${encodeURIComponent("'; drop table districts; --")}`);
    expect(q.body).toEqual({ items: [], total: 0, page: 1, per_page: 50 });
    expect(await counts()).toEqual(before);
  });

  it('lists every route and parameter in /openapi.json, and renders /docs', async () => {
    const r = await call(app, '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const documented = Object.entries(r.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const registered = app.routes
      .filter((route) => (route.method === 'GET' || route.method === 'POST') && !route.path.includes('*'))
      .map((route) => `${route.method} ${route.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`);
    expect(new Set(documented)).toEqual(new Set(registered));
    for (const expected of [
      'GET /health',
      'GET /api/districts',
      'GET /api/districts/{id}',
      'GET /api/lct',
      'GET /api/lct/summary',
      'GET /api/lct/histogram',
      'GET /api/states',
      'GET /api/campaign/candidates',
      'GET /api/runs',
      'GET /api/runs/{id}',
      'POST /api/bell-schedules',
      'GET /openapi.json',
      'GET /docs',
    ]) {
      expect(documented).toContain(expected);
    }
    for (const spec of app.routeSpecs) {
      const op = r.body.paths[spec.path.replace(/:([A-Za-z_]+)/g, '{$1}')][spec.method];
      const names = (op.parameters ?? []).map((p: { name: string }) => p.name).sort();
      expect(names, spec.path).toEqual(
        [...Object.keys(spec.pathParams ?? {}), ...Object.keys(spec.query?.shape ?? {})].sort(),
      );
    }
    // Every field of every schema, and every parameter, says what it is.
    const undescribed: string[] = [];
    const walk = (schema: Json, where: string): void => {
      if (!schema || typeof schema !== 'object') return;
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
        if (!property.description && !property.$ref) undescribed.push(`${where}.${name}`);
        walk(property, `${where}.${name}`);
      }
      if (schema.items) walk(schema.items, `${where}[]`);
      for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) walk(variant, where);
    };
    for (const [name, schema] of Object.entries(r.body.components.schemas as Record<string, Json>)) walk(schema, name);
    for (const [path, methods] of Object.entries(r.body.paths as Record<string, Record<string, Json>>))
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(op.responses as Record<string, Json>))
          for (const media of Object.values((response.content ?? {}) as Record<string, Json>))
            walk(media.schema, `${method} ${path} ${status}`);
        for (const p of (op.parameters ?? []) as Json[]) if (!p.description) undescribed.push(`${path} ${p.name}`);
      }
    expect(undescribed).toEqual([]);
    expect(Object.keys(r.body.components.schemas)).toEqual(
      expect.arrayContaining([
        'District',
        'LctResult',
        'ScopeSummary',
        'StateProgress',
        'Run',
        'BellSchedule',
        'Error',
      ]),
    );
    const perPage = r.body.paths['/api/districts'].get.parameters.find((p: { name: string }) => p.name === 'per_page');
    expect(perPage.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000, default: 50 });
    expect(r.body.paths['/api/bell-schedules'].post.security).toEqual([{ bearerToken: [] }]);
    const docs = await call(app, '/docs');
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    // Nothing loaded from elsewhere (no CDN), no scripts at all.
    expect(docs.text).not.toContain('<script');
    expect(docs.text).not.toMatch(/(src|href)="https?:/);
    expect(docs.text).toContain('/api/districts/{id}');
    expect(docs.text).toContain('per_page');
  });

  it('serves the dashboard files with their content types, never files outside', async () => {
    const index = await call(app, '/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.text).toContain('LCT dashboard');
    expect((await call(app, '/district/0100001')).text).toContain('LCT dashboard');
    const js = await call(app, '/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await call(app, '/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await call(app, '/assets/logo.svg')).headers.get('content-type')).toBe('image/svg+xml');
    for (const path of [
      '/.env',
      '/link.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
    ]) {
      const r = await call(app, path);
      expect(r.text, path).not.toContain(web.secret);
      expect(r.text, path).not.toContain('hidden-dotfile');
    }
    const unbuilt = createApp(t.db, { webRoot: `${web.root}-missing`, cache: false });
    const page = await call(unbuilt, '/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('npm run build');
  });

  it('caches reads per commit state: a hit until anything commits', async () => {
    const first = await call(app, '/api/districts/0100005');
    // Stored under the latest commit state read before it was computed (one is read in the background).
    const second = await callUntilCached(app, '/api/districts/0100005');
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(second.text).toBe(first.text);
    await t.db.query(`UPDATE districts SET name = 'E (renamed by SQL)' WHERE nces_id = '0100005'`);
    const third = await call(app, '/api/districts/0100005');
    expect(third.headers.get('x-cache')).toBe('miss');
    expect(third.body.district.name).toBe('E (renamed by SQL)');
    // A write through the API is seen by the very next read too (its commit changed the state).
    const before = await call(app, '/api/districts/0100005');
    const added = await post(app, '/api/bell-schedules', {
      district_id: '0100005',
      year: '2025-26',
      grade_level: 'middle',
      instructional_minutes: 333,
    });
    expect(added.status).toBe(201);
    const after = await call(app, '/api/districts/0100005');
    expect(after.body.bell_schedules).toMatchObject([{ grade_level: 'middle', instructional_minutes: 333 }]);
    expect(after.text).not.toBe(before.text);
    // Many requests at once share commit-state reads and all see the same answer.
    const many = await Promise.all(Array.from({ length: 50 }, () => call(app, '/api/districts/0100005')));
    expect(new Set(many.map((m) => m.text)).size).toBe(1);
    await t.db.query(`UPDATE districts SET name = 'E' WHERE nces_id = '0100005'`);
    expect((await call(app, '/api/districts/0100005')).body.district.name).toBe('E');
  });

  it('never answers from before a commit the client saw, with reads of the same answer going on all the time', async () => {
    let reading = true;
    const background = (async () => {
      let n = 0;
      while (reading) {
        await Promise.all([call(app, '/api/districts/0100004'), call(app, '/api/districts?state=AL')]);
        n++;
      }
      return n;
    })();
    try {
      for (let i = 0; i < 25; i++) {
        await t.db.query(`UPDATE districts SET name = $1 WHERE nces_id = '0100004'`, [`D-${i}`]);
        const [one, list] = await Promise.all([
          call(app, '/api/districts/0100004'),
          call(app, '/api/districts?state=AL'),
        ]);
        expect(one.body.district.name).toBe(`D-${i}`);
        expect(list.body.items.find((d: { nces_id: string }) => d.nces_id === '0100004').name).toBe(`D-${i}`);
      }
    } finally {
      reading = false;
    }
    expect(await background).toBeGreaterThan(0);
    expect(app.responseCache!.hits).toBeGreaterThan(0);
    await t.db.query(`UPDATE districts SET name = 'D' WHERE nces_id = '0100004'`);
  });
});
