import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { GRADE_CODES } from '../src/domain/grades.js';
import { STAFF_CATEGORIES } from '../src/domain/staff.js';
import { BELL_SCHEDULE_METHODS, CONFIDENCE_LEVELS, SCHOOL_LEVELS } from '../src/domain/bell-schedules.js';
import { COVID_YEARS } from '../src/domain/years.js';
import { ALL_SCOPES } from '../src/domain/scopes.js';

const bell = (overrides: Record<string, unknown> = {}) => ({
  district_id: '0100005',
  year: '2024-25',
  grade_level: 'elementary',
  instructional_minutes: 360,
  method: 'human_provided',
  confidence: 'high',
  ...overrides,
});

describe.each(ENGINES)('constraints on %s', (engine) => {
  let t: TestDatabase;
  const insertBell = (row: Record<string, unknown>) =>
    t.db.query(
      `INSERT INTO bell_schedules (district_id, year, grade_level, instructional_minutes, method, confidence) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.district_id, row.year, row.grade_level, row.instructional_minutes, row.method, row.confidence],
    );
  const rejects = async (promise: Promise<unknown>, code: string) => {
    await expect(promise).rejects.toMatchObject({ code });
  };

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await t.db.query(
      `INSERT INTO districts (nces_id, name, state, enrollment) VALUES ('0100005', 'Albertville City', 'AL', 5821)`,
    );
  });
  afterAll(() => t.destroy());
  // The bell-schedule tests each count on an empty table; the other tests write none.
  beforeEach(async () => {
    await t.db.query('DELETE FROM bell_schedules');
  });

  it('districts: 7-digit ids, 2-letter states, no negative counts, object metadata', async () => {
    await rejects(t.db.query(`INSERT INTO districts (nces_id, name, state) VALUES ('100005', 'x', 'AL')`), '23514');
    await rejects(t.db.query(`INSERT INTO districts (nces_id, name, state) VALUES ('0100009', 'x', 'al')`), '23514');
    await rejects(
      t.db.query(`INSERT INTO districts (nces_id, name, state, enrollment) VALUES ('0100009', 'x', 'AL', -1)`),
      '23514',
    );
    await rejects(
      t.db.query(`INSERT INTO districts (nces_id, name, state, schools) VALUES ('0100009', 'x', 'AL', -1)`),
      '23514',
    );
    await rejects(
      t.db.query(`INSERT INTO districts (nces_id, name, state, metadata) VALUES ('0100009', 'x', 'AL', '[]')`),
      '23514',
    );
    await rejects(
      t.db.query(`INSERT INTO districts (nces_id, name, state) VALUES ('0100005', 'again', 'AL')`),
      '23505',
    );
    await rejects(t.db.query(`INSERT INTO districts (nces_id, state) VALUES ('0100009', 'AL')`), '23502');
  });

  it('updated_at is maintained by trigger', async () => {
    // Even a value the statement sets itself is replaced by the time of the transaction that changed the row.
    const changed = await t.db.query<{ kept_old: boolean; is_now: boolean }>(
      `UPDATE districts SET schools = 3, updated_at = '2000-01-01T00:00:00Z' WHERE nces_id = '0100005'
       RETURNING updated_at = '2000-01-01T00:00:00Z'::timestamptz AS kept_old, updated_at = now() AS is_now`,
    );
    expect(changed.rows).toEqual([{ kept_old: false, is_now: true }]);
  });

  it('bell schedules accept every domain value', async () => {
    for (const [i, level] of SCHOOL_LEVELS.entries()) {
      await insertBell(
        bell({ grade_level: level, method: BELL_SCHEDULE_METHODS[i], confidence: CONFIDENCE_LEVELS[i] }),
      );
    }
    expect((await t.db.query('SELECT count(*)::int AS n FROM bell_schedules')).rows[0]).toEqual({ n: 3 });
  });

  it('bell schedules reject bad level, method, confidence, minutes, years, duplicates and unknown districts', async () => {
    await rejects(insertBell(bell({ year: '2025-26', grade_level: 'kindergarten' })), '23514');
    await rejects(insertBell(bell({ year: '2025-26', method: 'web_scraping' })), '23514');
    await rejects(insertBell(bell({ year: '2025-26', confidence: 'certain' })), '23514');
    await rejects(insertBell(bell({ year: '2025-26', instructional_minutes: 99 })), '23514');
    await rejects(insertBell(bell({ year: '2025-26', instructional_minutes: 601 })), '23514');
    await rejects(insertBell(bell({ year: '2025-2026' })), '23514');
    for (const year of COVID_YEARS) await rejects(insertBell(bell({ year })), '23514');
    await insertBell(bell());
    await rejects(insertBell(bell()), '23505');
    await rejects(insertBell(bell({ district_id: '0999999' })), '23503');
    await insertBell(bell({ year: '2025-26', instructional_minutes: 100 }));
    await insertBell(bell({ year: '2025-26', grade_level: 'high', instructional_minutes: 600 }));
  });

  it('enrollment and staffing take only the domain grade codes and categories', async () => {
    for (const g of GRADE_CODES) {
      await t.db.query(
        `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES ('0100005', '2023-24', $1, 10)`,
        [g.code],
      );
    }
    for (const c of STAFF_CATEGORIES) {
      await t.db.query(
        `INSERT INTO grade_level_staffing (nces_id, year, category, fte_count) VALUES ('0100005', '2023-24', $1, 1.5)`,
        [c.category],
      );
    }
    await rejects(
      t.db.query(
        `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES ('0100005', '2023-24', 'G14', 1)`,
      ),
      '23514',
    );
    await rejects(
      t.db.query(
        `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES ('0100005', '2022-24', 'KG', 1)`,
      ),
      '23514',
    );
    await rejects(
      t.db.query(
        `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES ('0100005', '2022-23', 'KG', -1)`,
      ),
      '23514',
    );
    await rejects(
      t.db.query(
        `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES ('0100005', '2023-24', 'KG', 1)`,
      ),
      '23505',
    );
    await rejects(
      t.db.query(
        `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES ('0999999', '2023-24', 'KG', 1)`,
      ),
      '23503',
    );
    await rejects(
      t.db.query(
        `INSERT INTO grade_level_staffing (nces_id, year, category, fte_count) VALUES ('0100005', '2023-24', 'janitors', 1)`,
      ),
      '23514',
    );
    await rejects(
      t.db.query(
        `INSERT INTO grade_level_staffing (nces_id, year, category, fte_count) VALUES ('0100005', '2022-23', 'other_staff', -0.5)`,
      ),
      '23514',
    );
    // NULL means "not reported" and is allowed.
    await t.db.query(
      `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES ('0100005', '2022-23', 'KG', NULL)`,
    );
  });

  it('the check constraints list exactly the codes of the domain modules', async () => {
    const listed = async (table: string, column: string) => {
      const defs = await t.db.query<{ def: string }>(
        `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`,
        [table],
      );
      const def = defs.rows
        .map((r) => r.def)
        .find((d) => d.includes(`(${column})::text = ANY`) || d.includes(`${column})::text = ANY`))!;
      return [...def.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
    };
    expect(await listed('grade_level_enrollment', 'grade')).toEqual(GRADE_CODES.map((g) => g.code).sort());
    expect(await listed('grade_level_staffing', 'category')).toEqual(STAFF_CATEGORIES.map((c) => c.category).sort());
    expect(await listed('lct_calculations', 'scope')).toEqual([...ALL_SCOPES].sort());
    expect(await listed('bell_schedules', 'method')).toEqual([...BELL_SCHEDULE_METHODS].sort());
    expect(await listed('bell_schedules', 'confidence')).toEqual([...CONFIDENCE_LEVELS].sort());
    expect(await listed('bell_schedules', 'grade_level')).toEqual([...SCHOOL_LEVELS].sort());
  });

  it('state requirements: code pattern and minutes range', async () => {
    await t.db.query(
      `INSERT INTO state_requirements (state_code, state_name, elementary_minutes) VALUES ('AL', 'Alabama', 360)`,
    );
    await rejects(
      t.db.query(`INSERT INTO state_requirements (state_code, state_name) VALUES ('al', 'Alabama')`),
      '23514',
    );
    await rejects(
      t.db.query(`INSERT INTO state_requirements (state_code, state_name, high_minutes) VALUES ('AK', 'Alaska', 700)`),
      '23514',
    );
  });

  it('calculation runs and results: statuses, run types, scopes, foreign keys', async () => {
    await t.db.query(
      `INSERT INTO calculation_runs (run_id, year, run_type, scopes) VALUES ('r1', '2023-24', 'full', '{teachers_only}')`,
    );
    await rejects(
      t.db.query(
        `INSERT INTO calculation_runs (run_id, year, run_type, scopes) VALUES ('r2', '2023-24', 'partial', '{}')`,
      ),
      '23514',
    );
    await rejects(t.db.query(`UPDATE calculation_runs SET status = 'done' WHERE run_id = 'r1'`), '23514');
    await t.db.query(
      `INSERT INTO lct_calculations (district_id, year, scope, lct_value, valid, run_id) VALUES ('0100005', '2023-24', 'teachers_only', 18, true, 'r1')`,
    );
    await rejects(
      t.db.query(
        `INSERT INTO lct_calculations (district_id, year, scope, lct_value, valid, run_id) VALUES ('0100005', '2023-24', 'janitors', 18, true, 'r1')`,
      ),
      '23514',
    );
    await rejects(
      t.db.query(
        `INSERT INTO lct_calculations (district_id, year, scope, lct_value, valid, run_id) VALUES ('0100005', '2023-24', 'all', 18, true, 'nope')`,
      ),
      '23503',
    );
    await rejects(
      t.db.query(
        `INSERT INTO lct_calculations (district_id, year, scope, lct_value, valid, run_id) VALUES ('0100005', '2023-24', 'teachers_only', 18, true, 'r1')`,
      ),
      '23505',
    );
  });
});
