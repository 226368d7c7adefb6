import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createFilledDatabase, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import type { EngineName } from '../src/db/database.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import { refreshMaterializedViews } from '../src/db/refresh-views.js';
import { getNextEnrichmentCandidates } from '../src/queries/get-next-enrichment-candidates.js';
import { getStateCampaignProgress } from '../src/queries/get-state-campaign-progress.js';
import { addBellSchedule } from '../src/queries/add-bell-schedule.js';
import { getLctSummaryByScope } from '../src/queries/get-lct-summary-by-scope.js';
import { getDistrictById } from '../src/queries/get-district-by-id.js';
import { getDistrictDetails } from '../src/queries/get-district-details.js';
import { getEnrichmentSummary } from '../src/queries/get-enrichment-summary.js';
import { printEnrichmentReport } from '../src/queries/print-enrichment-report.js';
import { bulkInsert } from '../src/queries/bulk-insert.js';
import { validateBellSchedule } from '../src/domain/bell-schedules.js';
import { LctError } from '../src/errors.js';
import { expectStateTotalsExact } from './helpers/state-totals.js';

/** A new database on the engine with the fixture loaded and the views refreshed. */
const fixtureDatabase = (engine: EngineName) => createFilledDatabase(engine, QUERIES_FIXTURE);

/** D (0100004, no schedule in the fixture) gets an elementary schedule, with the method's alias. */
const D_ELEMENTARY = {
  district_id: '100004',
  year: '2025-26',
  grade_level: 'elementary',
  instructional_minutes: 360,
  start_time: '8:00 AM',
  end_time: '3:00 PM',
  method: 'web_scraping',
  confidence: 'high',
  source_urls: ['https://example.com/schedule'],
};

