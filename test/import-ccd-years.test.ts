/**
 * Every year the catalog lists, imported from an archive under its catalog name holding a file in that
 * year's layout (wide tab-separated 2014-15, wide 2015-16, long after, the 2018-19 directory archive
 * named "l" holding a wide CSV, one archive nested in another), all from one folder: oldest first, one
 * transaction per year, district_directory per year, the latest directory values in districts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_YEARS, CCD_CATALOG } from '../src/domain/ccd-catalog.js';
import { importPaths } from '../src/import/run-import.js';
import { InputError } from '../src/errors.js';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir } from './helpers/ccd-fixture.js';
import { buildZip } from './helpers/zip.js';

/** Alpha's kindergarten grows by 1 a year from 20; Beta closes (SY_STATUS 2) in 2020-21; Gamma opens in 2022-23. */
const kg = (year: string) => 20 + CATALOG_YEARS.indexOf(year);
const teachers = (year: string) => 2 + CATALOG_YEARS.indexOf(year) / 4;
const districtsOf = (year: string) =>
  [
    { id: '0100001', name: `Alpha ${year}`, status: 1 },
    ...(year <= '2020-21' ? [{ id: '0100002', name: 'Beta County', status: year === '2020-21' ? 2 : 1 }] : []),
    ...(year >= '2022-23' ? [{ id: '0100003', name: 'Gamma Charter', status: year === '2022-23' ? 3 : 1 }] : []),
  ] as const;

function files(year: string): Record<'directory' | 'membership' | 'staff', string> {
  const wide = year <= '2015-16';
  const sep = year === '2014-15' ? '\t' : ',';
  const row = (...cells: (string | number)[]) => cells.join(sep);
  const ds = districtsOf(year);
  if (wide) {
    const surv = year.slice(0, 4);
    return {
      directory: [
        row('SURVYEAR', 'FIPST', 'STABR', 'LEAID', 'ST_LEAID', 'LEA_NAME', 'LEA_TYPE', 'SY_STATUS'),
        ...ds.map((d) => row(surv, '01', 'AL', d.id, `AL-${d.id}`, d.name, 1, d.status)),
      ].join('\n'),
      membership: [
        row('SURVYEAR', 'STABR', 'LEAID', 'LEA_NAME', 'PK', 'KG', 'G01', 'G12', 'UG', 'AE', 'TOTAL'),
        ...ds.map((d) => row(surv, 'AL', d.id, d.name, -2, kg(year), 10, -1, -2, -2, kg(year) + 10)),
      ].join('\n'),
      staff: [
        row('SURVYEAR', 'STABR', 'LEAID', 'LEA_NAME', 'KGTCH', 'ELMTCH', 'SECTCH', 'PARA', 'TOTTCH', 'STAFF'),
        ...ds.map((d) =>
          row(surv, 'AL', d.id, d.name, 1, teachers(year), 0, 3, 1 + teachers(year), 4 + teachers(year)),
        ),
      ].join('\n'),
    };
  }
  const sy = `${year.slice(0, 4)}-${Number(year.slice(0, 4)) + 1}`;
  const lead = 'SCHOOL_YEAR,FIPST,STATENAME,ST,LEA_NAME,ST_LEAID,LEAID';
  const prefix = (d: { id: string; name: string }) => `${sy},01,ALABAMA,AL,${d.name},AL-${d.id},${d.id}`;
  const detail = '"Category Set A - By Race/Ethnicity; Sex; Grade"';
  const studentSupport =
    year >= '2019-20' ? 'Student Support Services Staff (w/o Psychology)' : 'Student Support Services Staff';
  return {
    directory: [
      `${lead},LEA_TYPE,SY_STATUS,UPDATED_STATUS,OPERATIONAL_SCHOOLS,WEBSITE`,
      ...ds.map((d) => `${prefix(d)},1,${d.status},${d.status},${d.status === 2 ? 0 : 3},https://${d.id}.example`),
    ].join('\n'),
    membership: [
      `${lead},GRADE,RACE_ETHNICITY,SEX,STUDENT_COUNT,TOTAL_INDICATOR,DMS_FLAG`,
      ...ds.flatMap((d) => [
        `${prefix(d)},Kindergarten,White,Female,${kg(year) - 5},${detail},Reported`,
        `${prefix(d)},Kindergarten,Asian,Male,5,${detail},Reported`,
        `${prefix(d)},Kindergarten,No Category Codes,No Category Codes,${kg(year)},Subtotal 4 - By Grade,Reported`,
        `${prefix(d)},Grade 1,White,Male,10,${detail},Reported`,
        `${prefix(d)},Grade 1,No Category Codes,No Category Codes,10,Subtotal 4 - By Grade,Reported`,
        `${prefix(d)},No Category Codes,No Category Codes,No Category Codes,${kg(year) + 10},Education Unit Total,Reported`,
      ]),
    ].join('\n'),
    staff: [
      `${lead},STAFF,STAFF_COUNT,TOTAL_INDICATOR,DMS_FLAG`,
      ...ds.flatMap((d) => [
        `${prefix(d)},Kindergarten Teachers,1,Category Set A,Reported`,
        `${prefix(d)},Elementary Teachers,${teachers(year)},Category Set A,Reported`,
        `${prefix(d)},Paraprofessionals/Instructional Aides,3,Category Set A,Reported`,
        `${prefix(d)},Elementary School Counselors,0.5,Category Set A,Reported`,
        `${prefix(d)},Secondary School Counselors,0.5,Category Set A,Reported`,
        `${prefix(d)},${studentSupport},1,Category Set A,Reported`,
        `${prefix(d)},Teachers,${1 + teachers(year)},Derived - Major Staffing Category,Derived`,
        `${prefix(d)},Guidance Counselors,1,Derived - Subtotal,Derived`,
        `${prefix(d)},No Category Codes,${6 + teachers(year)},Education Unit Total,Reported`,
      ]),
    ].join('\n'),
  };
}

