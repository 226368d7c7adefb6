/**
 * Runs: full and incremental runs, content hashes, what `lct_current` shows after each, failed runs,
 * getDistrictsNeedingCalculation and diffRuns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase } from './helpers/databases.js';
import { type DatabaseSnapshot, createSnapshot } from './helpers/calc-snapshots.js';
import {
  type DistrictFixture,
  YEAR,
  insertBellSchedules,
  insertDistricts,
  insertStateRequirement,
} from './helpers/calc-fixtures.js';
import { calculate } from '../src/calculate/calculate.js';
import { getDistrictsNeedingCalculation } from '../src/queries/get-districts-needing-calculation.js';
import { diffRuns } from '../src/runs/diff-runs.js';
import { getRun } from '../src/calculate/get-run.js';
import { listRuns } from '../src/runs/list-runs.js';
import { INTERRUPTED_RUN_ERROR, failInterruptedRuns } from '../src/calculate/fail-interrupted-runs.js';
import type { Queryable } from '../src/db/database.js';
import { PostgresDatabase } from '../src/db/postgres-engine.js';
import { waitFor } from './helpers/wait.js';

const DISTRICTS: DistrictFixture[] = Array.from({ length: 12 }, (_, i) => ({
  id: String(5500001 + i).padStart(7, '0'),
  state: i < 6 ? 'WI' : 'MN',
  enrollment: { KG: 100 + i * 10, G04: 120, G07: 90 + i, G11: 80 },
  staff: { elementary_teachers: 12 + i, secondary_teachers: 9, paraprofessionals: 3, other_staff: 2 },
}));
const [A, B, C, D] = ['5500001', '5500002', '5500003', '5500004'];
const MN_DISTRICTS = DISTRICTS.filter((d) => d.state === 'MN').map((d) => d.id);

/** Per district and scope, the run id and value `lct_current` shows. */
async function current(db: Queryable): Promise<Map<string, { run_id: string; lct_value: number | null }>> {
  const rows = await db.query<{ district_id: string; scope: string; run_id: string; lct_value: number | null }>(
    `SELECT district_id, scope, run_id, lct_value FROM lct_current WHERE year = $1`,
    [YEAR],
  );
  return new Map(rows.rows.map((r) => [`${r.district_id}/${r.scope}`, { run_id: r.run_id, lct_value: r.lct_value }]));
}

