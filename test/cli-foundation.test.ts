import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { HAS_SERVER, createServerDatabase, dropServerDatabase, uniqueName } from './helpers/databases.js';
import { serverUrl } from './helpers/settings.js';
import { MIGRATION_FILES } from './helpers/migration-files.js';

/** SQL examples people run with psql against an LCT database: each must run unchanged through `lct sql`. */
const PSQL_EXAMPLES = [
  `SELECT
  (SELECT COUNT(*) FROM districts) as districts,
  (SELECT COUNT(*) FROM bell_schedules) as bell_schedules,
  (SELECT COUNT(DISTINCT district_id) FROM bell_schedules) as enriched_districts;`,
  `SELECT nces_id, name, state, enrollment,
       elem_enrollment, sec_enrollment,
       elem_teachers, sec_teachers, ungraded_teachers
FROM mv_districts_with_lct_data
WHERE state = 'WI';`,
  `SELECT state, total_districts, enriched, unenriched,
       pct_enriched, total_enrollment, complete
FROM mv_state_enrichment_progress
ORDER BY enriched DESC;`,
  `SELECT nces_id, name, state, enrollment, rank_in_state
FROM mv_unenriched_districts
WHERE state = 'WI' AND rank_in_state <= 9;`,
  `SELECT scope, district_count, mean_lct, median_lct,
       std_lct, min_lct, max_lct
FROM mv_lct_summary_stats
ORDER BY scope;`,
  `SELECT refresh_all_materialized_views();`,
  `REFRESH MATERIALIZED VIEW mv_state_enrichment_progress;`,
  `SELECT schemaname, matviewname,
       pg_size_pretty(pg_total_relation_size(schemaname||'.'||matviewname)) as size
FROM pg_matviews
WHERE schemaname = 'public';`,
  `SELECT tablename, indexname, indexdef
FROM pg_indexes
WHERE schemaname = 'public'
ORDER BY tablename, indexname;`,
  `CREATE INDEX idx_bell_schedules_year_level
ON bell_schedules(year, grade_level);`,
  `EXPLAIN ANALYZE
SELECT d.name, bs.instructional_minutes
FROM districts d
JOIN bell_schedules bs ON d.nces_id = bs.district_id
WHERE d.state = 'WI' AND bs.year = '2025-26';`,
  `ANALYZE districts;
ANALYZE bell_schedules;`,
  `VACUUM ANALYZE;`,
  `SELECT schemaname, tablename,
       pg_size_pretty(pg_total_relation_size(schemaname||'.'||tablename)) as size
FROM pg_tables
WHERE schemaname = 'public'
ORDER BY pg_total_relation_size(schemaname||'.'||tablename) DESC;`,
  `SELECT state, COUNT(*) as district_count,
               AVG(enrollment) as avg_enrollment
        FROM districts
        GROUP BY state
        ORDER BY avg_enrollment DESC
        LIMIT 10`,
];

const examplesFixture = `INSERT INTO districts (nces_id, name, state, enrollment) VALUES ('5560580', 'Madison Metropolitan', 'WI', 25000), ('5500001', 'Small', 'WI', 100);
INSERT INTO bell_schedules (district_id, year, grade_level, instructional_minutes, method) VALUES ('5560580', '2025-26', 'elementary', 360, 'automated_enrichment');`;