async function writeArchives(dir: string): Promise<void> {
  for (const e of CCD_CATALOG) {
    const text = files(e.year)[e.kind] + '\n';
    // The 2018-19 directory archive is named "l" but holds a wide CSV named "w", as public readers show.
    const member = e.year === '2018-19' && e.kind === 'directory' ? e.name.replace('_l_', '_w_') : e.name;
    const data = { name: `${member}.${e.format === 'tab' ? 'txt' : 'csv'}`, data: text };
    const docs = { name: `${e.name}_layout.docx`, data: 'documentation' };
    // 2016-17 membership: an archive inside the archive.
    const zip =
      e.year === '2016-17' && e.kind === 'membership'
        ? await buildZip([{ name: `${e.name}.zip`, zip: [data] }, docs])
        : await buildZip([data, docs]);
    fs.writeFileSync(path.join(dir, `${e.name}.zip`), zip);
  }
}

describe.each(ENGINES)('every catalog year from one folder on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;
  // Every year imported once, before any test: the tests read what it wrote.
  let summary: Awaited<ReturnType<typeof importPaths>>;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    dir = tempDir('lct-years-');
    await writeArchives(dir);
    summary = await importPaths(t.db, [dir]);
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports each year in its layout, oldest first, and every self-check agrees', async () => {
    const ccd = summary.files.filter((f) => f.table !== 'districts');
    expect(ccd.map((f) => [f.year, f.table, f.layout])).toEqual(
      CATALOG_YEARS.flatMap((year) => [
        [year, 'district_directory', 'wide'],
        [year, 'grade_level_enrollment', year <= '2015-16' ? 'wide' : 'long'],
        [year, 'grade_level_staffing', year <= '2015-16' ? 'wide' : 'long'],
      ]),
    );
    for (const f of ccd.filter((f) => f.self_check)) {
      expect(f.self_check!.differences, `${f.file}`).toEqual([]);
      expect(f.self_check!.districts_agreeing).toBe(districtsOf(f.year!).length);
      expect(f.unknown_labels, f.file).toEqual({});
    }
  });

  it('keeps each year side by side with the exact numbers of its file', async () => {
    const enrollment = await t.db.query<{ year: string; kg: number; g01: number; g12: number | null }>(
      `SELECT year, max(enrollment) FILTER (WHERE grade = 'KG') AS kg, max(enrollment) FILTER (WHERE grade = 'G01') AS g01,
              max(enrollment) FILTER (WHERE grade = 'G12') AS g12
       FROM grade_level_enrollment WHERE nces_id = '0100001' GROUP BY year ORDER BY year`,
    );
    expect(enrollment.rows).toEqual(CATALOG_YEARS.map((year) => ({ year, kg: kg(year), g01: 10, g12: null })));
    const staff = await t.db.query<{ year: string; elementary: number; counselors: number | null; teachers: number }>(
      `SELECT year, max(fte_count) FILTER (WHERE category = 'elementary_teachers')::float AS elementary,
              max(fte_count) FILTER (WHERE category = 'counselors')::float AS counselors,
              max(fte_count) FILTER (WHERE category = 'teachers_total')::float AS teachers
       FROM grade_level_staffing WHERE nces_id = '0100001' GROUP BY year ORDER BY year`,
    );
    expect(staff.rows).toEqual(
      CATALOG_YEARS.map((year) => ({
        year,
        elementary: teachers(year),
        counselors: year <= '2015-16' ? null : 1,
        teachers: 1 + teachers(year),
      })),
    );
  });

  it('district_directory holds each year; districts the latest values, old-only districts included', async () => {
    const directory = await t.db.query<{ nces_id: string; years: number; statuses: string }>(
      `SELECT nces_id, count(*)::int AS years, string_agg(year || '=' || coalesce(sy_status::text, '-'), ' ' ORDER BY year) AS statuses
       FROM district_directory GROUP BY nces_id ORDER BY nces_id`,
    );
    expect(directory.rows.map((r) => [r.nces_id, r.years])).toEqual([
      ['0100001', CATALOG_YEARS.length],
      ['0100002', CATALOG_YEARS.filter((y) => y <= '2020-21').length],
      ['0100003', CATALOG_YEARS.filter((y) => y >= '2022-23').length],
    ]);
    expect(directory.rows[1]!.statuses).toContain('2020-21=2');
    expect(directory.rows[2]!.statuses).toContain('2022-23=3');
    const closed = await t.db.query(
      `SELECT d.nces_id, d.year, s.name FROM district_directory d JOIN district_status s ON s.code = d.sy_status
       WHERE s.breaks_series ORDER BY d.year`,
    );
    expect(closed.rows).toEqual([
      { nces_id: '0100002', year: '2020-21', name: 'closed' },
      { nces_id: '0100003', year: '2022-23', name: 'new' },
    ]);
    const districts = await t.db.query(
      `SELECT nces_id, name, metadata->>'ccd_directory_year' AS year FROM districts ORDER BY nces_id`,
    );
    expect(districts.rows).toEqual([
      { nces_id: '0100001', name: `Alpha ${CATALOG_YEARS.at(-1)}`, year: CATALOG_YEARS.at(-1) },
      { nces_id: '0100002', name: 'Beta County', year: '2020-21' },
      { nces_id: '0100003', name: 'Gamma Charter', year: CATALOG_YEARS.at(-1) },
    ]);
  });

  it('re-importing an older year leaves the latest directory values in districts, and changes nothing', async () => {
    const old = CCD_CATALOG.find((e) => e.year === '2017-18' && e.kind === 'directory')!;
    const again = await importPaths(t.db, [path.join(dir, `${old.name}.zip`)]);
    expect(again.files.map((f) => [f.table, f.inserted + f.updated + f.deleted])).toEqual([
      ['districts', 0],
      ['district_directory', 0],
    ]);
    expect(again.files[0]!.skipped).toEqual({ 'districts a later year describes (its values kept)': 2 });
  });

  it('a header matching no layout is an error listing the columns expected', async () => {
    const bad = tempDir('lct-years-bad-');
    try {
      fs.writeFileSync(
        path.join(bad, 'ccd_lea_059_2324_l_1a_073124.zip'),
        await buildZip([{ name: 'ccd_lea_059_2324_l_1a_073124.csv', data: 'LEAID,JOB,FTE\n0100001,Teachers,3\n' }]),
      );
      const error = (await importPaths(t.db, [bad]).catch((e: unknown) => e)) as InputError;
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('ccd_lea_059_2324_l_1a_073124.csv, line 1: the header matches no known layout');
      expect(error.message).toContain('long: LEAID, STAFF, STAFF_COUNT, TOTAL_INDICATOR');
      expect(error.message).toContain('wide: LEAID and staff columns PKTCH');
    } finally {
      fs.rmSync(bad, { recursive: true, force: true });
    }
  });
});