describe.each(ENGINES)('calculation runs on %s', (engine) => {
  /** The twelve districts and one full run over them, restored fresh for every test. */
  let snapshot: DatabaseSnapshot;
  let full: Awaited<ReturnType<typeof calculate>>;
  let t: TestDatabase;
  let out: string;

  beforeAll(async () => {
    snapshot = await createSnapshot(engine, async ({ db }) => {
      await insertStateRequirement(db, 'WI', { elementary: 300, middle: 330, high: 360 });
      await insertStateRequirement(db, 'MN', { elementary: 360, middle: 360, high: 360 });
      await insertDistricts(db, DISTRICTS);
      full = await calculate(db, { year: YEAR, outDir: false });
    });
  });
  afterAll(async () => {
    await snapshot?.destroy();
  });
  beforeEach(async () => {
    t = await snapshot.restore();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-calc-runs-'));
  });
  afterEach(async () => {
    await t?.destroy();
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('a full run processes every district and records a hash per district and for the run', async () => {
    expect(full).toMatchObject({
      run_type: 'full',
      districts_processed: 12,
      calculations_created: 12 * 7,
      unchanged: false,
    });
    expect(full.input_hash).toMatch(/^[0-9a-f]{64}$/);
    const inputs = await t.db.query<{ n: number; distinct_hashes: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT input_hash)::int AS distinct_hashes FROM calculation_district_inputs WHERE run_id = $1',
      [full.run_id],
    );
    expect(inputs.rows[0]).toEqual({ n: 12, distinct_hashes: 12 });
    const run = await getRun(t.db, full.run_id);
    expect(run).toMatchObject({
      status: 'completed',
      year: YEAR,
      run_type: 'full',
      previous_run_id: null,
      error: null,
      options: {
        minutes_policy: 'weighted',
        rules_version: 2,
        bell_schedule_rule: 'nearest non-COVID year within 3 years, later on a tie',
      },
    });
    expect(run.duration_seconds).toBeGreaterThan(0);
    expect(run.completed_at).toBeInstanceOf(Date);
  });

  it('an incremental run with nothing changed records a completed run that wrote nothing', async () => {
    const before = await current(t.db);
    const none = await calculate(t.db, { year: YEAR, incremental: true, outDir: out });
    expect(none).toMatchObject({
      run_type: 'incremental',
      unchanged: true,
      districts_processed: 0,
      calculations_created: 0,
      output_files: [],
      previous_run_id: full.run_id,
    });
    expect(none.input_hash).toBe(full.input_hash);
    expect(await getRun(t.db, none.run_id)).toMatchObject({ status: 'completed', calculations_created: 0 });
    expect(await current(t.db)).toEqual(before);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('incremental: one district with changed enrollment gets new rows; every other district keeps its run', async () => {
    const before = await current(t.db);
    await t.db.query(
      `UPDATE grade_level_enrollment SET enrollment = 200 WHERE nces_id = $1 AND year = $2 AND grade = 'KG'`,
      [A, YEAR],
    );
    const needing = await getDistrictsNeedingCalculation(t.db, { year: YEAR });
    expect(needing.map((d) => [d.district_id, d.reasons])).toEqual([[A, ['enrollment']]]);

    const inc = await calculate(t.db, { year: YEAR, incremental: true, outDir: false });
    expect(inc).toMatchObject({ districts_processed: 1, calculations_created: 7, unchanged: false });
    expect(inc.input_hash).not.toBe(full.input_hash);
    const written = await t.db.query<{ district_id: string }>(
      'SELECT DISTINCT district_id FROM lct_calculations WHERE run_id = $1',
      [inc.run_id],
    );
    expect(written.rows).toEqual([{ district_id: A }]);
    const after = await current(t.db);
    expect(after.size).toBe(before.size);
    for (const [key, value] of after) {
      if (key.startsWith(`${A}/`)) expect(value.run_id, key).toBe(inc.run_id);
      else expect(value, key).toEqual(before.get(key));
    }
    expect(after.get(`${A}/teachers_only`)!.lct_value).toBeLessThan(before.get(`${A}/teachers_only`)!.lct_value!);
    // The QA summary describes the year's current results, not only the one district.
    expect(inc.qa_summary!.data_quality.districts_with_rows).toBe(12);
    expect(await getDistrictsNeedingCalculation(t.db, { year: YEAR })).toEqual([]);
  });

  it('the same content gives the same hash: a value changed and changed back recalculates nothing', async () => {
    await t.db.query(
      `UPDATE grade_level_staffing SET fte_count = fte_count + 1 WHERE nces_id = $1 AND year = $2 AND category = 'other_staff'`,
      [B, YEAR],
    );
    await t.db.query(
      `UPDATE grade_level_staffing SET fte_count = fte_count - 1 WHERE nces_id = $1 AND year = $2 AND category = 'other_staff'`,
      [B, YEAR],
    );
    const inc = await calculate(t.db, { year: YEAR, incremental: true, outDir: false });
    expect(inc).toMatchObject({ unchanged: true, calculations_created: 0 });
    // A full run over the same content and options gives the same input hash as the incremental runs did.
    const again = await calculate(t.db, { year: YEAR, outDir: false });
    expect(again.input_hash).toBe(inc.input_hash);
  });

  it('a new bell schedule, a state requirement, a new district: each recalculates exactly the districts it concerns', async () => {
    await insertBellSchedules(t.db, [
      { district_id: B, year: '2024-25', grade_level: 'elementary', instructional_minutes: 320 },
    ]);
    let inc = await calculate(t.db, { year: YEAR, incremental: true, outDir: false });
    expect(inc.districts_processed).toBe(1);
    expect((await diffRuns(t.db, full.run_id, inc.run_id)).by_reason).toMatchObject({ bell_schedule: 6 });

    await t.db.query(`UPDATE state_requirements SET high_minutes = 300 WHERE state_code = 'MN'`);
    expect((await getDistrictsNeedingCalculation(t.db, { year: YEAR })).map((d) => d.district_id)).toEqual(
      MN_DISTRICTS,
    );
    inc = await calculate(t.db, { year: YEAR, incremental: true, outDir: false });
    expect(inc.districts_processed).toBe(6);

    await insertDistricts(t.db, [
      { id: '5500099', state: 'WI', enrollment: { G02: 300 }, staff: { elementary_teachers: 15 } },
    ]);
    inc = await calculate(t.db, { year: YEAR, incremental: true, outDir: false });
    expect(inc).toMatchObject({ districts_processed: 1, calculations_created: 6 });
  });

  it('a district whose inputs vanished ends up with no current rows', async () => {
    await t.db.query('DELETE FROM grade_level_enrollment WHERE nces_id = $1', [C]);
    const inc = await calculate(t.db, { year: YEAR, incremental: true, outDir: false });
    expect(inc).toMatchObject({ districts_processed: 1, calculations_created: 0 });
    const rows = await t.db.query('SELECT scope FROM lct_current WHERE district_id = $1', [C]);
    expect(rows.rows).toEqual([]);
  });

  it('a failed run records its error and leaves the earlier results current', async () => {
    const before = await current(t.db);
    await t.db.query(
      `UPDATE grade_level_enrollment SET enrollment = 500 WHERE nces_id = $1 AND year = $2 AND grade = 'KG'`,
      [D, YEAR],
    );
    const notAFolder = path.join(out, 'file');
    fs.writeFileSync(notAFolder, 'x');
    await expect(
      calculate(t.db, { year: YEAR, incremental: true, outDir: path.join(notAFolder, 'sub') }),
    ).rejects.toThrow();
    const failed = (await listRuns(t.db, { year: YEAR }))[0]!;
    expect(failed).toMatchObject({ status: 'failed', run_type: 'incremental' });
    expect(failed.error).toMatch(/ENOTDIR|EEXIST|not a directory/i);
    expect(await current(t.db)).toEqual(before);
    expect(
      (await t.db.query('SELECT count(*)::int AS n FROM lct_calculations WHERE run_id = $1', [failed.run_id])).rows[0],
    ).toEqual({ n: 0 });
    // Its change marks were rolled back with it: the next run still sees the change.
    const retry = await calculate(t.db, { year: YEAR, incremental: true, outDir: false });
    expect(retry).toMatchObject({
      districts_processed: 1,
      calculations_created: 7,
      previous_run_id: expect.not.stringMatching(failed.run_id),
    });
  });

  it('a run failing inside the database also leaves the earlier results', async () => {
    await t.db.query(
      `UPDATE grade_level_enrollment SET enrollment = 510 WHERE nces_id = $1 AND year = $2 AND grade = 'KG'`,
      [D, YEAR],
    );
    await t.db
      .execScript(`CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$;
      CREATE TRIGGER fail_insert BEFORE INSERT ON lct_calculations FOR EACH STATEMENT EXECUTE FUNCTION fail_insert();`);
    const before = await current(t.db);
    await expect(calculate(t.db, { year: YEAR, outDir: false })).rejects.toThrow('disk full (test)');
    await t.db.execScript('DROP TRIGGER fail_insert ON lct_calculations; DROP FUNCTION fail_insert();');
    expect((await listRuns(t.db, { year: YEAR }))[0]).toMatchObject({
      status: 'failed',
      run_type: 'full',
      error: expect.stringContaining('disk full (test)'),
    });
    expect(await current(t.db)).toEqual(before);
  });

  it('a run left running by a killed process is marked failed by the next run; a live one is not', async () => {
    const record = (runId: string) =>
      t.db.query(
        `INSERT INTO calculation_runs (run_id, year, run_type, status, scopes, options, started_at)
         VALUES ($1, $2, 'full', 'running', ARRAY['teachers_only'], '{}', now() - interval '1 minute')`,
        [runId, YEAR],
      );
    await record('killed-run');
    if (engine === 'postgres') {
      // A live run holds its row lock: another session's sweep leaves it alone.
      await record('live-run');
      await t.db.transaction(async (tx) => {
        await tx.query(`SELECT 1 FROM calculation_runs WHERE run_id = 'live-run' FOR UPDATE`);
        expect(await failInterruptedRuns(t.db)).toEqual(['killed-run']);
      });
      expect((await getRun(t.db, 'live-run'))!.status).toBe('running');
      await t.db.query(`DELETE FROM calculation_runs WHERE run_id = 'live-run'`);
    }
    // Just recorded, not yet locked: within the grace period, left alone.
    await t.db.query(
      `INSERT INTO calculation_runs (run_id, year, run_type, status, scopes, options) VALUES ('starting-run', $1, 'full', 'running', ARRAY['teachers_only'], '{}')`,
      [YEAR],
    );
    const before = await current(t.db);
    await calculate(t.db, { year: YEAR, incremental: true, outDir: false });
    expect(await getRun(t.db, 'killed-run')).toMatchObject({ status: 'failed', error: INTERRUPTED_RUN_ERROR });
    expect((await getRun(t.db, 'starting-run'))!.status).toBe('running');
    await t.db.query(`DELETE FROM calculation_runs WHERE run_id IN ('killed-run', 'starting-run')`);
    expect(await current(t.db)).toEqual(before);
  });

  it.runIf(engine === 'postgres')(
    'a change committing while an incremental run takes the marks is calculated by that run or the next',
    async () => {
      // A first change marks C; a second change to C is still uncommitted when the next run takes the marks.
      await insertBellSchedules(t.db, [
        { district_id: C, year: '2025-26', grade_level: 'elementary', instructional_minutes: 301 },
      ]);
      const collector = new PostgresDatabase({ url: t.url!, poolSize: 1, acquireTimeoutMs: 30_000 });
      let commitSecond!: () => void;
      const collectorPid = new Promise<number>((opened) =>
        collector.transaction(async (tx) => {
          await insertBellSchedules(tx, [
            { district_id: C, year: '2025-26', grade_level: 'high', instructional_minutes: 333 },
          ]);
          opened((await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
          await new Promise<void>((resolve) => (commitSecond = resolve));
        }),
      );
      const pid = await collectorPid;
      const run = calculate(t.db, { year: YEAR, incremental: true, outDir: false });
      // The run is taking the marks once it waits for the mark the uncommitted change holds locked.
      await waitFor(async () => {
        const blocked = await t.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))',
          [pid],
        );
        return blocked.rows[0]!.n > 0;
      }, 'the run to wait for the locked mark');
      commitSecond();
      await run;
      await collector.close();
      await calculate(t.db, { year: YEAR, incremental: true, outDir: false });
      expect(await getDistrictsNeedingCalculation(t.db, { year: YEAR })).toEqual([]);
    },
  );

  it('another minutes policy or new scopes make an incremental run compare every district', async () => {
    await t.db.query(
      `UPDATE grade_level_enrollment SET enrollment = 200 WHERE nces_id = $1 AND year = $2 AND grade = 'KG'`,
      [A, YEAR],
    );
    const high = await calculate(t.db, { year: YEAR, incremental: true, minutesPolicy: 'high', outDir: false });
    expect(high.districts_processed).toBe(DISTRICTS.length);
    const subset = await calculate(t.db, {
      year: YEAR,
      incremental: true,
      minutesPolicy: 'high',
      scopes: ['teachers_only'],
      outDir: false,
    });
    expect(subset).toMatchObject({ unchanged: true });
    // Compared with an earlier run (and its policy), the inputs changed since that run.
    const needing = await getDistrictsNeedingCalculation(t.db, { lastRunId: full.run_id });
    expect(needing.map((d) => [d.district_id, d.reasons])).toEqual([[A, ['enrollment']]]);
  });

  it('diffRuns says which districts moved, by how much and why', async () => {
    // A's enrollment changes, C's enrollment vanishes, a new district comes; then another minutes policy.
    await t.db.query(
      `UPDATE grade_level_enrollment SET enrollment = 200 WHERE nces_id = $1 AND year = $2 AND grade = 'KG'`,
      [A, YEAR],
    );
    await t.db.query('DELETE FROM grade_level_enrollment WHERE nces_id = $1', [C]);
    await insertDistricts(t.db, [
      { id: '5500099', state: 'WI', enrollment: { G02: 300 }, staff: { elementary_teachers: 15 } },
    ]);
    await calculate(t.db, { year: YEAR, incremental: true, outDir: false });
    await calculate(t.db, { year: YEAR, incremental: true, minutesPolicy: 'high', outDir: false });
    const runs = await listRuns(t.db, { year: YEAR });
    const completed = runs.filter((r) => r.status === 'completed');
    const last = completed[0]!.run_id;
    const diff = await diffRuns(t.db, full.run_id, last);
    expect(diff.year).toBe(YEAR);
    const a = diff.changes.find((c) => c.district_id === A && c.scope === 'teachers_only')!;
    expect(a.changed_inputs).toEqual(expect.arrayContaining(['enrollment', 'options']));
    expect(a.change).toBeCloseTo(a.lct_b! - a.lct_a!, 2);
    expect(a.enrollment_a).not.toBe(a.enrollment_b);
    const c = diff.changes.filter((x) => x.district_id === C);
    expect(c.every((x) => x.lct_b === null && x.changed_inputs.includes('enrollment'))).toBe(true);
    expect(diff.changes.find((x) => x.district_id === '5500099')!.changed_inputs).toEqual(['not_calculated_before']);
    expect((await diffRuns(t.db, last, last)).rows_changed).toBe(0);
    await expect(diffRuns(t.db, full.run_id, 'nope')).rejects.toThrow(/No calculation run "nope"/);
  });

  it('results keep referential integrity without per-row foreign keys', async () => {
    const insert = (district: string, run: string) =>
      t.db.query(
        `INSERT INTO lct_calculations (district_id, year, scope, lct_value, valid, run_id) VALUES ($1, $2, 'teachers_only', 1, true, $3)`,
        [district, YEAR, run],
      );
    await expect(insert('9999999', full.run_id)).rejects.toMatchObject({ code: '23503' });
    await expect(insert(A, 'no-such-run')).rejects.toMatchObject({ code: '23503' });
    const count = async (sql: string, params: unknown[]) => (await t.db.query<{ n: number }>(sql, params)).rows[0]!.n;
    await t.db.query('DELETE FROM districts WHERE nces_id = $1', ['5500012']);
    expect(await count('SELECT count(*)::int AS n FROM lct_calculations WHERE district_id = $1', ['5500012'])).toBe(0);
    await t.db.query('DELETE FROM calculation_runs WHERE run_id = $1', [full.run_id]);
    expect(await count('SELECT count(*)::int AS n FROM lct_calculations WHERE run_id = $1', [full.run_id])).toBe(0);
    expect(
      await count('SELECT count(*)::int AS n FROM calculation_district_inputs WHERE run_id = $1', [full.run_id]),
    ).toBe(0);
  });

  it('says what to import when the year has no data', async () => {
    await expect(calculate(t.db, { year: '2019-20' })).rejects.toMatchObject({
      message: expect.stringContaining('No enrollment or staffing data for 2019-20'),
      hint: expect.stringContaining('lct import'),
    });
    await expect(calculate(t.db, { year: '2023' })).rejects.toThrow(/not a school year/);
    await expect(calculate(t.db, { year: YEAR, scopes: ['janitors'] })).rejects.toThrow(/Unknown scope/);
  });
});
