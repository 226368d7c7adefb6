/**
 * The all-rows and valid-rows files hold exactly the year's current rows, sorted by district and scope,
 * with each district's name and state, byte for byte as PostgreSQL writes that CSV: for a full run (whose
 * rows stream out of its INSERT, in batches on the embedded engine) and for an incremental run (read back
 * from lct_current). Names with a comma, a quote and a line break must survive.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCsvText } from './helpers/csv.js';
import { ENGINES, type TestDatabase } from './helpers/databases.js';
import { type DatabaseSnapshot, createSnapshot } from './helpers/calc-snapshots.js';
import { YEAR, insertDistricts } from './helpers/calc-fixtures.js';
import { calculate } from '../src/calculate/calculate.js';
import { DISTRICTS_PER_BATCH } from '../src/calculate/insert-calculations.js';
import type { Queryable } from '../src/db/database.js';

/** More districts than two batches hold, so that a full run on the embedded engine crosses batch boundaries. */
const GENERATED = 2 * DISTRICTS_PER_BATCH + 100;

/** The expected file, written by PostgreSQL from lct_current with a query of its own. */
async function expectedFile(db: Queryable, where: string): Promise<string> {
  const chunks: string[] = [];
  const copy = `COPY (SELECT c.district_id, d.name AS district_name, d.state, c.scope, c.lct_value, c.instructional_minutes, c.minutes_source,
                       c.minutes_year, c.staff_count, c.staff_year, c.enrollment, c.enrollment_type, c.enrollment_year,
                       array_to_string(c.qa_flags, '; ') AS qa_flags, c.calculation_notes AS notes
                FROM lct_current c JOIN districts d ON d.nces_id = c.district_id JOIN lct_scopes s ON s.scope = c.scope
                WHERE c.year = '${YEAR}'${where}
                ORDER BY c.district_id, s.sort_order)
        TO STDOUT WITH (FORMAT csv, HEADER true)`;
  for await (const chunk of db.copyTo(copy)) chunks.push(Buffer.from(chunk).toString('utf8'));
  return chunks.join('');
}

describe.each(ENGINES)('run output files on %s', (engine) => {
  /** The districts and their inputs, no run yet: every test starts from a fresh copy. */
  let snapshot: DatabaseSnapshot;
  let t: TestDatabase;
  let out: string;

  beforeAll(async () => {
    snapshot = await createSnapshot(engine, (base) => insertInputs(base.db));
  });
  afterAll(async () => {
    await snapshot?.destroy();
  });
  beforeEach(async () => {
    t = await snapshot.restore();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-calc-files-'));
  });
  afterEach(async () => {
    await t?.destroy();
    fs.rmSync(out, { recursive: true, force: true });
  });

  async function insertInputs(db: Queryable): Promise<void> {
    await insertDistricts(db, [
      {
        id: '0100001',
        name: 'Comma, District',
        state: 'AL',
        enrollment: { G03: 400, G09: 300 },
        staff: { elementary_teachers: 20, secondary_teachers: 15, other_staff: 4 },
      },
      {
        id: '0100002',
        name: 'The "Quoted" District',
        state: 'AL',
        enrollment: { G03: 400 },
        staff: { elementary_teachers: 20 },
      },
      {
        id: '0200001',
        name: 'Line\nBreak District',
        state: 'AK',
        enrollment: { G09: 30 },
        staff: { secondary_teachers: 3 },
      },
      // Teachers but no students: an invalid row (teachers_elementary) with a note.
      {
        id: '0200002',
        name: 'Plain District',
        state: 'AK',
        enrollment: { G10: 100 },
        staff: { elementary_teachers: 2, secondary_teachers: 6 },
      },
    ]);
    await db.query(
      `INSERT INTO districts (nces_id, name, state) SELECT lpad((3000000 + n)::text, 7, '0'), 'Generated ' || n, 'AZ' FROM generate_series(1, $1) n`,
      [GENERATED],
    );
    await db.query(
      `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment)
       SELECT lpad((3000000 + n)::text, 7, '0'), $1, 'G0' || (1 + n % 8), 100 + n % 500 FROM generate_series(1, $2) n`,
      [YEAR, GENERATED],
    );
    await db.query(
      `INSERT INTO grade_level_staffing (nces_id, year, category, fte_count)
       SELECT lpad((3000000 + n)::text, 7, '0'), $1, category, 3 + n % 17 FROM generate_series(1, $2) n, (VALUES ('elementary_teachers'), ('counselors')) c(category)`,
      [YEAR, GENERATED],
    );
  }

  const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

  it('a full run writes every current row, in order, as PostgreSQL would', async () => {
    const dir = path.join(out, 'full');
    const run = await calculate(t.db, { year: YEAR, outDir: dir });
    const all = read(dir, 'all_rows.csv');
    expect(all).toBe(await expectedFile(t.db, ''));
    expect(read(dir, 'valid_rows.csv')).toBe(await expectedFile(t.db, ' AND c.valid'));
    expect(parseCsvText(all)).toHaveLength(run.calculations_created);
    expect(all).toContain('0100001,"Comma, District",AL,teachers_only,');
    expect(all).toContain('0100002,"The ""Quoted"" District",AL,');
    expect(all).toContain('0200001,"Line\nBreak District",AK,');
    expect(run.qa_summary!.data_quality.invalid_rows).toBeGreaterThan(0);
  });

  it('an incremental run writes all the current rows, its own and the earlier ones', async () => {
    const full = await calculate(t.db, { year: YEAR, outDir: false });
    await t.db.query(`UPDATE grade_level_enrollment SET enrollment = enrollment + 50 WHERE nces_id = '0100002'`);
    const dir = path.join(out, 'incremental');
    const run = await calculate(t.db, { year: YEAR, incremental: true, outDir: dir });
    expect(run).toMatchObject({ districts_processed: 1, unchanged: false, previous_run_id: full.run_id });
    expect(read(dir, 'all_rows.csv')).toBe(await expectedFile(t.db, ''));
    expect(read(dir, 'valid_rows.csv')).toBe(await expectedFile(t.db, ' AND c.valid'));
  });
});
