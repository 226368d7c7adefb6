/** `lct calculate` and `lct runs list|show|diff` as a user runs them, on both engines. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { ENGINES, type TestDatabase } from './helpers/databases.js';
import { type DatabaseSnapshot, createSnapshot } from './helpers/calc-snapshots.js';
import { YEAR, insertDistricts, insertStateRequirement } from './helpers/calc-fixtures.js';
import type { Database, EngineName, Queryable } from '../src/db/database.js';
import { PgliteDatabase } from '../src/db/pglite-engine.js';
import { PostgresDatabase } from '../src/db/postgres-engine.js';
import { calculate } from '../src/calculate/calculate.js';

const DISTRICT = '5500001';

/** The change the incremental runs below take in: the district's kindergarten grows. */
const changeDistrict = (db: Queryable) =>
  db.query(`UPDATE grade_level_enrollment SET enrollment = 300 WHERE nces_id = $1 AND grade = 'KG'`, [DISTRICT]);

describe.each(ENGINES)('lct calculate and lct runs on %s', (engine: EngineName) => {
  /** Five Wisconsin districts, no run yet: every test starts from a fresh copy in a folder of its own. */
  let snapshot: DatabaseSnapshot;
  let dir: string;
  let env: Record<string, string | undefined>;
  let server: TestDatabase | null = null;

  /** The CLI needs the embedded data folder to itself: open it only between commands. */
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db =
      engine === 'pglite'
        ? await PgliteDatabase.open(env.LCT_DATA_DIR!)
        : new PostgresDatabase({ url: env.DATABASE_URL!, poolSize: 2, acquireTimeoutMs: 30_000 });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  // In the test's own folder: runs write their outputs under ./outputs.
  const lct = async (...args: string[]) => runCli(args, env, { cwd: dir });

  /** A full run writing its output files, made without the CLI. */
  const fullRun = (db: Database) => calculate(db, { year: YEAR, outDir: path.join(dir, 'out1') });

  /**
   * Made without the CLI: a full run, an incremental run that finds nothing changed, and an incremental run
   * after DISTRICT changed. Their run ids, oldest first.
   */
  const threeRuns = () =>
    withDb(async (db) => {
      const full = await fullRun(db);
      const unchanged = await calculate(db, { year: YEAR, incremental: true, outDir: false });
      expect(unchanged).toMatchObject({ unchanged: true, previous_run_id: full.run_id });
      await changeDistrict(db);
      const changed = await calculate(db, { year: YEAR, incremental: true, outDir: false });
      expect(changed).toMatchObject({ unchanged: false, districts_processed: 1 });
      return [full.run_id, unchanged.run_id, changed.run_id];
    });

  beforeAll(async () => {
    snapshot = await createSnapshot(engine, async ({ db }) => {
      await insertStateRequirement(db, 'WI', { elementary: 300, middle: 330, high: 360 });
      await insertDistricts(
        db,
        Array.from({ length: 5 }, (_, i) => ({
          id: String(5500001 + i),
          name: `District ${i + 1}`,
          state: 'WI',
          enrollment: { KG: 100 + i, G04: 120, G07: 90, G11: 80 },
          staff: { elementary_teachers: 12 + i, secondary_teachers: 9, paraprofessionals: 3 },
        })),
      );
    });
  });
  afterAll(async () => {
    await snapshot?.destroy();
  });
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-calc-cli-'));
    if (engine === 'pglite') {
      const dataDir = path.join(dir, 'pgdata');
      await (await snapshot.restore({ dataDir })).destroy();
      env = { LCT_DATA_DIR: dataDir, DATABASE_URL: undefined };
    } else {
      server = await snapshot.restore();
      env = { DATABASE_URL: server.url };
    }
  });
  afterEach(async () => {
    await server?.destroy();
    server = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lct --help lists calculate and runs', async () => {
    const help = await lct('--help');
    expect(help.stdout).toMatch(/calculate \[options\]/);
    expect(help.stdout).toMatch(/runs/);
  });

  it('lct calculate prints the report and writes the outputs', async () => {
    const out = path.join(dir, 'out1');
    const result = await lct('calculate', '--year', YEAR, '--out', out);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/QA status: (PASS|WARNING)/);
    expect(result.stdout).toContain('Districts processed: 5');
    expect(fs.readdirSync(out).sort()).toEqual([
      'all_rows.csv',
      'qa.json',
      'report.txt',
      'summary_by_scope.csv',
      'summary_by_state.csv',
      'valid_rows.csv',
    ]);
    const runId = /^LCT calculation (\S+):/m.exec(result.stdout)![1]!;
    expect(
      await withDb((db) => db.query('SELECT run_type, status FROM calculation_runs WHERE run_id = $1', [runId])),
    ).toMatchObject({ rows: [{ run_type: 'full', status: 'completed' }] });
  });

  it('lct calculate --incremental says when nothing changed', async () => {
    const full = await withDb((db) => calculate(db, { year: YEAR, outDir: false }));
    const result = await lct('calculate', '--year', YEAR, '--incremental', '--no-outputs');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Nothing changed since run ${full.run_id}`);
    const runId = /Recorded as run (\S+);/.exec(result.stdout)![1]!;
    expect(
      await withDb((db) => db.query('SELECT run_type, status FROM calculation_runs WHERE run_id = $1', [runId])),
    ).toMatchObject({ rows: [{ run_type: 'incremental', status: 'completed' }] });
  });

  it('lct calculate --incremental --json recalculates the district that changed', async () => {
    const full = await withDb(async (db) => {
      const run = await calculate(db, { year: YEAR, outDir: false });
      await changeDistrict(db);
      return run;
    });
    const result = await lct('calculate', '--year', YEAR, '--incremental', '--no-outputs', '--json');
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout);
    expect(run).toMatchObject({
      run_type: 'incremental',
      districts_processed: 1,
      calculations_created: 7,
      unchanged: false,
      output_files: [],
      previous_run_id: full.run_id,
    });
  });

  it('lct runs list shows the runs, newest first', async () => {
    const runIds = await threeRuns();
    const json = await lct('runs', 'list', '--year', YEAR, '--json');
    expect(json.code).toBe(0);
    const runs = JSON.parse(json.stdout) as { run_id: string; status: string; run_type: string }[];
    expect(runs.map((r) => r.run_id)).toEqual([...runIds].reverse());
    expect(runs.map((r) => r.run_type)).toEqual(['incremental', 'incremental', 'full']);
    const text = await lct('runs', 'list');
    expect(text.stdout).toContain(runIds[0]);
    expect(text.stdout).toContain('completed');
  });

  it('lct runs show prints the QA summary', async () => {
    const runId = (await withDb(fullRun)).run_id;
    const text = await lct('runs', 'show', runId);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Hierarchy checks');
    expect(text.stdout).toContain('teachers_only');
    const json = JSON.parse((await lct('runs', 'show', runId, '--json')).stdout);
    expect(json).toMatchObject({
      run_id: runId,
      status: 'completed',
      qa_summary: { data_quality: { districts_with_rows: 5 } },
    });
    expect(json.output_files).toHaveLength(6);
  });

  it('lct runs diff says which districts moved, by how much and why', async () => {
    const runIds = await threeRuns();
    const text = await lct('runs', 'diff', runIds[0]!, runIds[2]!);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/1 district\(s\) moved/);
    expect(text.stdout).toContain(DISTRICT);
    expect(text.stdout).toContain('enrollment');
    const json = JSON.parse((await lct('runs', 'diff', runIds[0]!, runIds[2]!, '--json')).stdout);
    expect(json).toMatchObject({ districts_moved: 1, rows_changed: 6, by_reason: { enrollment: 6 } }); // teachers_secondary did not move
    expect(
      json.changes.every(
        (c: { district_id: string; lct_b: number; lct_a: number }) => c.district_id === DISTRICT && c.lct_b < c.lct_a,
      ),
    ).toBe(true);
    expect((await lct('runs', 'diff', runIds[0]!, runIds[1]!)).stdout).toContain('No LCT value differs');
  });

  it('lct start calculates the latest year and prints its report', async () => {
    const runIds = await threeRuns();
    // A data folder holding only what the database already has: the import changes nothing.
    const inputs = path.join(dir, 'inputs');
    fs.mkdirSync(inputs, { recursive: true });
    fs.writeFileSync(
      path.join(inputs, 'state_requirements.csv'),
      'state_code,elementary_minutes,middle_minutes,high_minutes\nWI,300,330,360\n',
    );
    const start = await runCli(['start', '--data', inputs], env, { cwd: dir });
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toContain('1 unchanged');
    expect(start.stdout).toContain(`Nothing changed since run ${runIds[2]}`);
    expect(start.stdout).toContain('QA status:');
  });

  it('errors say what to do next', async () => {
    const noData = await lct('calculate', '--year', '2019-20');
    expect(noData.code).toBe(1);
    expect(noData.stderr).toContain('error: No enrollment or staffing data for 2019-20');
    expect(noData.stderr).toMatch(/next: +Import the 2019-20 NCES CCD files first: lct import ccd/);
    const unknown = await lct('runs', 'show', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('next:  List the runs: lct runs list');
    const scope = await lct('calculate', '--year', YEAR, '--scopes', 'janitors');
    expect(scope.code).toBe(1);
    expect(scope.stderr).toContain('Unknown scope(s): janitors');
    const policy = await lct('calculate', '--year', YEAR, '--minutes-policy', 'longest');
    expect(policy.stderr).toContain('--minutes-policy weighted or high');
  });
});
