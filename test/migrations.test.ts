import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { migrate, migrationStatus, readMigrationFiles, resetDatabase, assertMigrated } from '../src/db/migrate.js';
import { MIGRATION_FILES, fileChecksum } from './helpers/migration-files.js';
import { GRADE_CODES } from '../src/domain/grades.js';
import { STAFF_CATEGORIES } from '../src/domain/staff.js';
import { ALL_SCOPES } from '../src/domain/scopes.js';

describe.each(ENGINES)('migrations on %s', (engine) => {
  // A migrated database for the tests that start from one (none leaves it unmigrated); a test that needs
  // a database no migration has touched gets its own (unmigratedDatabase), dropped when it ends.
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, { migrated: true });
  });
  afterAll(() => t.destroy());

  const unmigratedDatabase = async (): Promise<TestDatabase> => {
    const own = await createTestDatabase(engine, { migrated: false });
    onTestFinished(() => own.destroy());
    return own;
  };

  it('refuses to run queries on an unmigrated schema, naming the command', async () => {
    const own = await unmigratedDatabase();
    await expect(assertMigrated(own.db)).rejects.toMatchObject({ hint: 'Run: lct db migrate' });
  });

  it('applies every file once, in order, with checksums', async () => {
    const own = await unmigratedDatabase();
    const first = await migrate(own.db);
    expect(first.applied.map((f) => f.name)).toEqual(MIGRATION_FILES);
    const rows = (
      await own.db.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
      )
    ).rows;
    expect(rows).toEqual(
      MIGRATION_FILES.map((name) => ({ version: Number(name.slice(0, 4)), name, checksum: fileChecksum(name) })),
    );
    await assertMigrated(own.db);
  });

  it('is idempotent: a second run applies nothing and changes nothing', async () => {
    const before = (await t.db.query('SELECT version, applied_at FROM schema_migrations ORDER BY version')).rows;
    const second = await migrate(t.db);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(MIGRATION_FILES.length);
    expect((await t.db.query('SELECT version, applied_at FROM schema_migrations ORDER BY version')).rows).toEqual(
      before,
    );
  });

  it('fills the reference tables from the domain modules', async () => {
    const grades = await t.db.query<{ code: string }>('SELECT code FROM grade_codes ORDER BY sort_order');
    expect(grades.rows.map((r) => r.code)).toEqual(GRADE_CODES.map((g) => g.code));
    const categories = await t.db.query<{ category: string }>(
      'SELECT category FROM staff_categories ORDER BY sort_order',
    );
    expect(categories.rows.map((r) => r.category)).toEqual(STAFF_CATEGORIES.map((c) => c.category));
    const scopes = await t.db.query<{ scope: string }>('SELECT scope FROM lct_scopes ORDER BY sort_order');
    expect(scopes.rows.map((r) => r.scope)).toEqual(ALL_SCOPES);
  });

  it('refuses to continue when an applied file was edited', async () => {
    const files = readMigrationFiles();
    const edited = files.map((f, i) => (i === 1 ? { ...f, sql: f.sql + '\n-- edited', checksum: 'f'.repeat(64) } : f));
    await expect(migrate(t.db, { files: edited })).rejects.toThrow(/0002_lineage\.sql was edited after it was applied/);
    const status = await migrationStatus(t.db, files);
    expect(status.pending).toEqual([]);
  });

  it('refuses when an applied file is missing', async () => {
    const files = readMigrationFiles().slice(0, -1);
    await expect(migrate(t.db, { files })).rejects.toThrow(/recorded as applied but its file is missing/);
  });

  it('rolls back a failing migration completely and records nothing', async () => {
    const files = [
      ...readMigrationFiles(),
      {
        version: 9999,
        name: '9999_broken.sql',
        checksum: 'x'.repeat(64),
        sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;',
      },
    ];
    await expect(migrate(t.db, { files })).rejects.toThrow(/9999_broken\.sql failed/);
    expect((await t.db.query(`SELECT to_regclass('half_done') AS t`)).rows[0]).toEqual({ t: null });
    expect((await t.db.query('SELECT 1 FROM schema_migrations WHERE version = 9999')).rowCount).toBe(0);
  });

  it('reset drops the data and migrates again', async () => {
    await t.db.query(`INSERT INTO districts (nces_id, name, state) VALUES ('0100005', 'Albertville City', 'AL')`);
    const result = await resetDatabase(t.db);
    expect(result.applied.map((f) => f.name)).toEqual(MIGRATION_FILES);
    expect((await t.db.query('SELECT count(*)::int AS n FROM districts')).rows[0]).toEqual({ n: 0 });
  });
});
