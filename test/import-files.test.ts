import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir, writeFile } from './helpers/ccd-fixture.js';
import { importPaths, runImport } from '../src/import/run-import.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const REAL = path.resolve(PACKAGE_ROOT, 'data', 'real');

const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the import to fail');
    },
    (e: Error & { hint?: string }) => e,
  );

describe.each(ENGINES)('importing the real files on %s', (engine) => {
  // The real district list, imported once: the first test checks what it landed, the bell schedules
  // need their districts. No test here writes districts.
  const districtList = path.join(REAL, 'districts_2023_24_nces.csv');
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await runImport(t.db, [{ file: districtList, what: { kind: 'district-list' }, rank: 0 }]);
  });
  afterAll(() => t.destroy());

  it('lands all 17,842 districts with 7-digit ids, including the 3,053 published without the leading zero', async () => {
    const file = districtList;
    const shortIds = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => /^\d{6},/.test(l))
      .map((l) => `0${l.slice(0, 6)}`);
    expect(shortIds).toHaveLength(3053);
    const counts = await t.db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE nces_id ~ '^\\d{7}$')::int AS seven FROM districts`,
    );
    expect(counts.rows[0]).toEqual({ n: 17842, seven: 17842 });
    const padded = await t.db.query(`SELECT count(*)::int AS n FROM districts WHERE nces_id = ANY ($1)`, [shortIds]);
    expect(padded.rows[0]).toEqual({ n: 3053 });
    expect(
      (await t.db.query(`SELECT name, state, enrollment FROM districts WHERE nces_id = '0100005'`)).rows[0],
    ).toEqual({ name: 'Albertville City', state: 'AL', enrollment: 5821 });
  });

  it('lands the 50 states of state-requirements.yaml', async () => {
    await runImport(t.db, [
      { file: path.join(REAL, 'state-requirements.yaml'), what: { kind: 'state-requirements' }, rank: 0 },
    ]);
    const rows = await t.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT state_code)::int AS codes FROM state_requirements`,
    );
    expect(rows.rows[0]).toEqual({ n: 50, codes: 50 });
    expect(
      (
        await t.db.query(
          `SELECT state_name, elementary_minutes, middle_minutes, high_minutes FROM state_requirements WHERE state_code = 'AK'`,
        )
      ).rows[0],
    ).toEqual({ state_name: 'Alaska', elementary_minutes: 264, middle_minutes: 300, high_minutes: 300 });
  });

  it('lands the 81 real bell-schedule rows with their methods normalised, and a second import changes nothing', async () => {
    const item = {
      file: path.join(REAL, 'bell_schedules_2024_25.csv'),
      what: { kind: 'bell-schedules' as const },
      rank: 0,
    };
    const first = await runImport(t.db, [item]);
    expect(first.files[0]).toMatchObject({ read: 81, inserted: 81 });
    const methods = await t.db.query(
      `SELECT method, count(*)::int AS n FROM bell_schedules GROUP BY method ORDER BY method`,
    );
    expect(methods.rows.map((r) => r.method)).toEqual(
      expect.arrayContaining(['automated_enrichment', 'human_provided', 'statutory_fallback']),
    );
    expect(
      (
        await t.db.query(
          `SELECT district_id, instructional_minutes, method, confidence, source FROM bell_schedules WHERE district_id = '0634920' AND grade_level = 'elementary'`,
        )
      ).rows[0],
    ).toEqual({
      district_id: '0634920',
      instructional_minutes: 400,
      method: 'automated_enrichment',
      confidence: 'high',
      source: 'Foster City Elementary & Baywood Elementary',
    });
    const second = await runImport(t.db, [item]);
    expect(second.files[0]).toMatchObject({ read: 81, inserted: 0, updated: 0, unchanged: 81 });
  });
});

