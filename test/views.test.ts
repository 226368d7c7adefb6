import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createFilledDatabase, type TestDatabase } from './helpers/databases.js';
import type { EngineName } from '../src/db/database.js';
import { refreshMaterializedViews } from '../src/db/refresh-views.js';

/**
 * A small hand-computed fixture. AL: A (1000, three schedules: the join fan-out trap), B (500, two
 * years), C (200, statutory fallback only = not enriched), D (100, none). WI: E (3000), F (50),
 * G (enrollment unknown), all enriched.
 */
const FIXTURE = `
INSERT INTO districts (nces_id, name, state, enrollment) VALUES
  ('0100001', 'A', 'AL', 1000), ('0100002', 'B', 'AL', 500), ('0100003', 'C', 'AL', 200), ('0100004', 'D', 'AL', 100),
  ('5500001', 'E', 'WI', 3000), ('5500002', 'F', 'WI', 50), ('5500003', 'G', 'WI', NULL);
INSERT INTO bell_schedules (district_id, year, grade_level, instructional_minutes, method) VALUES
  ('0100001', '2024-25', 'elementary', 360, 'human_provided'),
  ('0100001', '2024-25', 'middle', 370, 'human_provided'),
  ('0100001', '2024-25', 'high', 380, 'human_provided'),
  ('0100002', '2024-25', 'elementary', 350, 'automated_enrichment'),
  ('0100002', '2025-26', 'elementary', 355, 'automated_enrichment'),
  ('0100003', '2024-25', 'high', 360, 'statutory_fallback'),
  ('5500001', '2025-26', 'high', 400, 'human_provided'),
  ('5500002', '2025-26', 'high', 400, 'human_provided'),
  ('5500003', '2025-26', 'high', 400, 'automated_enrichment');
INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES
  ('0100001', '2023-24', 'PK', 99), ('0100001', '2023-24', 'KG', 10), ('0100001', '2023-24', 'G01', 20), ('0100001', '2023-24', 'G05', 30),
  ('0100001', '2023-24', 'G06', 40), ('0100001', '2023-24', 'G12', 50), ('0100001', '2023-24', 'AE', 5),
  ('0100001', '2022-23', 'KG', 1000),
  ('0100002', '2023-24', 'KG', 10);
INSERT INTO grade_level_staffing (nces_id, year, category, fte_count) VALUES
  ('0100001', '2023-24', 'elementary_teachers', 3.5), ('0100001', '2023-24', 'kindergarten_teachers', 1),
  ('0100001', '2023-24', 'secondary_teachers', 4.25), ('0100001', '2023-24', 'ungraded_teachers', 0.5),
  ('0100001', '2023-24', 'prek_teachers', 9), ('0100001', '2023-24', 'counselors', 2),
  ('0100001', '2022-23', 'elementary_teachers', 100);
-- r1 computed A, C and E; r2 (later) recomputed A and B, producing no row for B; r3 failed.
INSERT INTO calculation_runs (run_id, year, run_type, status, scopes, completed_at) VALUES
  ('r1', '2023-24', 'full', 'completed', '{teachers_only,all}', now() - interval '2 hours'),
  ('r2', '2023-24', 'incremental', 'completed', '{teachers_only,all}', now() - interval '1 hour'),
  ('r3', '2023-24', 'incremental', 'failed', '{teachers_only,all}', NULL);
INSERT INTO calculation_district_inputs (run_id, district_id, input_hash) VALUES
  ('r1', '0100001', 'a1'), ('r1', '0100002', 'b1'), ('r1', '0100003', 'c1'), ('r1', '5500001', 'e1'),
  ('r2', '0100001', 'a2'), ('r2', '0100002', 'b2'),
  ('r3', '5500001', 'e3');
INSERT INTO lct_calculations (district_id, year, scope, lct_value, valid, run_id) VALUES
  ('0100001', '2023-24', 'teachers_only', 10, true, 'r1'), ('0100002', '2023-24', 'teachers_only', 20, true, 'r1'),
  ('0100003', '2023-24', 'teachers_only', 400, false, 'r1'), ('5500001', '2023-24', 'teachers_only', 30, true, 'r1'),
  ('0100001', '2023-24', 'teachers_only', 14, true, 'r2'),
  ('5500001', '2023-24', 'teachers_only', 99, true, 'r3');
`;

/** A new database on the engine with the fixture loaded and the views refreshed. */
const fixtureDatabase = (engine: EngineName) => createFilledDatabase(engine, FIXTURE);

