import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createServerDatabase, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import type { Database } from '../src/db/database.js';
import { PostgresDatabase } from '../src/db/postgres-engine.js';
import { refreshMaterializedViews } from '../src/db/refresh-views.js';
import { backupDatabase } from '../src/backup/backup-database.js';
import { restoreDatabase } from '../src/backup/restore-database.js';
import { backupWithPgDump } from '../src/backup/pg-dump.js';
import { tableChecksums } from '../src/backup/table-checksums.js';
import { claimNextCandidate } from '../src/queries/claim-next-candidate.js';
import { addBellSchedule } from '../src/queries/add-bell-schedule.js';
import { expectStateTotalsExact } from './helpers/state-totals.js';
import { PG_DUMP_MISSING, announcePgDumpSkip } from './helpers/pg-client-tools.js';

const EXTRA = `
  INSERT INTO state_requirements (state_code, state_name, elementary_minutes, middle_minutes, high_minutes, notes) VALUES
    ('AL', 'Alabama', 360, 360, 360, 'Ala. Code, "six hours"'), ('WI', 'Wisconsin', 350, NULL, 360, '');
  INSERT INTO grade_level_enrollment VALUES ('0100001', '2023-24', 'KG', 80), ('0100001', '2023-24', 'G01', NULL);
  INSERT INTO grade_level_staffing VALUES ('0100001', '2023-24', 'elementary_teachers', 12.5);
  UPDATE districts SET name = 'A (renamed)' WHERE nces_id = '0100001';
  DELETE FROM bell_schedules WHERE district_id = '5500003';`;

async function fill(db: Database): Promise<void> {
  await db.execScript(QUERIES_FIXTURE);
  await db.execScript(EXTRA);
  await claimNextCandidate(db, 'AL', '2025-26', { claimedBy: 'alice' });
  await addBellSchedule(db, {
    district_id: '0100002',
    year: '2025-26',
    grade_level: 'high',
    instructional_minutes: 365,
    notes: 'line one\nline "two"',
    source_urls: ['https://b.example/a,b'],
  });
  await refreshMaterializedViews(db);
}

