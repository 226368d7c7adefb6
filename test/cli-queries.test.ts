/** The query, campaign, export, backup and maintenance commands, run as a user would. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './helpers/cli.js';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { PG_DUMP_MISSING, announcePgDumpSkip } from './helpers/pg-client-tools.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import { type FixtureMark, markFixture, resetToFixture } from './helpers/campaign-fixture-reset.js';
import { refreshMaterializedViews } from '../src/db/refresh-views.js';
import { tableChecksums } from '../src/backup/table-checksums.js';
import { addBellSchedule } from '../src/queries/add-bell-schedule.js';

const json = (r: CliResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

describe.runIf(ENGINES.includes('postgres'))('lct query commands on the server', () => {
  let t: TestDatabase;
  let tmp: string;
  let env: Record<string, string>;
  /** The database clock just before the views were refreshed. */
  let refreshStarted: Date;
  let fixture: FixtureMark;
  const lct = (...args: string[]) => runCli(args, env, { cwd: tmp });
  const databaseClock = async () => (await t.db.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await t.db.execScript(QUERIES_FIXTURE);
    refreshStarted = await databaseClock();
    await refreshMaterializedViews(t.db);
    fixture = await markFixture(t.db);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-cli-queries-'));
    env = { DATABASE_URL: t.url!, LCT_COLLECTOR: 'tester' };
  });
  // Each test starts from the fixture: the claims and schedules the others add are gone, run r2 has no outputs.
  beforeEach(async () => {
    await resetToFixture(t.db, fixture);
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("candidates, progress, report, summary and district print JSON with the database's field names", async () => {
    const candidates = json(await lct('candidates', 'al', '--year', '2025-26', '--limit', '2', '--json'));
    expect(candidates.map((c: { nces_id: string; rank_in_state: number }) => [c.nces_id, c.rank_in_state])).toEqual([
      ['0100002', 1],
      ['0100003', 2],
    ]);
    const progress = json(await lct('progress', '--year', '2025-26', '--json'));
    expect(progress[1]).toEqual({
      state: 'AL',
      total_districts: 5,
      enriched: 1,
      unenriched: 4,
      pct_enriched: 20,
      total_enrollment: 1800,
      complete: false,
      needs_person: 0,
    });
    expect(json(await lct('report', '--year', '2025-26', '--json'))).toMatchObject({
      enriched_districts: 4,
      schedule_records: 7,
      states_represented: 2,
    });
    const report = await lct('report');
    expect(report.stdout).toContain('Bell Schedule Enrichment Report - 2025-26');
    expect(report.stdout).toContain('Enrichment rate:          40.00%');
    expect(json(await lct('summary', '--scope', 'teachers_only', '--json'))).toEqual({
      scope: 'teachers_only',
      year: '2023-24',
      district_count: 3,
      mean_lct: 20.33,
      median_lct: 17,
      std_lct: 8.5,
      min_lct: 14,
      max_lct: 30,
    });
    expect(json(await lct('summary', '--json')).map((s: { scope: string }) => s.scope)).toEqual(['teachers_only']);
    const district = json(await lct('district', '100001', '--json'));
    expect(district.district).toMatchObject({ nces_id: '0100001', name: 'A' });
    expect(district.bell_schedules).toHaveLength(3);
    const missing = await lct('district', '999999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: No district 0999999.');
  });

  it('bell-schedule add validates like the importer and completes a claim', async () => {
    const claim = json(await lct('campaign', 'claim', 'AL', '--year', '2025-26', '--json'));
    expect(claim).toMatchObject({ district_id: '0100002', claimed_by: 'tester', status: 'active' });
    const list = json(await lct('campaign', 'list', '--json'));
    expect(list.map((c: { district_id: string }) => c.district_id)).toEqual(['0100002']);
    const added = await lct(
      'bell-schedule',
      'add',
      '--district',
      '100002',
      '--year',
      '2025-26',
      '--grade-level',
      'high',
      '--minutes',
      '365',
      '--start-time',
      '8:00 AM',
      '--method',
      'web_scraping',
      '--source-url',
      'https://b.example/a,b',
      '--source-url',
      'https://b.example/c',
      '--school',
      'B High',
      '--by',
      'tester',
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      'Added the 2025-26 high bell schedule of district 0100002: 365 minutes (automated_enrichment',
    );
    expect(added.stdout).toContain(`Completed campaign claim ${claim.id}.`);
    const stored = await t.db.query(
      `SELECT source_urls, schools_sampled, created_by FROM bell_schedules WHERE district_id = '0100002' AND year = '2025-26'`,
    );
    expect(stored.rows).toEqual([
      {
        source_urls: ['https://b.example/a,b', 'https://b.example/c'],
        schools_sampled: ['B High'],
        created_by: 'tester',
      },
    ]);
    const lineage = await t.db.query(
      `SELECT source FROM data_lineage WHERE table_name = 'bell_schedules' AND operation = 'insert' ORDER BY id DESC LIMIT 1`,
    );
    expect(lineage.rows).toEqual([{ source: 'cli:bell-schedule add' }]);

    const covid = await lct(
      'bell-schedule',
      'add',
      '--district',
      '100004',
      '--year',
      '2020-21',
      '--grade-level',
      'high',
      '--minutes',
      '360',
    );
    expect(covid.code).toBe(1);
    expect(covid.stderr).toMatch(/^error: Bell schedule refused: year 2020-21 is a COVID year/);
    expect(covid.stderr).toContain('next:');
    const short = await lct(
      'bell-schedule',
      'add',
      '--district',
      '100004',
      '--year',
      '2025-26',
      '--grade-level',
      'high',
      '--minutes',
      '95',
    );
    expect(short.stderr).toContain('instructional_minutes 95 is outside 100-600 minutes a day');
  });

  it('campaign claim says when nothing is left; release gives a district back', async () => {
    json(await lct('campaign', 'claim', 'WI', '--year', '2025-26', '--by', 'x', '--json'));
    const none = await lct('campaign', 'claim', 'WI', '--year', '2025-26', '--by', 'y');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No district left to claim in WI for 2025-26');
    expect(none.stderr).toContain('lct campaign list --state WI --year 2025-26');
    const released = json(await lct('campaign', 'release', '5500004', '--json'));
    expect(released).toMatchObject([{ district_id: '5500004', status: 'released', claimed_by: 'x' }]);
    expect((await lct('campaign', 'release', '5500004')).stderr).toContain('District 5500004 has no active claim');
  });

  it('export json, csv and query write files; query streams to standard output', async () => {
    // A collector's schedule for 0100002, as \`lct bell-schedule add\` stores it (see the test above).
    await addBellSchedule(t.db, {
      district_id: '100002',
      year: '2025-26',
      grade_level: 'high',
      instructional_minutes: 365,
      start_time: '8:00 AM',
      method: 'web_scraping',
      source_urls: ['https://b.example/a,b', 'https://b.example/c'],
      schools_sampled: ['B High'],
      created_by: 'tester',
    });
    const exported = await lct('export', 'json', '--year', '2025-26', '--output', 'schedules.json');
    expect(exported.stdout).toContain('Wrote the bell schedules of 6 districts to schedules.json.');
    const schedules = JSON.parse(fs.readFileSync(path.join(tmp, 'schedules.json'), 'utf8'));
    expect(schedules['0100002']).toMatchObject({
      year: '2025-26',
      high: { instructional_minutes: 365, method: 'automated_enrichment' },
    });
    const stdout = await lct('export', 'json', '--year', '2024-25');
    expect(Object.keys(JSON.parse(stdout.stdout))).toEqual(['0100002']);

    const csv = json(await lct('export', 'csv', 'csv', '--tables', 'districts', 'bell_schedules', '--json'));
    expect(csv.map((e: { table: string; rows: number }) => [e.table, e.rows])).toEqual([
      ['districts', 10],
      ['bell_schedules', 9],
    ]);
    expect(fs.readFileSync(path.join(tmp, 'csv', 'districts.csv'), 'utf8')).toMatch(/^nces_id,name,state,enrollment,/);

    const query = await lct(
      'export',
      'query',
      "SELECT nces_id, name FROM districts WHERE state = 'WI' ORDER BY nces_id;",
    );
    expect(query.stdout).toBe('nces_id,name\n5500001,W1\n5500002,W2\n5500003,W3\n5500004,W4\n');
    const written = json(await lct('export', 'query', 'SELECT * FROM districts', '--output', 'out/all.csv', '--json'));
    expect(written).toMatchObject({ file: 'out/all.csv', rows: 10 });
    const bad = await lct('export', 'query', 'SELECT nope FROM districts', '--output', 'bad.csv');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('nope');
  });

  it("export xlsx writes the latest run's CSV outputs as sheets", async () => {
    fs.mkdirSync(path.join(tmp, 'outputs', '2023-24', 'r2'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'outputs', '2023-24', 'r2', 'all.csv'), 'district_id,lct_value\n0100001,14\n');
    await t.db.query(`UPDATE calculation_runs SET output_files = $1 WHERE run_id = 'r2'`, [
      JSON.stringify([{ name: 'all_rows', path: 'outputs/2023-24/r2/all.csv', format: 'csv' }]),
    ]);
    const result = json(await lct('export', 'xlsx', '--json'));
    expect(result).toMatchObject({ run_id: 'r2', sheets: [{ name: 'all_rows', rows: 1 }] });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.resolve(tmp, result.file));
    expect(workbook.getWorksheet('all_rows')!.getRow(2).values).toEqual([undefined, '0100001', 14]);
    const none = await lct('export', 'xlsx', '--run', 'zzz');
    expect(none.stderr).toContain('There is no calculation run "zzz"');
  });

  it('backup and restore (portable) through the CLI', async () => {
    expect((await lct('backup', 'all.lctbackup')).code).toBe(0);
    const target = await createTestDatabase('postgres', { migrated: false });
    try {
      const restored = json(
        await runCli(['restore', 'all.lctbackup', '--json'], { DATABASE_URL: target.url }, { cwd: tmp }),
      );
      expect(restored.tables.find((x: { name: string }) => x.name === 'districts')).toEqual({
        name: 'districts',
        rows: 10,
      });
      expect(await tableChecksums(target.db)).toEqual(await tableChecksums(t.db));
    } finally {
      await target.destroy();
    }
    const badFormat = await lct('backup', 'x', '--format', 'zip');
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr).toContain('--format zip: use lct (portable, the default) or pg_dump');
  });

  announcePgDumpSkip('cli-queries.test.ts', 'lct backup --format pg_dump and its restore');
  it.skipIf(PG_DUMP_MISSING)('backup --format pg_dump and its restore through the CLI', async () => {
    expect((await lct('backup', 'all.sql', '--format', 'pg_dump')).code).toBe(0);
    // A target holding the same rows already, restored from a portable backup: the dump must not overwrite it.
    expect((await lct('backup', 'filled.lctbackup')).code).toBe(0);
    const target = await createTestDatabase('postgres', { migrated: false });
    try {
      expect((await runCli(['restore', 'filled.lctbackup'], { DATABASE_URL: target.url }, { cwd: tmp })).code).toBe(0);
      const again = await runCli(['restore', 'all.sql'], { DATABASE_URL: target.url }, { cwd: tmp });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('next:  Restore anyway, replacing those tables: lct restore all.sql --force');
      expect((await runCli(['restore', 'all.sql', '--force'], { DATABASE_URL: target.url }, { cwd: tmp })).code).toBe(
        0,
      );
      expect(await tableChecksums(target.db)).toEqual(await tableChecksums(t.db));
    } finally {
      await target.destroy();
    }
  });

  it('db sizes, indexes, analyze, vacuum, explain and views', async () => {
    const sizes = json(await lct('db', 'sizes', '--json'));
    expect(sizes.database).toBe(new URL(t.url!).pathname.slice(1));
    expect(sizes.database_bytes).toBeGreaterThan(0);
    expect(sizes.relations.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(['districts', 'bell_schedules', 'mv_lct_summary_stats']),
    );
    const indexes = json(await lct('db', 'indexes', '--json'));
    expect(indexes).toEqual(
      expect.arrayContaining([expect.objectContaining({ table: 'districts', index: 'districts_pkey' })]),
    );
    expect(json(await lct('db', 'analyze', 'districts', 'bell_schedules', '--json'))).toEqual({
      analyzed: ['districts', 'bell_schedules'],
    });
    expect((await lct('db', 'analyze', 'nope')).stderr).toContain('No table named "nope"');
    expect(json(await lct('db', 'vacuum', '--json'))).toEqual({ vacuumed: 'all', full: false });
    expect(json(await lct('db', 'vacuum', 'districts', '--full', '--json'))).toEqual({
      vacuumed: ['districts'],
      full: true,
    });
    const sizesAfter = json(await lct('db', 'sizes', '--json'));
    expect(sizesAfter.relations.find((r: { name: string }) => r.name === 'districts').rows_estimate).toBe(10);

    const plan = await lct(
      'db',
      'explain',
      '--analyze',
      "SELECT d.name, bs.instructional_minutes FROM districts d JOIN bell_schedules bs ON d.nces_id = bs.district_id WHERE d.state = 'WI' AND bs.year = '2025-26'",
    );
    expect(plan.stdout).toMatch(/actual time=/);
    expect(plan.stdout).toMatch(/Execution Time/);
    const deleted = await lct('db', 'explain', 'EXPLAIN ANALYZE DELETE FROM bell_schedules');
    expect(deleted.stdout).toMatch(/Delete on bell_schedules .*actual time/);
    // Rolled back: the fixture's 8 schedules are all there.
    expect((await t.db.query('SELECT count(*)::int AS n FROM bell_schedules')).rows).toEqual([{ n: 8 }]);
    const jsonPlan = json(await lct('db', 'explain', 'SELECT * FROM districts', '--json'));
    expect(jsonPlan[0].Plan['Node Type']).toBe('Seq Scan');

    const views = json(await lct('db', 'views', '--json'));
    expect(views.map((v: { view: string; rows: number }) => [v.view, v.rows])).toEqual([
      ['mv_districts_with_lct_data', 0],
      ['mv_lct_summary_stats', 1],
      ['mv_state_enrichment_progress', 3],
      ['mv_unenriched_districts', 5],
    ]);
    const listed = await databaseClock();
    for (const v of views) {
      expect(new Date(v.refreshed_at).getTime()).toBeGreaterThanOrEqual(refreshStarted.getTime());
      expect(new Date(v.refreshed_at).getTime()).toBeLessThanOrEqual(listed.getTime());
    }
  });
});