describe.each(ENGINES)('table CSVs and bell-schedule JSON on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    dir = tempDir();
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // Each test starts with no districts, and so nothing that belongs to one (ON DELETE CASCADE).
  beforeEach(async () => {
    await t.db.query('DELETE FROM districts');
  });
  /** The two districts the tests below write rows for. */
  const seedDistricts = () =>
    t.db.query(
      `INSERT INTO districts (nces_id, name, state, enrollment, schools) VALUES ('0100005', 'Albertville City', 'AL', 5821, 7), ('5560580', 'Madison Metropolitan', 'WI', 25000, NULL)`,
    );

  it('imports a subset of columns, padding ids, and later updates them', async () => {
    writeFile(
      dir,
      'districts.csv',
      'nces_id,name,state,enrollment\n100005,Albertville City,AL,5821\n5560580,Madison Metropolitan,WI,25000\n',
    );
    writeFile(
      dir,
      'grade_level_enrollment.csv',
      'nces_id,year,grade,enrollment\n100005,2023-24,KG,400\n100005,2023-24,G01,\n',
    );
    const summary = await importPaths(t.db, [
      path.join(dir, 'districts.csv'),
      path.join(dir, 'grade_level_enrollment.csv'),
    ]);
    expect(summary.files.map((f) => [f.table, f.inserted])).toEqual([
      ['districts', 2],
      ['grade_level_enrollment', 2],
    ]);
    expect((await t.db.query(`SELECT grade, enrollment FROM grade_level_enrollment ORDER BY grade`)).rows).toEqual([
      { grade: 'G01', enrollment: null },
      { grade: 'KG', enrollment: 400 },
    ]);
    writeFile(dir, 'districts.csv', 'nces_id,schools\n0100005,7\n');
    const update = await importPaths(t.db, [path.join(dir, 'districts.csv')]);
    expect(update.files[0]).toMatchObject({ updated: 1, inserted: 0 });
    expect(
      (await t.db.query(`SELECT name, schools, enrollment FROM districts WHERE nces_id = '0100005'`)).rows[0],
    ).toEqual({ name: 'Albertville City', schools: 7, enrollment: 5821 });
  });

  it('names the line and column of a value the table refuses', async () => {
    await seedDistricts();
    const file = writeFile(
      dir,
      'grade_level_enrollment.csv',
      'nces_id,year,grade,enrollment\n0100005,2023-24,G02,10\n0100005,2023-24,G14,12\n0100005,2023-24,G03,11\n',
    );
    const error = await fail(importPaths(t.db, [file]));
    expect(error.message).toMatch(
      /^grade_level_enrollment\.csv, line 3, column grade: value "G14" breaks the rule grade_level_enrollment_grade_check/,
    );
    const typed = writeFile(
      dir,
      'grade_level_enrollment.csv',
      'nces_id,year,grade,enrollment\n0100005,2023-24,G02,10\n0100005,2023-24,G03,eleven\n',
    );
    expect((await fail(importPaths(t.db, [typed]))).message).toBe(
      'grade_level_enrollment.csv, line 3, column enrollment: "eleven" is not a whole number',
    );
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM grade_level_enrollment WHERE grade IN ('G02', 'G03')`)).rows[0],
    ).toEqual({ n: 0 });
  });

  it('copies a large file into an empty table as it reads it, and still names the line of a problem past the first megabytes', async () => {
    await t.db.query(
      `INSERT INTO districts (nces_id, name, state) SELECT (7200000 + n)::text, 'District ' || n, 'PR' FROM generate_series(1, 3000) n`,
    );
    const categories = [
      'elementary_teachers',
      'secondary_teachers',
      'paraprofessionals',
      'counselors',
      'librarians',
      'other_staff',
    ];
    const lines = ['nces_id,year,category,fte_count'];
    for (let n = 1; n <= 3000; n++)
      for (const c of categories)
        for (const year of ['2022-23', '2023-24', '2024-25'])
          lines.push(`${7200000 + n},${year},${c},${(n % 97) + 0.5}`);
    const rows = lines.length - 1;
    const count = async () =>
      (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM grade_level_staffing`)).rows[0]!.n;
    expect(await count()).toBe(0);
    // A value the reader refuses, on the last line: the COPY already under way is abandoned.
    const badValue = writeFile(
      dir,
      'grade_level_staffing.csv',
      [...lines, '7200001,2025-26,counselors,lots'].join('\n') + '\n',
    );
    expect(fs.statSync(badValue).size).toBeGreaterThan(1 << 20);
    expect((await fail(importPaths(t.db, [badValue]))).message).toBe(
      `grade_level_staffing.csv, line ${rows + 2}, column fte_count: "lots" is not a number`,
    );
    expect(await count()).toBe(0);
    // A key the database refuses, far from its twin: the rows are staged to say where.
    const duplicate = writeFile(
      dir,
      'grade_level_staffing.csv',
      [...lines, '7200001,2023-24,counselors,2'].join('\n') + '\n',
    );
    expect((await fail(importPaths(t.db, [duplicate]))).message).toBe(
      `grade_level_staffing.csv, line ${rows + 2}, column nces_id, year, category: duplicate key (7200001, 2023-24, counselors): the same nces_id, year, category is already on line 12`,
    );
    expect(await count()).toBe(0);
    const good = writeFile(dir, 'grade_level_staffing.csv', lines.join('\n') + '\n');
    expect((await importPaths(t.db, [good])).files[0]).toMatchObject({ inserted: rows });
    expect(await count()).toBe(rows);
    await t.db.query(`DELETE FROM districts WHERE state = 'PR'`);
    expect(await count()).toBe(0);
  });

  it('refuses unknown columns, duplicate keys, and files not named after a table', async () => {
    const unknown = writeFile(dir, 'districts.csv', 'nces_id,name,state,population\n0100005,A,AL,1\n');
    expect((await fail(importPaths(t.db, [unknown]))).message).toBe(
      'districts.csv, line 1, column population: unknown column population for table districts',
    );
    const dup = writeFile(dir, 'districts.csv', 'nces_id,name,state\n0100009,A,AL\n0100010,B,AL\n100009,C,AL\n');
    expect((await fail(importPaths(t.db, [dup]))).message).toBe(
      'districts.csv, line 4, column nces_id: duplicate key (0100009): the same nces_id is already on line 2',
    );
    const summary = await importPaths(t.db, [writeFile(dir, 'notes.csv', 'a,b\n1,2\n')]);
    expect(summary.ignored.map((f) => path.basename(f))).toEqual(['notes.csv']);
  });

  it('reads the original bell-schedule JSON: ids without the zero, default year, aliases', async () => {
    await seedDistricts();
    const file = writeFile(
      dir,
      'bell_schedules.json',
      JSON.stringify({
        100005: {
          elementary: {
            instructional_minutes: 370,
            method: 'web_scraping',
            confidence: 'high',
            source_urls: ['https://a.example'],
            schools_sampled: ['Alpha Elementary'],
          },
          high: { instructional_minutes: 360, method: 'fallback_statutory', confidence: 'low' },
        },
        5560580: {
          year: '2025-26',
          middle: {
            instructional_minutes: 355,
            method: 'manual',
            start_time: '8:00 AM',
            end_time: '3:00 PM',
            lunch_duration: 30,
            passing_periods: 20,
          },
        },
      }),
    );
    const summary = await importPaths(t.db, [file]);
    expect(summary.files[0]).toMatchObject({ kind: 'bell schedules', inserted: 3 });
    const rows = await t.db.query(
      `SELECT district_id, year, grade_level, instructional_minutes, method, confidence, source_urls, schools_sampled FROM bell_schedules ORDER BY district_id, grade_level`,
    );
    expect(rows.rows).toEqual([
      {
        district_id: '0100005',
        year: '2024-25',
        grade_level: 'elementary',
        instructional_minutes: 370,
        method: 'automated_enrichment',
        confidence: 'high',
        source_urls: ['https://a.example'],
        schools_sampled: ['Alpha Elementary'],
      },
      {
        district_id: '0100005',
        year: '2024-25',
        grade_level: 'high',
        instructional_minutes: 360,
        method: 'statutory_fallback',
        confidence: 'low',
        source_urls: [],
        schools_sampled: [],
      },
      {
        district_id: '5560580',
        year: '2025-26',
        grade_level: 'middle',
        instructional_minutes: 355,
        method: 'human_provided',
        confidence: 'medium',
        source_urls: [],
        schools_sampled: [],
      },
    ]);
  });

  it('refuses COVID years, minutes outside 100-600 and unknown methods, naming the row', async () => {
    await seedDistricts();
    const covid = writeFile(
      dir,
      'bell_schedules.json',
      JSON.stringify({ 100005: { year: '2020-21', elementary: { instructional_minutes: 300, method: 'manual' } } }),
    );
    expect((await fail(importPaths(t.db, [covid]))).message).toMatch(
      /^bell_schedules\.json, column district 100005, elementary, year: 2020-21 is a COVID year/,
    );
    const csv = writeFile(
      dir,
      'bell_times.csv',
      'district_id,year,grade_level,instructional_minutes,method,confidence\n100005,2025-26,high,380,manual,high\n100005,2025-26,middle,650,manual,high\n',
    );
    expect((await fail(importPaths(t.db, [csv]))).message).toBe(
      'bell_times.csv, line 3, column instructional_minutes: instructional_minutes 650 is outside 100-600 minutes a day',
    );
    const method = writeFile(
      dir,
      'bell_times.csv',
      'district_id,year,grade_level,instructional_minutes,method,confidence\n100005,2025-26,high,380,guesswork,high\n',
    );
    expect((await fail(importPaths(t.db, [method]))).message).toMatch(
      /^bell_times\.csv, line 2, column method: method "guesswork" is not a known method/,
    );
  });

  it('round-trips a table through COPY … TO … CSV HEADER (what lct export csv writes)', async () => {
    await seedDistricts();
    await t.db.query(
      `UPDATE districts SET metadata = '{"note": "a \\"quoted\\", comma"}', locale_code = '21' WHERE nces_id = '0100005'`,
    );
    // An empty string and a NULL must come back as they were.
    await t.db.query(`UPDATE districts SET locale_code = '' WHERE nces_id = '5560580'`);
    const exported: string[] = [];
    for await (const chunk of t.db.copyTo(
      'COPY (SELECT * FROM districts ORDER BY nces_id) TO STDOUT WITH (FORMAT csv, HEADER)',
    ))
      exported.push(Buffer.from(chunk).toString());
    const checksum = `SELECT md5(string_agg(d::text, '|' ORDER BY nces_id)) AS h FROM districts d`;
    const before = (await t.db.query(checksum)).rows[0];
    const other = await createTestDatabase(engine);
    try {
      const file = writeFile(dir, 'districts.csv', exported.join(''));
      await importPaths(other.db, [file]);
      expect((await other.db.query(checksum)).rows[0]).toEqual(before);
      expect(
        (await other.db.query(`SELECT nces_id, locale_code, schools FROM districts ORDER BY nces_id`)).rows,
      ).toEqual([
        { nces_id: '0100005', locale_code: '21', schools: 7 },
        { nces_id: '5560580', locale_code: '', schools: null },
      ]);
    } finally {
      await other.destroy();
    }
  });
});