describe.each(ENGINES)('views on %s', (engine) => {
  /** Shared by the tests that only read; a test that writes takes a database of its own. */
  let t: TestDatabase;
  beforeAll(async () => {
    t = await fixtureDatabase(engine);
  });
  afterAll(() => t.destroy());

  it('lct_current takes each district from the latest completed run that processed it', async () => {
    const rows = await t.db.query('SELECT district_id, lct_value, run_id FROM lct_current ORDER BY district_id');
    expect(rows.rows).toEqual([
      { district_id: '0100001', lct_value: 14, run_id: 'r2' },
      { district_id: '0100003', lct_value: 400, run_id: 'r1' },
      { district_id: '5500001', lct_value: 30, run_id: 'r1' },
    ]);
  });

  it('mv_state_enrichment_progress counts each district once', async () => {
    const rows = await t.db.query(
      'SELECT state, total_districts, enriched, unenriched, pct_enriched, total_enrollment, complete FROM mv_state_enrichment_progress ORDER BY enriched DESC',
    );
    expect(rows.rows).toEqual([
      {
        state: 'WI',
        total_districts: 3,
        enriched: 3,
        unenriched: 0,
        pct_enriched: 100,
        total_enrollment: 3050,
        complete: true,
      },
      {
        state: 'AL',
        total_districts: 4,
        enriched: 2,
        unenriched: 2,
        pct_enriched: 50,
        total_enrollment: 1800,
        complete: false,
      },
    ]);
  });

  it('mv_unenriched_districts ranks what is left by enrollment within the state', async () => {
    const rows = await t.db.query(
      `SELECT nces_id, name, state, enrollment, rank_in_state FROM mv_unenriched_districts WHERE state = 'AL' AND rank_in_state <= 9 ORDER BY rank_in_state`,
    );
    expect(rows.rows).toEqual([
      { nces_id: '0100003', name: 'C', state: 'AL', enrollment: 200, rank_in_state: 1 },
      { nces_id: '0100004', name: 'D', state: 'AL', enrollment: 100, rank_in_state: 2 },
    ]);
  });

  it('mv_districts_with_lct_data sums grades and teachers per level from the latest complete year', async () => {
    const rows = await t.db.query(
      `SELECT nces_id, name, state, enrollment, elem_enrollment, sec_enrollment, elem_teachers, sec_teachers, ungraded_teachers, year FROM mv_districts_with_lct_data`,
    );
    expect(rows.rows).toEqual([
      {
        nces_id: '0100001',
        name: 'A',
        state: 'AL',
        enrollment: 1000,
        elem_enrollment: 60,
        sec_enrollment: 90,
        elem_teachers: 4.5,
        sec_teachers: 4.25,
        ungraded_teachers: 0.5,
        year: '2023-24',
      },
    ]);
  });

  it('mv_lct_summary_stats summarises the valid current rows', async () => {
    const rows = await t.db.query(
      'SELECT scope, district_count, mean_lct, median_lct, std_lct, min_lct, max_lct, year FROM mv_lct_summary_stats ORDER BY scope',
    );
    // Valid current values: 14 and 30 → mean 22, median 22, sample std √128 = 11.31.
    expect(rows.rows).toEqual([
      {
        scope: 'teachers_only',
        district_count: 2,
        mean_lct: 22,
        median_lct: 22,
        std_lct: 11.31,
        min_lct: 14,
        max_lct: 30,
        year: '2023-24',
      },
    ]);
  });

  it('refresh_all_materialized_views() picks up new data and records when each view was refreshed', async () => {
    // It writes: a database of its own, so the read-only tests see the fixture in any order.
    const own = await fixtureDatabase(engine);
    try {
      await own.db.query(
        `INSERT INTO bell_schedules (district_id, year, grade_level, instructional_minutes, method) VALUES ('0100004', '2025-26', 'high', 390, 'human_provided')`,
      );
      const stale = await own.db.query(`SELECT enriched FROM mv_state_enrichment_progress WHERE state = 'AL'`);
      expect(stale.rows).toEqual([{ enriched: 2 }]);
      const before = new Date();
      const refreshed = await refreshMaterializedViews(own.db);
      expect(refreshed.map((r) => r.view_name)).toEqual([
        'mv_districts_with_lct_data',
        'mv_lct_summary_stats',
        'mv_state_enrichment_progress',
        'mv_unenriched_districts',
      ]);
      for (const r of refreshed) expect(r.refreshed_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
      const fresh = await own.db.query(
        `SELECT enriched, complete FROM mv_state_enrichment_progress WHERE state = 'AL'`,
      );
      expect(fresh.rows).toEqual([{ enriched: 3, complete: true }]);
      expect((await own.db.query(`SELECT nces_id FROM mv_unenriched_districts`)).rows).toEqual([
        { nces_id: '0100003' },
      ]);
    } finally {
      await own.destroy();
    }
  });

  it('every materialized view has a unique index, so the server can refresh it concurrently', async () => {
    const rows = await t.db.query<{ matviewname: string; unique_indexes: number }>(`
      SELECT m.matviewname, count(i.indexrelid) FILTER (WHERE i.indisunique)::int AS unique_indexes
      FROM pg_matviews m LEFT JOIN pg_index i ON i.indrelid = (quote_ident(m.matviewname))::regclass
      WHERE m.schemaname = 'public' GROUP BY m.matviewname ORDER BY 1`);
    expect(rows.rows.map((r) => r.unique_indexes)).toEqual([1, 1, 1, 1]);
  });
});
