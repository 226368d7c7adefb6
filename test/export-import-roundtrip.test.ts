/**
 * What `lct export` writes, `lct import` reads back into a fresh database with identical contents:
 * every data table as CSV, and bell schedules as the original JSON shape.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir, writeCcdFixture } from './helpers/ccd-fixture.js';
import { importPaths, runImport } from '../src/import/run-import.js';
import { calculate } from '../src/calculate/calculate.js';
import { exportTablesCsv } from '../src/export/export-tables-csv.js';
import { exportBellSchedulesJson, formatBellSchedulesJson } from '../src/export/export-bell-schedules-json.js';
import { tableChecksums } from '../src/backup/table-checksums.js';
import { claimNextCandidate } from '../src/queries/claim-next-candidate.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const REAL = path.resolve(PACKAGE_ROOT, 'data', 'real');
/** The audit trail records the import itself, and change marks are the import's own: both differ by design. */
const WRITTEN_BY_THE_IMPORT = ['data_lineage', 'calculation_pending_districts'];

describe.each(ENGINES)('export → import round trips on %s', (engine) => {
  let source: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    source = await createTestDatabase(engine);
    dir = tempDir('lct-roundtrip-');
    const ccd = path.join(dir, 'ccd');
    fs.mkdirSync(ccd);
    writeCcdFixture(ccd);
    await importPaths(source.db, [ccd]);
    await runImport(source.db, [
      { file: path.join(REAL, 'state-requirements.yaml'), what: { kind: 'state-requirements' }, rank: 0 },
    ]);
    await source.db.execScript(`
      INSERT INTO bell_schedules (district_id, year, grade_level, instructional_minutes, method, confidence, schools_sampled, source_urls, source, notes, start_time)
      VALUES ('0100001', '2024-25', 'elementary', 370, 'human_provided', 'high', '["Alpha Elementary"]', '["https://a.example/bell"]', 'district site', 'notes with "quotes", commas', '8:00 AM'),
             ('0100001', '2025-26', 'high', 390, 'automated_enrichment', 'low', '[]', '[]', NULL, '', NULL);
      INSERT INTO sped_estimates (nces_id, year, sped_enrollment, gened_enrollment, sped_teachers, sped_instructional, gened_teachers, confidence)
      VALUES ('0100001', '2023-24', 6, 31, 1, 2.5, 2.5, 'medium');`);
    await calculate(source.db, { year: '2023-24' });
    await claimNextCandidate(source.db, 'AL', '2025-26', { claimedBy: 'alice' });
  });
  afterAll(async () => {
    await source.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every table: lct export csv, then lct import csv into a fresh database, gives identical checksums', async () => {
    const out = path.join(dir, 'tables');
    const exported = await exportTablesCsv(source.db, out);
    expect(exported.length).toBeGreaterThanOrEqual(12);
    const target = await createTestDatabase(engine);
    try {
      const summary = await importPaths(target.db, [out]);
      expect(summary.ignored).toEqual([]);
      const tables = exported.map((e) => e.table).filter((t) => !WRITTEN_BY_THE_IMPORT.includes(t));
      const expected = await tableChecksums(source.db, tables);
      expect(await tableChecksums(target.db, tables)).toEqual(expected);
      expect(Object.values(expected).filter((c) => c.rows > 0).length).toBeGreaterThanOrEqual(9);
      // Importing the same export again changes nothing.
      const again = await importPaths(target.db, [out]);
      for (const f of again.files.filter((f) => !WRITTEN_BY_THE_IMPORT.includes(f.table)))
        expect(f.inserted + f.updated, f.table).toBe(0);
    } finally {
      await target.destroy();
    }
  });

  it('bell schedules: lct export json --year, then lct import bell-schedules, gives the same schedules', async () => {
    // The original JSON shape holds one year per district: a round trip is per year.
    const file = path.join(dir, 'bell_schedules.json');
    fs.writeFileSync(file, formatBellSchedulesJson(await exportBellSchedulesJson(source.db, { year: '2024-25' })));
    const target = await createTestDatabase(engine);
    try {
      await runImport(target.db, [
        {
          file: path.join(dir, 'ccd', 'ccd_lea_029_2324_w_1a_073124.csv'),
          what: { kind: 'ccd', ccd: 'directory' },
          rank: 0,
        },
      ]);
      await runImport(target.db, [{ file, what: { kind: 'bell-schedules' }, rank: 0 }]);
      const columns = `district_id, year, grade_level, instructional_minutes, start_time, end_time, lunch_duration, passing_periods, method, confidence, schools_sampled, source_urls, coalesce(source, '') AS source, coalesce(notes, '') AS notes`;
      const rows = `SELECT ${columns} FROM bell_schedules WHERE year = '2024-25' ORDER BY district_id, year, grade_level`;
      expect((await target.db.query(rows)).rows).toEqual((await source.db.query(rows)).rows);
    } finally {
      await target.destroy();
    }
  });
});