/** Table checksums plus where each sequence stands: what "identical contents" means here. */
async function state(db: Database) {
  const sequences = await db.query(
    `SELECT sequencename AS name, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
  );
  return { tables: await tableChecksums(db), sequences: sequences.rows };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(ENGINES)('backup and restore on %s', (engine) => {
  let source: TestDatabase;
  let file: string;
  let result: Awaited<ReturnType<typeof backupDatabase>>;
  /** The source as it was backed up (later tests change the source). */
  let expected: Awaited<ReturnType<typeof state>>;
  beforeAll(async () => {
    source = await createTestDatabase(engine);
    await fill(source.db);
    file = path.join(tmp, `${engine}.lctbackup`);
    result = await backupDatabase(source.db, file);
    expected = await state(source.db);
  });
  afterAll(() => source.destroy());

  it('restores into an empty database with identical contents, sequences and views', async () => {
    expect(result.tables.find((t) => t.name === 'districts')).toEqual({ name: 'districts', rows: 10 });
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const target = await createTestDatabase(engine);
    try {
      const restored = await restoreDatabase(target.db, file);
      expect(restored.tables.find((t) => t.name === 'bell_schedules')).toEqual({ name: 'bell_schedules', rows: 8 });
      expect(await state(target.db)).toEqual(expected);
      await expectStateTotalsExact(target.db);
      // Views were refreshed, and the next ids continue where the source's would.
      const progress = await target.db.query(`SELECT enriched FROM mv_state_enrichment_progress WHERE state = 'WI'`);
      expect(progress.rows).toEqual([{ enriched: 2 }]);
      const next = await target.db.query(
        `INSERT INTO bell_schedules (district_id, year, grade_level, instructional_minutes, method) VALUES ('5500004', '2025-26', 'high', 360, 'human_provided') RETURNING id`,
      );
      expect(next.rows).toEqual([{ id: 10 }]);
    } finally {
      await target.destroy();
    }
  });

  it('refuses to overwrite a database with data unless forced; forced, it replaces the contents', async () => {
    const target = await createTestDatabase(engine);
    try {
      await target.db.execScript(`INSERT INTO districts (nces_id, name, state) VALUES ('0600001', 'Other', 'CA')`);
      const refused = restoreDatabase(target.db, file);
      await expect(refused).rejects.toThrow('The database is not empty (data_lineage, districts have rows)');
      await expect(refused).rejects.toMatchObject({ hint: expect.stringContaining('--force') });
      await restoreDatabase(target.db, file, { force: true });
      expect(await state(target.db)).toEqual(expected);
      await expectStateTotalsExact(target.db);
      // Restoring again over the restored data is the same.
      await restoreDatabase(target.db, file, { force: true });
      expect(await state(target.db)).toEqual(expected);
    } finally {
      await target.destroy();
    }
  });

  it('stops at the first bad row and leaves the database as it was', async () => {
    const raw = zlib.gunzipSync(fs.readFileSync(file)).toString('latin1');
    // Same length, so the block framing stays valid: 360 minutes become 050 (below the 100-minute floor).
    const bad = raw.replace(',2025-26,middle,370,', ',2025-26,middle,070,');
    expect(bad).not.toBe(raw);
    const badFile = path.join(tmp, `${engine}-bad.lctbackup`);
    fs.writeFileSync(badFile, zlib.gzipSync(Buffer.from(bad, 'latin1')));
    const target = await createTestDatabase(engine);
    try {
      await target.db.execScript(`INSERT INTO districts (nces_id, name, state) VALUES ('0600001', 'Other', 'CA')`);
      const before = await state(target.db);
      await expect(restoreDatabase(target.db, badFile, { force: true })).rejects.toThrow(
        /Restoring bell_schedules failed: .*bell_schedules_instructional_minutes_check.*Nothing was restored/,
      );
      expect(await state(target.db)).toEqual(before);
      // Triggers are back on: lineage still records changes.
      await target.db.query(`UPDATE districts SET name = 'Other 2' WHERE nces_id = '0600001'`);
      expect(
        (await target.db.query(`SELECT count(*)::int AS n FROM data_lineage WHERE operation = 'update'`)).rows,
      ).toEqual([{ n: 1 }]);

      // A tampered checksum is caught before commit.
      const beforeTampered = await state(target.db);
      const tampered = raw.replace(/("name":"districts"[^}]*"md5":")[0-9a-f]{32}/, '$1' + '0'.repeat(32));
      const tamperedFile = path.join(tmp, `${engine}-tampered.lctbackup`);
      fs.writeFileSync(tamperedFile, zlib.gzipSync(Buffer.from(tampered, 'latin1')));
      await expect(restoreDatabase(target.db, tamperedFile, { force: true })).rejects.toThrow(
        "differ from the backup's checksums",
      );
      expect(await state(target.db)).toEqual(beforeTampered);
      expect((await target.db.query(`SELECT name FROM districts`)).rows).toEqual([{ name: 'Other 2' }]);
    } finally {
      await target.destroy();
    }
  });

  it('rejects files that are cut off or are not backups', async () => {
    const whole = fs.readFileSync(file);
    const raw = zlib.gunzipSync(whole);
    const cut = path.join(tmp, `${engine}-cut.lctbackup`);
    fs.writeFileSync(cut, zlib.gzipSync(raw.subarray(0, Math.floor(raw.length * 0.7))));
    const target = await createTestDatabase(engine);
    try {
      await expect(restoreDatabase(target.db, cut)).rejects.toThrow('ends too early');
      expect((await target.db.query('SELECT count(*)::int AS n FROM districts')).rows).toEqual([{ n: 0 }]);
      const text = path.join(tmp, 'notes.txt');
      fs.writeFileSync(text, 'hello');
      await expect(restoreDatabase(target.db, text)).rejects.toThrow('neither an lct backup nor a pg_dump script');
      await expect(restoreDatabase(target.db, path.join(tmp, 'missing.lctbackup'))).rejects.toThrow('Cannot read');
    } finally {
      await target.destroy();
    }
  });

  it('backs up and restores single tables', async () => {
    const one = path.join(tmp, `${engine}-schedules.lctbackup`);
    const result = await backupDatabase(source.db, one, { tables: ['bell_schedules'] });
    expect(result.tables).toEqual([{ name: 'bell_schedules', rows: 8 }]);
    const expected = (await tableChecksums(source.db, ['bell_schedules'])).bell_schedules;
    await source.db.query(`UPDATE bell_schedules SET instructional_minutes = 399 WHERE district_id = '5500001'`);
    await expect(restoreDatabase(source.db, one)).rejects.toThrow('bell_schedules has rows');
    await restoreDatabase(source.db, one, { force: true });
    expect((await tableChecksums(source.db, ['bell_schedules'])).bell_schedules).toEqual(expected);
    // Districts alone cannot replace districts while other tables hold rows that reference them.
    const districts = path.join(tmp, `${engine}-districts.lctbackup`);
    await backupDatabase(source.db, districts, { tables: ['districts'] });
    await expect(restoreDatabase(source.db, districts, { force: true })).rejects.toThrow(
      /would orphan the rows of .*bell_schedules/,
    );
  });
});

describe.runIf(ENGINES.includes('pglite') && ENGINES.includes('postgres'))('backups across engines', () => {
  it('embedded → server → embedded with identical contents', async () => {
    const embedded = await createTestDatabase('pglite');
    const serverDb = await createServerDatabase(); // not even migrated: restore migrates it
    const server = new PostgresDatabase({ url: serverDb.url, poolSize: 3, acquireTimeoutMs: 30_000 });
    const back = await createTestDatabase('pglite');
    try {
      await fill(embedded.db);
      const expected = await state(embedded.db);
      await backupDatabase(embedded.db, path.join(tmp, 'from-embedded.lctbackup'));
      await restoreDatabase(server, path.join(tmp, 'from-embedded.lctbackup'));
      expect(await state(server)).toEqual(expected);
      await backupDatabase(server, path.join(tmp, 'from-server.lctbackup'));
      await restoreDatabase(back.db, path.join(tmp, 'from-server.lctbackup'));
      expect(await state(back.db)).toEqual(expected);
    } finally {
      await embedded.destroy();
      await server.close();
      await serverDb.drop();
      await back.destroy();
    }
  });
});

describe.runIf(ENGINES.includes('postgres'))('--format pg_dump on the server', () => {
  let source: TestDatabase;
  beforeAll(async () => {
    source = await createTestDatabase('postgres');
    await fill(source.db);
  });
  afterAll(() => source.destroy());

  announcePgDumpSkip('backup.test.ts', 'the two pg_dump dump and restore tests');
  const withPgDump = it.skipIf(PG_DUMP_MISSING);
  withPgDump('dumps with pg_dump and restores with psql, identical contents', async () => {
    const file = path.join(tmp, 'full.sql');
    await backupWithPgDump(source.db, file);
    expect(fs.readFileSync(file, 'utf8')).toContain('PostgreSQL database dump');
    const target = await createTestDatabase('postgres', { migrated: false });
    try {
      await restoreDatabase(target.db, file);
      expect(await state(target.db)).toEqual(await state(source.db));
      await expectStateTotalsExact(target.db);
      await target.db.query(`UPDATE districts SET name = 'changed' WHERE nces_id = '0100002'`);
      await expect(restoreDatabase(target.db, file)).rejects.toThrow('The database is not empty');
      await restoreDatabase(target.db, file, { force: true });
      expect(await state(target.db)).toEqual(await state(source.db));
    } finally {
      await target.destroy();
    }
  });

  withPgDump('dumps single tables as data, drops lines older servers reject, stops at the first error', async () => {
    const file = path.join(tmp, 'schedules.sql');
    await backupWithPgDump(source.db, file, { tables: ['bell_schedules'] });
    // What a PostgreSQL 18 pg_dump writes; PostgreSQL 15 would reject it.
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace('SET statement_timeout = 0;', 'SET statement_timeout = 0;\nSET transaction_timeout = 0;'),
    );
    const expected = (await tableChecksums(source.db, ['bell_schedules'])).bell_schedules;
    await source.db.query(`UPDATE bell_schedules SET instructional_minutes = 398 WHERE district_id = '5500001'`);
    const lineageBefore = (await tableChecksums(source.db, ['data_lineage'])).data_lineage;
    await restoreDatabase(source.db, file, { force: true });
    expect((await tableChecksums(source.db, ['bell_schedules'])).bell_schedules).toEqual(expected);
    // The audit triggers were off while psql loaded the rows.
    expect((await tableChecksums(source.db, ['data_lineage'])).data_lineage).toEqual(lineageBefore);

    const broken = path.join(tmp, 'broken.sql');
    fs.writeFileSync(broken, fs.readFileSync(file, 'utf8').replace(/\t2025-26\thigh\t400\t/, '\t2025-26\thigh\t40\t'));
    await source.db.query(`UPDATE bell_schedules SET instructional_minutes = 397 WHERE district_id = '5500001'`);
    await expect(restoreDatabase(source.db, broken, { force: true })).rejects.toThrow(
      /psql stopped at the first error: .*instructional_minutes_check.*Nothing was restored/,
    );
    expect(
      (await source.db.query(`SELECT instructional_minutes FROM bell_schedules WHERE district_id = '5500001'`)).rows,
    ).toEqual([{ instructional_minutes: 397 }]);
  });

  it('says how to install pg_dump when it is missing, and that the embedded engine cannot use it', async () => {
    const path0 = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(backupWithPgDump(source.db, path.join(tmp, 'x.sql'))).rejects.toMatchObject({
        message: 'pg_dump is not installed (not found on PATH).',
        hint: expect.stringContaining('apt-get install postgresql-client'),
      });
    } finally {
      process.env.PATH = path0;
    }
    if (ENGINES.includes('pglite')) {
      const embedded = await createTestDatabase('pglite');
      try {
        await expect(backupWithPgDump(embedded.db, path.join(tmp, 'x.sql'))).rejects.toThrow(
          'needs a PostgreSQL server',
        );
      } finally {
        await embedded.destroy();
      }
    }
  });
});
