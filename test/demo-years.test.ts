/**
 * `lct demo-data --years`: zip archives per year named like NCES's, with change between years that the
 * import sees (closures, new districts, boundary changes, a dip in 2020-21) and one district per
 * membership file whose total disagrees, which the self-check reports.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoYears } from '../src/demo/demo-data.js';
import { importPaths } from '../src/import/run-import.js';
import type { ImportSummary } from '../src/import/summary.js';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir } from './helpers/ccd-fixture.js';

const YEARS = ['2018-19', '2019-20', '2020-21', '2021-22'];

describe.each(ENGINES)('demo data over several years on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;
  let summary: ImportSummary;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    dir = tempDir('lct-demo-years-');
    await writeDemoYears(dir, { districts: 600, seed: 3, years: YEARS });
    summary = await importPaths(t.db, [dir]);
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one zip archive per file and year, named like NCES files with the synthetic marker', () => {
    const zips = fs.readdirSync(dir).filter((f) => f.endsWith('.zip'));
    expect(zips.sort()).toEqual(
      YEARS.flatMap((y) => {
        const code = y.slice(2, 4) + y.slice(5, 7);
        return [
          `ccd_lea_029_${code}_w_1a_synthetic.zip`,
          `ccd_lea_052_${code}_l_1a_synthetic.zip`,
          `ccd_lea_059_${code}_l_1a_synthetic.zip`,
        ];
      }).sort(),
    );
  });

  it('every label is known, and each membership file has exactly one district whose total disagrees by 7', () => {
    const ccd = summary.files.filter((f) => f.year);
    expect(ccd.map((f) => f.year)).toEqual(YEARS.flatMap((y) => [y, y, y, y]));
    for (const f of ccd) expect(f.unknown_labels, f.file).toEqual({});
    for (const f of ccd.filter((f) => f.table === 'grade_level_enrollment')) {
      expect(
        f.self_check!.differences.map((d) => [d.total, d.difference]),
        f.file,
      ).toEqual([['Education Unit Total', -7]]);
    }
    for (const f of ccd.filter((f) => f.table === 'grade_level_staffing'))
      expect(f.self_check!.differences, f.file).toEqual([]);
  });

  it('changes between years: closures, new districts, boundary changes, and a dip in 2020-21', async () => {
    const statuses = await t.db.query<{ sy_status: number; n: number }>(
      `SELECT sy_status, count(*)::int AS n FROM district_directory WHERE year > '2018-19' GROUP BY sy_status ORDER BY sy_status`,
    );
    expect(statuses.rows.map((r) => r.sy_status)).toEqual([1, 2, 3, 5]);
    const totals = await t.db.query<{ year: string; students: number }>(
      `SELECT year, sum(enrollment)::int AS students FROM grade_level_enrollment WHERE grade <> 'PK' GROUP BY year ORDER BY year`,
    );
    const byYear = Object.fromEntries(totals.rows.map((r) => [r.year, r.students]));
    expect(byYear['2020-21']! / byYear['2019-20']!).toBeLessThan(0.97);
    expect(byYear['2019-20']! / byYear['2018-19']!).toBeGreaterThan(0.97);
    // A district closed in one year is still in districts, with its last directory's values.
    const closed = await t.db.query(
      `SELECT count(*)::int AS n FROM districts d WHERE NOT EXISTS
         (SELECT 1 FROM district_directory x WHERE x.nces_id = d.nces_id AND x.year = '2021-22')`,
    );
    expect((closed.rows[0] as { n: number }).n).toBeGreaterThan(0);
  });
});