describe.runIf(ENGINES.includes('pglite') && ENGINES.includes('postgres'))(
  'lct query commands on the embedded engine',
  () => {
    let tmp: string;
    let env: Record<string, string>;
    const lct = (...args: string[]) => runCli(args, env, { cwd: tmp });
    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-cli-embedded-'));
      env = { DATABASE_URL: '', LCT_DATA_DIR: path.join(tmp, 'pgdata'), LCT_COLLECTOR: 'tester' };
      // The fixture comes in through a backup made on the server: the portable format at work.
      const server = await createTestDatabase('postgres');
      try {
        await server.db.execScript(QUERIES_FIXTURE);
        expect((await runCli(['backup', path.join(tmp, 'fixture.lctbackup')], { DATABASE_URL: server.url })).code).toBe(
          0,
        );
      } finally {
        await server.destroy();
      }
    });
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('restores, claims, adds a schedule, reports and exports on a data folder', async () => {
      expect(json(await lct('restore', 'fixture.lctbackup', '--json')).tables).toHaveLength(14);
      expect(json(await lct('campaign', 'claim', 'AL', '--year', '2025-26', '--json'))).toMatchObject({
        district_id: '0100002',
        claimed_by: 'tester',
      });
      const added = await lct(
        'bell-schedule',
        'add',
        '--district',
        '0100002',
        '--year',
        '2025-26',
        '--grade-level',
        'middle',
        '--minutes',
        '355',
      );
      expect(added.stdout).toMatch(/^Added .*\nCompleted campaign claim 1\.\n$/);
      expect(json(await lct('progress', '--year', '2025-26', '--json'))[1]).toMatchObject({
        state: 'AL',
        enriched: 2,
        total_enrollment: 1800,
      });
      const out = await lct('export', 'query', "SELECT nces_id FROM districts WHERE state = 'PR'");
      expect(out.stdout).toBe('nces_id\n7200030\n');
      const views = json(await lct('db', 'views', '--json'));
      expect(views.find((v: { view: string }) => v.view === 'mv_state_enrichment_progress').rows).toBe(3);
      const pgDump = await lct('backup', 'x.sql', '--format', 'pg_dump');
      expect(pgDump.stderr).toContain('needs a PostgreSQL server');
    });
  },
);