describe.each(ENGINES)('query utilities on %s', (engine) => {
  /** Shared by the tests that only read (or leave nothing behind); a test that writes takes a database of its own. */
  let t: TestDatabase;
  beforeAll(async () => {
    t = await fixtureDatabase(engine);
  });
  afterAll(() => t.destroy());

  describe('getNextEnrichmentCandidates', () => {
    it('lists the largest unenriched districts of the state, unknown enrollment last', async () => {
      const rows = await getNextEnrichmentCandidates(t.db, 'AL', '2025-26');
      expect(rows.map((r) => [r.nces_id, r.name, r.enrollment, r.rank_in_state, r.claimed_by])).toEqual([
        ['0100002', 'B', 500, 1, null], // enriched in 2024-25 only
        ['0100003', 'C', 200, 2, null], // a statutory fallback does not enrich
        ['0100004', 'D', 100, 3, null],
        ['0100005', 'E', null, 4, null],
      ]);
    });

    it('is per year, takes a limit and a lower-case state', async () => {
      const rows = await getNextEnrichmentCandidates(t.db, 'al', '2024-25', { limit: 2 });
      expect(rows.map((r) => r.nces_id)).toEqual(['0100001', '0100003']);
      expect(await getNextEnrichmentCandidates(t.db, 'WI', '2025-26')).toEqual([
        {
          nces_id: '5500004',
          name: 'W4',
          state: 'WI',
          enrollment: 20,
          rank_in_state: 1,
          claimed_by: null,
          claim_expires_at: null,
          last_attempt: null,
          last_attempt_at: null,
          needs_person: false,
        },
      ]);
    });

    it('refuses bad arguments with a message', async () => {
      await expect(getNextEnrichmentCandidates(t.db, 'Wisconsin', '2025-26')).rejects.toThrow(
        'not a two-letter state code',
      );
      await expect(getNextEnrichmentCandidates(t.db, 'ZZ', '2025-26')).rejects.toThrow(
        '"ZZ" is not a state code NCES publishes districts for',
      );
      await expect(getNextEnrichmentCandidates(t.db, 'WI', '2025')).rejects.toThrow('not a school year');
      await expect(getNextEnrichmentCandidates(t.db, 'WI', '2025-26', { limit: 0 })).rejects.toThrow(
        'limit must be a positive whole number',
      );
    });
  });

  describe('getStateCampaignProgress', () => {
    it('counts each district once (no fan-out from its three schedules) and ignores fallbacks', async () => {
      expect(await getStateCampaignProgress(t.db, '2025-26')).toEqual([
        {
          state: 'WI',
          total_districts: 4,
          enriched: 3,
          unenriched: 1,
          pct_enriched: 75,
          total_enrollment: 3070,
          complete: true,
          needs_person: 0,
        },
        // The original summed enrollment over the join: A three times (3800) and C as enriched.
        {
          state: 'AL',
          total_districts: 5,
          enriched: 1,
          unenriched: 4,
          pct_enriched: 20,
          total_enrollment: 1800,
          complete: false,
          needs_person: 0,
        },
        {
          state: 'PR',
          total_districts: 1,
          enriched: 0,
          unenriched: 1,
          pct_enriched: 0,
          total_enrollment: 250000,
          complete: false,
          needs_person: 0,
        },
      ]);
    });

    it('is per year', async () => {
      const rows = await getStateCampaignProgress(t.db, '2024-25');
      expect(rows.map((r) => [r.state, r.enriched, r.pct_enriched])).toEqual([
        ['AL', 1, 20],
        ['PR', 0, 0],
        ['WI', 0, 0],
      ]);
    });
  });

  it('keeps the per-state district totals exact through inserts, updates, upserts, deletes and truncates', async () => {
    const fresh = await createTestDatabase(engine);
    try {
      const db = fresh.db;
      await db.execScript(QUERIES_FIXTURE);
      await expectStateTotalsExact(db);
      expect((await db.query(`SELECT * FROM state_district_totals WHERE state = 'AL'`)).rows).toEqual([
        { state: 'AL', total_districts: 5, total_enrollment: 1800 },
      ]);
      await db.query(`UPDATE districts SET enrollment = enrollment + 1 WHERE state = 'WI'`);
      await db.query(`UPDATE districts SET state = 'MN' WHERE nces_id = '5500004'`);
      await db.query(`UPDATE districts SET name = 'renamed' WHERE nces_id = '0100001'`);
      await expectStateTotalsExact(db);
      await db.query(`INSERT INTO districts (nces_id, name, state, enrollment) VALUES ('0100001', 'A', 'AL', 999), ('0100006', 'F', 'AL', 6)
                      ON CONFLICT (nces_id) DO UPDATE SET enrollment = EXCLUDED.enrollment`);
      await expectStateTotalsExact(db);
      await db.query(`DELETE FROM districts WHERE state = 'PR'`);
      await db.query(`DELETE FROM districts WHERE nces_id = '5500004'`);
      await expectStateTotalsExact(db);
      expect((await db.query(`SELECT state FROM state_district_totals ORDER BY state`)).rows).toEqual([
        { state: 'AL' },
        { state: 'WI' },
      ]);
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO districts (nces_id, name, state, enrollment) VALUES ('0200001', 'K', 'AK', 10)`);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await expectStateTotalsExact(db);
      await db.query('TRUNCATE districts CASCADE');
      await expectStateTotalsExact(db);
      expect((await db.query('SELECT count(*)::int AS n FROM state_district_totals')).rows).toEqual([{ n: 0 }]);
    } finally {
      await fresh.destroy();
    }
  });

  describe('getDistrictById', () => {
    it('finds a district by its 7-digit id or by the 6 digits left when the leading zero is lost', async () => {
      const seven = await getDistrictById(t.db, '0100001');
      const six = await getDistrictById(t.db, '100001');
      const numeric = await getDistrictById(t.db, 100001);
      expect(seven).toMatchObject({
        nces_id: '0100001',
        name: 'A',
        state: 'AL',
        enrollment: 1000,
        schools: 4,
        locale_code: '21',
        metadata: { website: 'https://a.example' },
      });
      expect(six).toEqual(seven);
      expect(numeric).toEqual(seven);
      expect(seven!.created_at).toBeInstanceOf(Date);
    });

    it('returns null for an unknown district and refuses what cannot be an id', async () => {
      expect(await getDistrictById(t.db, '0999999')).toBeNull();
      await expect(getDistrictById(t.db, 'abc')).rejects.toThrow(LctError);
      await expect(getDistrictById(t.db, '12345678')).rejects.toThrow('not an NCES district id');
    });

    it('details: schedules by level and the current LCT', async () => {
      const details = await getDistrictDetails(t.db, '100001');
      expect(details!.bell_schedules.map((s) => [s.year, s.grade_level, s.instructional_minutes])).toEqual([
        ['2025-26', 'elementary', 360],
        ['2025-26', 'middle', 370],
        ['2025-26', 'high', 380],
      ]);
      expect(details!.lct.map((l) => [l.year, l.scope, l.lct_value, l.run_id])).toEqual([
        ['2023-24', 'teachers_only', 14, 'r2'],
      ]);
      expect(await getDistrictDetails(t.db, '0999999')).toBeNull();
    });
  });

  describe('getLctSummaryByScope', () => {
    const current = {
      scope: 'teachers_only',
      year: '2023-24',
      district_count: 3,
      mean_lct: 20.33,
      median_lct: 17,
      std_lct: 8.5,
      min_lct: 14,
      max_lct: 30,
    };

    it('summarises the valid current rows (not the failed run, not the superseded or invalid ones)', async () => {
      expect(await getLctSummaryByScope(t.db, 'teachers_only', '2023-24')).toEqual(current);
    });

    it('gives zero districts for a scope or year without rows, and refuses unknown scopes', async () => {
      expect(await getLctSummaryByScope(t.db, 'all', '2023-24')).toEqual({
        scope: 'all',
        year: '2023-24',
        district_count: 0,
        mean_lct: null,
        median_lct: null,
        std_lct: null,
        min_lct: null,
        max_lct: null,
      });
      await expect(getLctSummaryByScope(t.db, 'teachers', '2023-24')).rejects.toThrow('not an LCT scope');
    });

    it('reads the materialized view while it is current, and computes live after a newer run', async () => {
      // It writes: a database of its own, so the other tests see the fixture in any order.
      const own = await fixtureDatabase(engine);
      try {
        await own.db.execScript(`
          BEGIN;
          INSERT INTO calculation_runs (run_id, year, run_type, status, scopes, completed_at)
            VALUES ('r4', '2023-24', 'incremental', 'completed', '{teachers_only}', now());
          INSERT INTO calculation_district_inputs VALUES ('r4', '5500001', 'e4');
          INSERT INTO lct_calculations (district_id, year, scope, lct_value, valid, run_id) VALUES ('5500001', '2023-24', 'teachers_only', 40, true, 'r4');
          COMMIT;`);
        // The view still has 14/17/30; the current rows are 14/17/40.
        const live = { ...current, mean_lct: 23.67, std_lct: 14.22, max_lct: 40 };
        expect(await getLctSummaryByScope(own.db, 'teachers_only', '2023-24')).toEqual(live);
        await refreshMaterializedViews(own.db);
        expect(await getLctSummaryByScope(own.db, 'teachers_only', '2023-24')).toEqual(live);
        // Proof the view is what is read when current: pretend it was refreshed in the future.
        await own.db.query(
          `UPDATE materialized_view_refreshes SET refreshed_at = now() + interval '1 day' WHERE view_name = 'mv_lct_summary_stats'`,
        );
        await own.db.query(`UPDATE lct_calculations SET lct_value = 41 WHERE run_id = 'r4'`);
        expect(await getLctSummaryByScope(own.db, 'teachers_only', '2023-24')).toEqual(live);
        await own.db.query(`UPDATE lct_calculations SET lct_value = 40 WHERE run_id = 'r4'`);
        await refreshMaterializedViews(own.db);
      } finally {
        await own.destroy();
      }
    });
  });

  describe('getEnrichmentSummary and printEnrichmentReport', () => {
    it('counts districts once and fallbacks as schedules but not as enrichment', async () => {
      expect(await getEnrichmentSummary(t.db, '2025-26')).toEqual({
        year: '2025-26',
        total_districts: 10,
        enriched_districts: 4,
        enrichment_rate: 40,
        schedule_records: 7,
        states_represented: 2,
        by_method: { automated_enrichment: 2, human_provided: 4, statutory_fallback: 1 },
      });
      expect(await getEnrichmentSummary(t.db, '2030-31')).toEqual({
        year: '2030-31',
        total_districts: 10,
        enriched_districts: 0,
        enrichment_rate: 0,
        schedule_records: 0,
        states_represented: 0,
        by_method: {},
      });
    });

    it('prints the formatted report and returns it', async () => {
      let written = '';
      const text = await printEnrichmentReport(t.db, '2024-25', (s) => (written += s));
      expect(written).toBe(text);
      expect(text).toBe(
        [
          '='.repeat(60),
          'Bell Schedule Enrichment Report - 2024-25',
          '='.repeat(60),
          'Total U.S. districts:     10',
          'Enriched districts:       1',
          'Enrichment rate:          10.00%',
          'Bell schedule records:    1',
          'States represented:       1',
          '',
          'By Collection Method:',
          '  automated_enrichment: 1',
          '='.repeat(60),
          '',
        ].join('\n'),
      );
      // Without a year: the latest year that has schedules.
      expect(await printEnrichmentReport(t.db, undefined, () => undefined)).toContain('Report - 2025-26');
    });
  });

  describe('addBellSchedule', () => {
    it('adds a schedule for a 6-digit id, maps the method alias and records the lineage source', async () => {
      // It writes: a database of its own, so the other tests see the fixture in any order.
      const own = await fixtureDatabase(engine);
      try {
        const added = await addBellSchedule(own.db, D_ELEMENTARY, { source: 'test:add' });
        expect(added.inserted).toBe(true);
        expect(added.completed_claim_id).toBeNull();
        expect(added.schedule).toMatchObject({
          district_id: '0100004',
          year: '2025-26',
          grade_level: 'elementary',
          instructional_minutes: 360,
          start_time: '8:00 AM',
          end_time: '3:00 PM',
          lunch_duration: null,
          method: 'automated_enrichment',
          confidence: 'high',
          source_urls: ['https://example.com/schedule'],
          schools_sampled: [],
        });
        const lineage = await own.db.query(
          `SELECT operation, source, record_id FROM data_lineage WHERE table_name = 'bell_schedules' AND record_id = $1`,
          [String(added.schedule.id)],
        );
        expect(lineage.rows).toEqual([
          { operation: 'insert', source: 'test:add', record_id: String(added.schedule.id) },
        ]);
        // D is now enriched: it leaves the candidates.
        expect((await getNextEnrichmentCandidates(own.db, 'AL', '2025-26')).map((r) => r.nces_id)).toEqual([
          '0100002',
          '0100003',
          '0100005',
        ]);
      } finally {
        await own.destroy();
      }
    });

    it('upserts on district, year and level, keeping the fields left out', async () => {
      // It writes: a database of its own, so the other tests see the fixture in any order.
      const own = await fixtureDatabase(engine);
      try {
        // The schedule to correct, as the test above adds it.
        expect(await addBellSchedule(own.db, D_ELEMENTARY, { source: 'test:add' })).toMatchObject({ inserted: true });
        const updated = await addBellSchedule(own.db, {
          district_id: '0100004',
          year: '2025-26',
          grade_level: 'elementary',
          instructional_minutes: 365,
          notes: 'corrected',
        });
        expect(updated.inserted).toBe(false);
        expect(updated.schedule).toMatchObject({
          instructional_minutes: 365,
          start_time: '8:00 AM',
          method: 'automated_enrichment',
          confidence: 'high',
          notes: 'corrected',
          source_urls: ['https://example.com/schedule'],
        });
        const count = await own.db.query(`SELECT count(*)::int AS n FROM bell_schedules WHERE district_id = '0100004'`);
        expect(count.rows).toEqual([{ n: 1 }]);
        const lineage = await own.db.query(
          `SELECT source, changes FROM data_lineage WHERE table_name = 'bell_schedules' AND operation = 'update' AND record_id = $1`,
          [String(updated.schedule.id)],
        );
        expect(lineage.rows).toEqual([
          {
            source: 'lib:addBellSchedule',
            changes: {
              before: { instructional_minutes: 360, notes: null },
              after: { instructional_minutes: 365, notes: 'corrected' },
            },
          },
        ]);
      } finally {
        await own.destroy();
      }
    });

    it('refuses COVID years, minutes out of range, unknown methods and unknown districts, writing nothing', async () => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM bell_schedules');
      await expect(
        addBellSchedule(t.db, {
          district_id: '0100005',
          year: '2021-22',
          grade_level: 'high',
          instructional_minutes: 360,
        }),
      ).rejects.toThrow('2021-22 is a COVID year');
      await expect(
        addBellSchedule(t.db, {
          district_id: '0100005',
          year: '2025-26',
          grade_level: 'high',
          instructional_minutes: 90,
        }),
      ).rejects.toThrow('90 is outside 100-600 minutes');
      await expect(
        addBellSchedule(t.db, {
          district_id: '0100005',
          year: '2025-26',
          grade_level: 'high',
          instructional_minutes: 360,
          method: 'guess',
        }),
      ).rejects.toThrow('"guess" is not a known method');
      await expect(
        addBellSchedule(t.db, {
          district_id: '0100005',
          year: '2025-26',
          grade_level: 'kindergarten',
          instructional_minutes: 360,
        }),
      ).rejects.toThrow('grade_level "kindergarten" is not one of');
      const missing = addBellSchedule(t.db, {
        district_id: '999999',
        year: '2025-26',
        grade_level: 'high',
        instructional_minutes: 360,
      });
      await expect(missing).rejects.toThrow('District 0999999 is not in the districts table');
      await expect(missing).rejects.toMatchObject({ hint: expect.stringContaining('lct import') });
      expect((await t.db.query('SELECT count(*)::int AS n FROM bell_schedules')).rows).toEqual(before.rows);
    });

    it('joins a transaction the caller opened', async () => {
      await expect(
        t.db.transaction(async (tx) => {
          await addBellSchedule(tx, {
            district_id: '0100005',
            year: '2025-26',
            grade_level: 'high',
            instructional_minutes: 360,
          });
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(
        (await t.db.query(`SELECT count(*)::int AS n FROM bell_schedules WHERE district_id = '0100005'`)).rows,
      ).toEqual([{ n: 0 }]);
    });
  });

  describe('Custom Queries and Bulk Operations (custom SQL and bulkInsert)', () => {
    it('runs parameterised raw SQL', async () => {
      const result = await t.db.query<{ state: string; district_count: number; avg_enrollment: number }>(
        `SELECT state, COUNT(*)::int AS district_count, round(AVG(enrollment)) AS avg_enrollment
         FROM districts WHERE enrollment >= $1 GROUP BY state ORDER BY avg_enrollment DESC LIMIT 10`,
        [50],
      );
      expect(result.rows).toEqual([
        { state: 'PR', district_count: 1, avg_enrollment: 250000 },
        { state: 'WI', district_count: 2, avg_enrollment: 1525 },
        { state: 'AL', district_count: 4, avg_enrollment: 450 },
      ]);
    });

    it('bulk-inserts 100 schedules with COPY after validating them', async () => {
      // It writes: a database of its own, so the other tests see the fixture in any order.
      const own = await fixtureDatabase(engine);
      try {
        const districts = Array.from({ length: 100 }, (_, i) => ({
          nces_id: `555${String(i).padStart(4, '0')}`,
          name: `Bulk ${i}`,
          state: 'ZZ',
          enrollment: i,
        }));
        expect(await bulkInsert(own.db, 'districts', districts, { source: 'test:bulk' })).toBe(100);
        const schedules = districts.map((d) => {
          const v = validateBellSchedule({
            district_id: d.nces_id,
            year: '2025-26',
            grade_level: 'elementary',
            instructional_minutes: 360,
            method: 'automated',
          });
          if (!v.ok) throw new Error(JSON.stringify(v.errors));
          return v.value;
        });
        expect(await bulkInsert(own.db, 'bell_schedules', schedules, { source: 'test:bulk' })).toBe(100);
        const stored = await own.db.query(
          `SELECT count(*)::int AS n, min(method) AS method, min(district_id) AS first, max(district_id) AS last FROM bell_schedules WHERE district_id LIKE '555%'`,
        );
        expect(stored.rows).toEqual([{ n: 100, method: 'automated_enrichment', first: '5550000', last: '5550099' }]);
        const lineage = await own.db.query(
          `SELECT count(*)::int AS n FROM data_lineage WHERE source = 'test:bulk' AND table_name = 'bell_schedules'`,
        );
        expect(lineage.rows).toEqual([{ n: 100 }]);
      } finally {
        await own.destroy();
      }
    });

    it('encodes arrays, JSON, dates, NULL and the empty string for their columns', async () => {
      // It writes: a database of its own, so the other tests see the fixture in any order.
      const own = await fixtureDatabase(engine);
      try {
        const started = new Date('2026-01-02T03:04:05.678Z');
        await bulkInsert(own.db, 'calculation_runs', [
          {
            run_id: 'bulk,"1"',
            year: '2023-24',
            run_type: 'full',
            status: 'failed',
            scopes: ['teachers_only', 'a "b", c\\d'],
            options: { policy: 'high', list: [1, 'x,y'] },
            started_at: started,
            error: '',
          },
          {
            run_id: 'bulk2',
            year: '2023-24',
            run_type: 'full',
            status: 'failed',
            scopes: [],
            options: {},
            started_at: started,
            error: null,
          },
        ]);
        const rows = await own.db.query(
          `SELECT run_id, scopes, options, started_at, error FROM calculation_runs WHERE run_id LIKE 'bulk%' ORDER BY run_id`,
        );
        expect(rows.rows).toEqual([
          {
            run_id: 'bulk,"1"',
            scopes: ['teachers_only', 'a "b", c\\d'],
            options: { policy: 'high', list: [1, 'x,y'] },
            started_at: started,
            error: '',
          },
          { run_id: 'bulk2', scopes: [], options: {}, started_at: started, error: null },
        ]);
      } finally {
        await own.destroy();
      }
    });

    it('inserts all rows or none, and names unknown tables and columns', async () => {
      await expect(
        bulkInsert(t.db, 'districts', [
          { nces_id: '5560001', name: 'ok', state: 'WI' },
          { nces_id: 'bad', name: 'x', state: 'WI' },
        ]),
      ).rejects.toThrow();
      expect((await t.db.query(`SELECT count(*)::int AS n FROM districts WHERE nces_id = '5560001'`)).rows).toEqual([
        { n: 0 },
      ]);
      await expect(bulkInsert(t.db, 'no_such_table', [{ a: 1 }])).rejects.toThrow('There is no table "no_such_table"');
      await expect(bulkInsert(t.db, 'districts', [{ nces_id: '5560001', nme: 'x' }])).rejects.toThrow(
        'no column "nme"',
      );
      expect(await bulkInsert(t.db, 'districts', [])).toBe(0);
    });
  });
});
