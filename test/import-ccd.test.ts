import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { DIRECTORY, MEMBERSHIP, tempDir, writeCcdFixture, writeFile } from './helpers/ccd-fixture.js';
import { importPaths } from '../src/import/run-import.js';
import type { ImportSummary } from '../src/import/summary.js';
import { InputError } from '../src/errors.js';

const tableSnapshot = async (t: TestDatabase) => {
  const result = await t.db.query<{ t: string; n: number; h: string }>(`
    SELECT 'districts' AS t, count(*)::int AS n, coalesce(md5(string_agg(d::text, '|' ORDER BY nces_id)), '') AS h FROM districts d
    UNION ALL SELECT 'enrollment', count(*)::int, coalesce(md5(string_agg(e::text, '|' ORDER BY nces_id, year, grade)), '') FROM grade_level_enrollment e
    UNION ALL SELECT 'staffing', count(*)::int, coalesce(md5(string_agg(s::text, '|' ORDER BY nces_id, year, category)), '') FROM grade_level_staffing s
    UNION ALL SELECT 'lineage', count(*)::int, '' FROM data_lineage`);
  return result.rows;
};

describe.each(ENGINES)('CCD import on %s', (engine) => {
  // The fixture is imported once into t, for the tests that read it or must write nothing; a test that
  // changes rows imports the fixture into a database of its own (importedDatabase), dropped when it ends.
  let t: TestDatabase;
  let dir: string;
  let firstImport: ImportSummary;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    dir = tempDir();
    writeCcdFixture(dir);
    firstImport = await importPaths(t.db, [dir]);
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const importedDatabase = async (): Promise<TestDatabase> => {
    const own = await createTestDatabase(engine);
    onTestFinished(() => own.destroy());
    await importPaths(own.db, [dir]);
    return own;
  };

  it('sums one level of detail per district and keeps "not reported" as NULL', async () => {
    const summary = firstImport;
    const enrollment = await t.db.query(
      `SELECT nces_id, grade, enrollment FROM grade_level_enrollment ORDER BY nces_id, grade`,
    );
    expect(enrollment.rows).toEqual([
      { nces_id: '0100001', grade: 'G01', enrollment: 15 },
      { nces_id: '0100001', grade: 'G12', enrollment: null },
      { nces_id: '0100001', grade: 'KG', enrollment: 22 },
      { nces_id: '0100001', grade: 'PK', enrollment: 5 },
      { nces_id: '0100002', grade: 'AE', enrollment: 2 },
      { nces_id: '0100002', grade: 'G06', enrollment: 10 },
      { nces_id: '0100002', grade: 'KG', enrollment: 7 },
    ]);
    const membership = summary.files.find((f) => f.table === 'grade_level_enrollment')!;
    expect(membership.unknown_labels).toEqual({ 'GRADE Grade 14': 1 });
    expect(membership.skipped).toEqual({
      'rows without a grade (Not Specified / No Category Codes)': 1,
      'education unit totals (checked against the details, not stored)': 2,
      'totals and subtotals other than by grade (not summed)': 1,
    });
    // Alpha's by-grade subtotals add up to its total (42), Beta's details to its (19): both agree, and
    // the unknown "Grade 14" row is not in Beta's total either.
    expect(membership.self_check).toEqual({
      districts_checked: 2,
      districts_agreeing: 2,
      districts_without_total: 0,
      differences: [],
    });
  });

  it("reports a district whose details do not add up to the file's own total, with the labels involved", async () => {
    const summary = await importPaths(t.db, [dir], { dryRun: true });
    const staff = summary.files.find((f) => f.table === 'grade_level_staffing')!;
    // Alpha: the details read (2.5 + 1 + 4.25) miss the unknown "Bus Drivers" row, so they fall short of
    // the Education Unit Total (10); its Teachers total (3.5) agrees. Beta has no total to compare.
    expect(staff.self_check).toEqual({
      districts_checked: 1,
      districts_agreeing: 0,
      districts_without_total: 1,
      differences: [
        {
          nces_id: '0100001',
          total: 'Education Unit Total',
          line: 9,
          file_total: 10,
          detail_sum: 7.75,
          difference: -2.25,
          labels: [
            'Elementary Teachers',
            'Kindergarten Teachers',
            'Paraprofessionals/Instructional Aides',
            'STAFF Bus Drivers (unknown)',
            'Secondary Teachers',
          ],
          unreported_details: 1,
        },
      ],
    });
  });

  it('fills districts from the directory, with K-12 enrollment from membership and 7-digit ids', async () => {
    const districts = await t.db.query(
      `SELECT nces_id, name, state, enrollment, schools, metadata->>'WEBSITE' AS website, metadata->>'GSHI' AS gshi FROM districts ORDER BY nces_id`,
    );
    expect(districts.rows).toEqual([
      {
        nces_id: '0100001',
        name: 'Alpha, City of',
        state: 'AL',
        enrollment: 37,
        schools: 4,
        website: 'https://alpha.example',
        gshi: '12',
      },
      {
        nces_id: '0100002',
        name: 'Beta County',
        state: 'AL',
        enrollment: 17,
        schools: null,
        website: null,
        gshi: '12',
      },
    ]);
  });

  it('maps staff labels, keeps the derived Teachers total, and reports unknown labels', async () => {
    const staff = await t.db.query(
      `SELECT nces_id, category, fte_count FROM grade_level_staffing ORDER BY nces_id, category`,
    );
    expect(staff.rows).toEqual([
      { nces_id: '0100001', category: 'elementary_teachers', fte_count: 2.5 },
      { nces_id: '0100001', category: 'kindergarten_teachers', fte_count: 1 },
      { nces_id: '0100001', category: 'paraprofessionals', fte_count: 4.25 },
      { nces_id: '0100001', category: 'secondary_teachers', fte_count: null },
      { nces_id: '0100001', category: 'teachers_total', fte_count: 3.5 },
      { nces_id: '0100002', category: 'elementary_teachers', fte_count: 1 },
    ]);
  });

  it('re-importing the same files changes nothing', async () => {
    const before = await tableSnapshot(t);
    const again = await importPaths(t.db, [dir]);
    for (const f of again.files) {
      expect(f.inserted + f.updated + f.deleted).toBe(0);
      expect(f.unchanged).toBe(f.read);
    }
    expect(await tableSnapshot(t)).toEqual(before);
  });

  it('a newer file updates rows, replaces grades no longer reported, and lineage names the file', async () => {
    const own = await importedDatabase();
    const newer = tempDir();
    try {
      const lines = MEMBERSHIP.split('\n').map((l) =>
        l.includes('Kindergarten,No Category Codes,No Category Codes,22,') ? l.replace(',22,', ',25,') : l,
      );
      // Alpha's Grade 12 rows are gone from the newer file.
      writeFile(newer, 'ccd_lea_052_2324_l_1a_090124.csv', lines.filter((l) => !l.includes('Grade 12')).join('\n'));
      const summary = await importPaths(own.db, [newer]);
      expect(summary.files[0]).toMatchObject({ updated: 1, deleted: 1 });
      const lineage = await own.db.query(
        `SELECT operation, record_id, changes, source FROM data_lineage WHERE table_name = 'grade_level_enrollment' AND operation <> 'insert' ORDER BY id`,
      );
      expect(lineage.rows).toEqual([
        {
          operation: 'update',
          record_id: '0100001/2023-24/KG',
          changes: { before: { enrollment: 22 }, after: { enrollment: 25 } },
          source: 'import:ccd ccd_lea_052_2324_l_1a_090124.csv',
        },
        {
          operation: 'delete',
          record_id: '0100001/2023-24/G12',
          changes: { before: { nces_id: '0100001', year: '2023-24', grade: 'G12', enrollment: null } },
          source: 'import:ccd ccd_lea_052_2324_l_1a_090124.csv',
        },
      ]);
      expect((await own.db.query(`SELECT enrollment FROM districts WHERE nces_id = '0100001'`)).rows[0]).toEqual({
        enrollment: 40,
      });
    } finally {
      fs.rmSync(newer, { recursive: true, force: true });
    }
  });

  it('a bad row in the middle fails the whole import, names file, line and column, and writes nothing', async () => {
    const bad = tempDir();
    try {
      const lines = MEMBERSHIP.split('\n');
      lines[6] = lines[6]!.replace(',7,', ',seven,');
      writeFile(bad, 'ccd_lea_029_2324_w_1a_073124.csv', DIRECTORY.replace('Alpha, City of', 'Alpha Renamed'));
      writeFile(bad, 'ccd_lea_052_2324_l_1a_073124.csv', lines.join('\n'));
      const before = await tableSnapshot(t);
      const error = await importPaths(t.db, [bad]).catch((e: unknown) => e);
      expect(error, String(error)).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(
        'ccd_lea_052_2324_l_1a_073124.csv, line 7, column STUDENT_COUNT: "seven" is not a count',
      );
      expect(await tableSnapshot(t)).toEqual(before);
    } finally {
      fs.rmSync(bad, { recursive: true, force: true });
    }
  });

  it('reads latin-1 and UTF-8 with a BOM', async () => {
    const own = await importedDatabase();
    const enc = tempDir();
    try {
      const latin = DIRECTORY.replace('Beta County', 'Peñasco Independent');
      writeFile(enc, 'ccd_lea_029_2324_w_1a_073124.csv', Buffer.from(latin, 'latin1'));
      writeFile(
        enc,
        'ccd_lea_052_2324_l_1a_073124.csv',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MEMBERSHIP, 'utf8')]),
      );
      const summary = await importPaths(own.db, [enc]);
      expect(summary.files.map((f) => f.encoding)).toEqual(['latin-1', 'latin-1', 'utf-8']);
      expect((await own.db.query(`SELECT name FROM districts WHERE nces_id = '0100002'`)).rows[0]).toEqual({
        name: 'Peñasco Independent',
      });
    } finally {
      fs.rmSync(enc, { recursive: true, force: true });
    }
  });

  it('refuses rows for unknown districts, listing them, unless --create-missing', async () => {
    const own = await importedDatabase();
    const orphan = tempDir();
    try {
      const extra =
        MEMBERSHIP +
        '\n2023-2024,02,ALASKA,AK,Gamma Borough,02,,AK-9,0200009,Kindergarten,White,Male,4,"Category Set A - By Race/Ethnicity; Sex; Grade",Reported';
      writeFile(orphan, 'ccd_lea_052_2324_l_1a_073124.csv', extra);
      const error = (await importPaths(own.db, [orphan]).catch((e: unknown) => e)) as InputError;
      expect(error.message).toMatch(/1 district id is not in the districts table: 0200009 \(line \d+\)/);
      expect(error.hint).toContain('--create-missing');
      const created = await importPaths(own.db, [orphan], { createMissingDistricts: true });
      expect(created.files[0]!.placeholders).toBe(1);
      expect(
        (
          await own.db.query(
            `SELECT name, state, metadata->>'placeholder' AS placeholder FROM districts WHERE nces_id = '0200009'`,
          )
        ).rows[0],
      ).toEqual({ name: 'Gamma Borough', state: 'AK', placeholder: 'true' });
    } finally {
      fs.rmSync(orphan, { recursive: true, force: true });
    }
  });

  it('--dry-run reports what would change and writes nothing', async () => {
    const dry = tempDir();
    try {
      writeFile(
        dry,
        'ccd_lea_059_2324_l_1a_073124.csv',
        'SCHOOL_YEAR,LEAID,ST,LEA_NAME,STAFF,STAFF_COUNT,TOTAL_INDICATOR\n2023-2024,0100001,AL,Alpha,Elementary Teachers,3,Category Set A\n',
      );
      const before = await tableSnapshot(t);
      const summary = await importPaths(t.db, [dry], { dryRun: true });
      expect(summary.dry_run).toBe(true);
      expect(summary.files[0]).toMatchObject({ updated: 1, deleted: 4 });
      expect(await tableSnapshot(t)).toEqual(before);
    } finally {
      fs.rmSync(dry, { recursive: true, force: true });
    }
  });

  it('says which year a file is for when it does not match --year', async () => {
    const error = (await importPaths(t.db, [path.join(dir, 'ccd_lea_052_2324_l_1a_073124.csv')], {
      year: '2022-23',
    }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('is named for 2023-24, but 2022-23 is being imported');
  });
});