describe('lct CLI on the embedded engine', () => {
  let dir: string;
  /** A data folder migrated once by `lct db migrate`, copied for each test and never opened again. */
  let migrated: string;
  /** The environment of the running test: a data folder of its own, a copy of the migrated one. */
  let env: Record<string, string | undefined>;
  let folders = 0;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-cli-'));
    migrated = path.join(dir, 'migrated');
    const result = await runCli(['db', 'migrate'], { LCT_DATA_DIR: migrated, DATABASE_URL: undefined });
    expect(result.code, result.stderr).toBe(0);
  });
  beforeEach(() => {
    const data = path.join(dir, `pgdata-${++folders}`);
    fs.cpSync(migrated, data, { recursive: true });
    env = { LCT_DATA_DIR: data, DATABASE_URL: undefined };
  });
  afterEach(() => fs.rmSync(env.LCT_DATA_DIR!, { recursive: true, force: true }));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('migrate, then query a view, with nothing installed', async () => {
    // Not the migrated copy: a folder nothing has created yet.
    fs.rmSync(env.LCT_DATA_DIR!, { recursive: true, force: true });
    const status = await runCli(['db', 'status', '--json'], env);
    expect(status.code).toBe(0);
    const before = JSON.parse(status.stdout);
    expect(before.engine).toBe('embedded (PGlite)');
    expect(before.pending.map((m: { name: string }) => m.name)).toEqual(MIGRATION_FILES);
    const migrate = await runCli(['db', 'migrate'], env);
    expect(migrate.stdout).toContain('Applied');
    expect(migrate.code).toBe(0);
    const again = await runCli(['db', 'migrate'], env);
    expect(again.stdout).toContain('Schema up to date');
    const view = await runCli(['sql', 'select * from mv_state_enrichment_progress'], env);
    expect(view.code).toBe(0);
    expect(view.stdout).toContain(
      'state | total_districts | enriched | unenriched | pct_enriched | total_enrollment | complete',
    );
  });

  it('prints JSON objects keyed by column and CSV with a header', async () => {
    const json = await runCli(['sql', "select 1 as a, 'x' as b union all select 2, null order by a", '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ]);
    const csv = await runCli(['sql', "select 1 as a, 'x,y' as b", '--csv'], env);
    expect(csv.stdout).toBe('a,b\n1,"x,y"\n');
    // Columns sharing a name are all printed, as psql does.
    const same = await runCli(['sql', 'select 1 as n, 2 as n'], env);
    expect(same.stdout.split('\n').slice(0, 3)).toEqual(['n | n', '--+--', '1 | 2']);
  });

  it('runs every psql example unchanged', async () => {
    const setup = await runCli(['sql', examplesFixture], env);
    expect(setup.code, setup.stderr).toBe(0);
    expect((await runCli(['db', 'refresh'], env)).code).toBe(0);
    const file = path.join(dir, 'examples.sql');
    // VACUUM cannot run inside the implicit transaction of a multi-statement script: on its own, as psql would send it.
    fs.writeFileSync(file, PSQL_EXAMPLES.filter((s) => !s.startsWith('VACUUM')).join('\n'));
    const all = await runCli(['sql', '-f', file], env);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/5500001 +\| Small +\| WI +\| +100 \| +1/);
    expect(all.stdout).toMatch(/WI +\| +2 \| +1 \| +1 \| +50 \| +25100 \| false/);
    expect(all.stdout).toContain('QUERY PLAN');
    expect(all.stdout).toContain('idx_districts_state_enrollment');
    const vacuum = await runCli(['sql', 'VACUUM ANALYZE;'], env);
    expect(vacuum.code).toBe(0);
    // The embedded database is called "postgres"; the usual size query names the server database.
    const size = await runCli(
      ['sql', 'SELECT pg_size_pretty(pg_database_size(current_database())) as size;', '--json'],
      env,
    );
    expect(JSON.parse(size.stdout)[0].size).toMatch(/\d+ (kB|MB)/);
  });

  it('explains a duplicate key with the key and the command that updates instead', async () => {
    const setup = await runCli(['sql', examplesFixture], env);
    expect(setup.code, setup.stderr).toBe(0);
    const dup = await runCli(
      ['sql', "INSERT INTO districts (nces_id, name, state) VALUES ('5560580', 'x', 'WI')"],
      env,
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain(
      'error: Duplicate key: (nces_id)=(5560580) already exists in districts (constraint districts_pkey).',
    );
    expect(dup.stderr).toMatch(/next: .*lct import/);
    expect(dup.stderr).not.toMatch(/\n\s+at /);
    const bell = await runCli(
      [
        'sql',
        "INSERT INTO bell_schedules (district_id, year, grade_level, instructional_minutes, method) VALUES ('5560580', '2025-26', 'elementary', 300, 'human_provided')",
      ],
      env,
    );
    expect(bell.stderr).toContain('lct bell-schedule add');
  });

  it('reset refuses without --yes and works with it', async () => {
    const setup = await runCli(['sql', examplesFixture], env);
    expect(setup.code, setup.stderr).toBe(0);
    const refused = await runCli(['db', 'reset'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('next:  Run: lct db reset --yes');
    const reset = await runCli(['db', 'reset', '--yes'], env);
    expect(reset.code).toBe(0);
    const count = await runCli(['sql', 'select count(*)::int as n from districts', '--json'], env);
    expect(JSON.parse(count.stdout)).toEqual([{ n: 0 }]);
  });

  it('refuses a second process on the same data folder', async () => {
    const { PgliteDatabase } = await import('../src/db/pglite-engine.js');
    const holder = await PgliteDatabase.open(env.LCT_DATA_DIR!);
    try {
      const second = await runCli(['db', 'status'], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`is in use by process ${process.pid}`);
    } finally {
      await holder.close();
    }
    expect((await runCli(['db', 'status'], env)).code).toBe(0);
  });
});

describe('lct CLI on the PostgreSQL server', () => {
  it.runIf(HAS_SERVER)('says "lct db create" for a missing database, creates it, migrates and queries', async () => {
    const name = uniqueName();
    const env = { DATABASE_URL: serverUrl(name) };
    try {
      const missing = await runCli(['sql', 'select 1'], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain(`error: Database "${name}" does not exist`);
      expect(missing.stderr).toContain('next:  Create it: lct db create');
      const create = await runCli(['db', 'create'], env);
      expect(create.stdout).toContain(`Created database ${name}`);
      expect((await runCli(['db', 'create'], env)).stdout).toContain('already exists');
      const noTable = await runCli(['sql', 'select * from districts'], env);
      expect(noTable.code).toBe(1);
      expect(noTable.stderr).toContain('error: Table "districts" does not exist');
      expect(noTable.stderr).toContain('next:  Run: lct db migrate');
      expect((await runCli(['db', 'migrate'], env)).code).toBe(0);
      const status = JSON.parse((await runCli(['db', 'status', '--json'], env)).stdout);
      expect(status.engine).toBe('PostgreSQL server');
      expect(status.version).toMatch(/^PostgreSQL 1[5-8]/);
      expect(status.pending).toEqual([]);
      const view = await runCli(['sql', 'select * from mv_state_enrichment_progress', '--json'], env);
      expect(view.code).toBe(0);
      expect(JSON.parse(view.stdout)).toEqual([]);
    } finally {
      await dropServerDatabase(name);
    }
  });

  it.runIf(HAS_SERVER)('runs every psql example unchanged', async () => {
    const server = await createServerDatabase();
    const env = { DATABASE_URL: server.url };
    try {
      expect((await runCli(['db', 'migrate'], env)).code).toBe(0);
      expect((await runCli(['sql', examplesFixture], env)).code).toBe(0);
      for (const example of PSQL_EXAMPLES) {
        const result = await runCli(['sql', example], env);
        expect(result.stderr, example).toBe('');
        expect(result.code).toBe(0);
      }
      const size = await runCli(
        ['sql', `SELECT pg_size_pretty(pg_database_size('${server.name}')) as size;`, '--json'],
        env,
      );
      expect(JSON.parse(size.stdout)[0].size).toMatch(/\d+ (kB|MB)/);
    } finally {
      await server.drop();
    }
  });

  it('explains a refused connection: start a server or unset DATABASE_URL', async () => {
    const result = await runCli(['db', 'status'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/lct' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('connection refused');
    expect(result.stderr).toContain('docker compose up -d');
    expect(result.stderr).toContain('unset DATABASE_URL');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCli(['--debug', 'db', 'status'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/lct' });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
