import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import { refreshMaterializedViews } from '../src/db/refresh-views.js';
import { exportBellSchedulesJson, formatBellSchedulesJson } from '../src/export/export-bell-schedules-json.js';
import { copyFromExportedCsv, exportTablesCsv } from '../src/export/export-tables-csv.js';
import { exportQueryCsv } from '../src/export/export-query-csv.js';
import { exportRunXlsx } from '../src/export/export-run-xlsx.js';
import { listDataTables } from '../src/db/table-catalog.js';
import { tableChecksums } from '../src/backup/table-checksums.js';
import { claimNextCandidate } from '../src/queries/claim-next-candidate.js';
import { addBellSchedule } from '../src/queries/add-bell-schedule.js';

const DATA_TABLES = [
  'districts',
  'calculation_runs',
  'state_requirements',
  'bell_schedules',
  'calculation_district_inputs',
  'calculation_pending_districts',
  'campaign_attempts',
  'campaign_claims',
  'data_lineage',
  'district_directory',
  'grade_level_enrollment',
  'grade_level_staffing',
  'lct_calculations',
  'sped_estimates',
];

describe.each(ENGINES)('exports on %s', (engine) => {
  let t: TestDatabase;
  let tmp: string;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await t.db.execScript(QUERIES_FIXTURE);
    await t.db.execScript(`
      INSERT INTO state_requirements (state_code, state_name, elementary_minutes, middle_minutes, high_minutes, notes) VALUES
        ('AL', 'Alabama', 360, 360, 360, 'Ala. Code, "six hours"'), ('WI', 'Wisconsin', 350, NULL, 360, '');
      INSERT INTO grade_level_enrollment VALUES ('0100001', '2023-24', 'KG', 80), ('0100001', '2023-24', 'G01', NULL);
      INSERT INTO grade_level_staffing VALUES ('0100001', '2023-24', 'elementary_teachers', 12.5);
      INSERT INTO sped_estimates (nces_id, year, sped_enrollment, confidence) VALUES ('0100001', '2023-24', 120, 'low');`);
    await claimNextCandidate(t.db, 'AL', '2025-26', { claimedBy: 'alice' });
    await addBellSchedule(t.db, {
      district_id: '0100002',
      year: '2025-26',
      grade_level: 'high',
      instructional_minutes: 365,
      notes: 'line one\nline "two"',
    });
    await refreshMaterializedViews(t.db);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), `lct-export-${engine}-`));
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists the data tables parents first', async () => {
    const tables = (await listDataTables(t.db)).map((x) => x.name);
    expect([...tables].sort()).toEqual([...DATA_TABLES].sort());
    for (const [child, parent] of [
      ['bell_schedules', 'districts'],
      ['lct_calculations', 'calculation_runs'],
      ['campaign_claims', 'districts'],
    ]) {
      expect(tables.indexOf(child!)).toBeGreaterThan(tables.indexOf(parent!));
    }
  });

  describe('export json', () => {
    it('writes the original shape: keyed by district id, year and one object per level', async () => {
      const json = await exportBellSchedulesJson(t.db, { year: '2025-26' });
      expect(Object.keys(json).sort()).toEqual(['0100001', '0100002', '0100003', '5500001', '5500002', '5500003']);
      expect(json['0100001']).toEqual({
        district_id: '0100001',
        district_name: 'A',
        state: 'AL',
        year: '2025-26',
        elementary: {
          instructional_minutes: 360,
          start_time: '8:00 AM',
          end_time: '3:00 PM',
          lunch_duration: 30,
          passing_periods: 10,
          schools_sampled: ['A Elementary'],
          source_urls: ['https://a.example/elem'],
          confidence: 'high',
          method: 'human_provided',
          source: 'A website',
          notes: null,
        },
        middle: {
          instructional_minutes: 370,
          start_time: '8:10 AM',
          end_time: '3:10 PM',
          lunch_duration: 30,
          passing_periods: 15,
          schools_sampled: [],
          source_urls: [],
          confidence: 'high',
          method: 'human_provided',
          source: null,
          notes: 'Block "A" days',
        },
        high: {
          instructional_minutes: 380,
          start_time: null,
          end_time: null,
          lunch_duration: null,
          passing_periods: null,
          schools_sampled: [],
          source_urls: [],
          confidence: 'medium',
          method: 'human_provided',
          source: '',
          notes: null,
        },
      });
      expect(json['0100003']).toMatchObject({
        year: '2025-26',
        high: { method: 'statutory_fallback', source: 'State statute' },
      });
      expect(json['0100003']!.elementary).toBeUndefined();
    });

    it("without a year takes each district's latest year, and writes districts in id order", async () => {
      await t.db.query(
        `INSERT INTO bell_schedules (district_id, year, grade_level, instructional_minutes, method) VALUES ('0100004', '2024-25', 'middle', 333, 'human_provided')`,
      );
      // The other tests count the bell schedules of the fixture: this one goes, even if an expectation fails.
      onTestFinished(async () => {
        await t.db.query(`DELETE FROM bell_schedules WHERE district_id = '0100004'`);
      });
      const json = await exportBellSchedulesJson(t.db);
      expect(json['0100004']).toMatchObject({ year: '2024-25', middle: { instructional_minutes: 333 } });
      expect(json['0100002']).toMatchObject({ year: '2025-26', high: { instructional_minutes: 365 } });
      expect(json['0100002']!.elementary).toBeUndefined(); // its 2024-25 schedule is an older year
      const text = formatBellSchedulesJson(json);
      expect(JSON.parse(text)).toEqual(json);
      const order = [...text.matchAll(/^ {2}"(\d{7})":/gm)].map((m) => m[1]);
      expect(order).toEqual([...order].sort());
      expect(order[0]).toBe('0100001');
    });
  });

  describe('export csv', () => {
    it("writes one CSV per table: header, rows by primary key, NULL empty, '' quoted", async () => {
      const dir = path.join(tmp, 'csv');
      const exported = await exportTablesCsv(t.db, dir);
      expect(exported.map((e) => path.basename(e.file)).sort()).toEqual(DATA_TABLES.map((n) => `${n}.csv`).sort());
      expect(exported.find((e) => e.table === 'districts')).toMatchObject({ rows: 10 });
      expect(exported.find((e) => e.table === 'sped_estimates')).toMatchObject({ rows: 1 });
      const districts = fs.readFileSync(path.join(dir, 'districts.csv'), 'utf8').split('\n');
      expect(districts[0]).toBe('nces_id,name,state,enrollment,schools,locale_code,metadata,created_at,updated_at');
      expect(districts[1]).toMatch(
        /^0100001,A,AL,1000,4,21,"{""website"": ""https:\/\/a.example""}",\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00,/,
      );
      expect(districts[5]).toMatch(/^0100005,E,AL,,,,{},/);
      const requirements = fs.readFileSync(path.join(dir, 'state_requirements.csv'), 'utf8').split('\n');
      expect(requirements[1]).toMatch(/^AL,Alabama,360,360,360,"Ala. Code, ""six hours""",,/);
      expect(requirements[2]).toMatch(/^WI,Wisconsin,350,,360,"",,/);
      const lct = fs.readFileSync(path.join(dir, 'lct_calculations.csv'), 'utf8');
      expect(lct).toContain(',400.00,f,{ERR_IMPOSSIBLE_SSR},,r1,');
      const schedules = fs.readFileSync(path.join(dir, 'bell_schedules.csv'), 'utf8');
      expect(schedules).toContain('"line one\nline ""two"""');
      expect(exported.find((e) => e.table === 'bell_schedules')).toMatchObject({ rows: 9 });
    });

    it('only the tables asked for, and names unknown ones', async () => {
      const exported = await exportTablesCsv(t.db, path.join(tmp, 'some'), { tables: ['bell_schedules', 'districts'] });
      expect(exported.map((e) => e.table)).toEqual(['districts', 'bell_schedules']);
      await expect(exportTablesCsv(t.db, path.join(tmp, 'bad'), { tables: ['district'] })).rejects.toThrow(
        'No data table named "district"',
      );
    });

    it('round-trips through COPY … FROM … CSV HEADER into a fresh database with identical contents', async () => {
      const dir = path.join(tmp, 'roundtrip');
      const exported = await exportTablesCsv(t.db, dir);
      const fresh = await createTestDatabase(engine);
      try {
        const tables = await listDataTables(fresh.db);
        await fresh.db.transaction(async (tx) => {
          // A pure format round trip: no lineage rows written by the load itself.
          for (const table of tables) await tx.query(`ALTER TABLE ${table.name} DISABLE TRIGGER USER`);
          for (const table of tables) {
            const file = exported.find((e) => e.table === table.name)!.file;
            await tx.copyFrom(copyFromExportedCsv(table.name, table.columns), [fs.readFileSync(file)]);
          }
          for (const table of tables) await tx.query(`ALTER TABLE ${table.name} ENABLE TRIGGER USER`);
        });
        expect(await tableChecksums(fresh.db)).toEqual(await tableChecksums(t.db));
      } finally {
        await fresh.destroy();
      }
    });
  });

  describe('export query', () => {
    it('streams a COPY (…) TO … CSV HEADER query to a file', async () => {
      const file = path.join(tmp, 'enriched_districts.csv');
      const result = await exportQueryCsv(
        t.db,
        `SELECT d.nces_id, d.name, d.state, d.enrollment, bs.grade_level, bs.instructional_minutes
         FROM districts d JOIN bell_schedules bs ON d.nces_id = bs.district_id
         WHERE bs.year = '2025-26' AND d.state = 'AL' ORDER BY d.nces_id, bs.instructional_minutes;`,
        file,
      );
      expect(result.rows).toBe(5);
      expect(fs.readFileSync(file, 'utf8')).toBe(
        [
          'nces_id,name,state,enrollment,grade_level,instructional_minutes',
          '0100001,A,AL,1000,elementary,360',
          '0100001,A,AL,1000,middle,370',
          '0100001,A,AL,1000,high,380',
          '0100002,B,AL,500,high,365',
          '0100003,C,AL,200,high,360',
          '',
        ].join('\n'),
      );
      expect(fs.existsSync(`${file}.partial`)).toBe(false);
    });

    it('refuses a COPY and leaves no file when the query fails', async () => {
      await expect(exportQueryCsv(t.db, `COPY districts TO STDOUT`, path.join(tmp, 'x.csv'))).rejects.toThrow(
        'Give the query inside the COPY',
      );
      await expect(
        exportQueryCsv(t.db, `SELECT no_such_column FROM districts`, path.join(tmp, 'y.csv')),
      ).rejects.toThrow(/no_such_column/);
      expect(fs.existsSync(path.join(tmp, 'y.csv'))).toBe(false);
      expect(fs.existsSync(path.join(tmp, 'y.csv.partial'))).toBe(false);
      // An error in the middle of the rows, after some were sent: reported, no file, connection usable.
      await expect(
        exportQueryCsv(
          t.db,
          'SELECT n, 1 / (n - 20000) AS x FROM generate_series(1, 40000) n',
          path.join(tmp, 'z.csv'),
        ),
      ).rejects.toThrow(/division by zero/);
      expect(fs.existsSync(path.join(tmp, 'z.csv'))).toBe(false);
      expect((await t.db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    });

    it('streams large results whole, rows counted across blocks', async () => {
      const file = path.join(tmp, 'big.csv');
      const result = await exportQueryCsv(
        t.db,
        `SELECT n, repeat('x', n % 50) AS pad, CASE WHEN n % 7 = 0 THEN E'a\nb' END AS multiline FROM generate_series(1, 60000) n ORDER BY n`,
        file,
      );
      expect(result.rows).toBe(60000);
      const text = fs.readFileSync(file, 'utf8');
      expect(text.startsWith('n,pad,multiline\n1,x,\n')).toBe(true);
      expect(text.endsWith('60000,"",\n')).toBe(true);
      expect(text.split('"a\nb"').length - 1).toBe(8571);
    });
  });

  describe('export xlsx', () => {
    /** Records on run r2 the output files its CSVs would be at (what lct calculate writes). */
    const recordR2Outputs = async () => {
      const outputs = [
        { name: 'all_rows', path: 'outputs/2023-24/r2/lct_all_rows.csv', format: 'csv' },
        { name: 'valid_rows', path: 'outputs/2023-24/r2/lct_valid_rows.csv', format: 'csv' },
        { name: 'report', path: 'outputs/2023-24/r2/report.txt', format: 'txt' },
      ];
      await t.db.query(`UPDATE calculation_runs SET output_files = $1 WHERE run_id = 'r2'`, [JSON.stringify(outputs)]);
    };

    it('writes one sheet per CSV output of the run, numbers as numbers and ids as text', async () => {
      const runDir = path.join(tmp, 'outputs', '2023-24', 'r2');
      fs.mkdirSync(runDir, { recursive: true });
      fs.writeFileSync(
        path.join(runDir, 'lct_all_rows.csv'),
        'district_id,district_name,state,scope,lct_value,minutes_year,qa_flags,notes\n0100001,A,AL,teachers_only,14,2025-26,,\n0100003,"C, the ""third""",AL,teachers_only,400.5,2023-24,ERR_IMPOSSIBLE_SSR; WARN_LCT_HIGH,"two\nlines"\n',
      );
      fs.writeFileSync(
        path.join(runDir, 'lct_valid_rows.csv'),
        'district_id,scope,lct_value\n0100001,teachers_only,14\n',
      );
      fs.writeFileSync(path.join(runDir, 'report.txt'), 'text');
      await recordR2Outputs();

      const result = await exportRunXlsx(t.db, { baseDir: tmp }); // r2 is the latest completed run
      expect(result).toMatchObject({ run_id: 'r2', file: path.join(runDir, 'r2.xlsx') });
      expect(result.sheets).toEqual([
        { name: 'all_rows', source: 'outputs/2023-24/r2/lct_all_rows.csv', rows: 2 },
        { name: 'valid_rows', source: 'outputs/2023-24/r2/lct_valid_rows.csv', rows: 1 },
      ]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(result.file);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['all_rows', 'valid_rows']);
      const sheet = workbook.getWorksheet('all_rows')!;
      expect(sheet.getRow(1).values).toEqual([
        undefined,
        'district_id',
        'district_name',
        'state',
        'scope',
        'lct_value',
        'minutes_year',
        'qa_flags',
        'notes',
      ]);
      expect(sheet.getRow(2).values).toEqual([undefined, '0100001', 'A', 'AL', 'teachers_only', 14, '2025-26']);
      expect(sheet.getRow(3).values).toEqual([
        undefined,
        '0100003',
        'C, the "third"',
        'AL',
        'teachers_only',
        400.5,
        '2023-24',
        'ERR_IMPOSSIBLE_SSR; WARN_LCT_HIGH',
        'two\nlines',
      ]);

      const named = await exportRunXlsx(t.db, { runId: 'r2', baseDir: tmp, output: path.join(tmp, 'book.xlsx') });
      expect(named.file).toBe(path.join(tmp, 'book.xlsx'));
    });

    it('says which run or file is missing', async () => {
      await recordR2Outputs();
      await expect(exportRunXlsx(t.db, { runId: 'nope' })).rejects.toThrow('There is no calculation run "nope"');
      await expect(exportRunXlsx(t.db, { runId: 'r1' })).rejects.toThrow('Run r1 has no CSV outputs');
      await expect(exportRunXlsx(t.db, { runId: 'r2', baseDir: os.tmpdir() })).rejects.toThrow(
        'Output outputs/2023-24/r2/lct_all_rows.csv of run r2 is not at',
      );
    });
  });
});
