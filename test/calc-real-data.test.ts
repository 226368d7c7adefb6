/**
 * Real data: the 17,842 districts of data/real/districts_2023_24_nces.csv, each
 * district's teachers as elementary teachers and all its students in one elementary grade, no minutes
 * data. Every district with both positive must get teachers_only = 360 × teachers / enrollment, rounded
 * half to even; the expectation is computed here with exact integer arithmetic, not by the engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCsvText } from './helpers/csv.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { calculate } from '../src/calculate/calculate.js';
import type { CalculationResult } from '../src/calculate/types.js';

const CSV = path.resolve(PACKAGE_ROOT, 'data', 'real', 'districts_2023_24_nces.csv');
const YEAR = '2023-24';

/** A decimal string with at most `places` decimals as an integer count of 10^-places units. */
function scaled(text: string, places: number): bigint | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const fraction = (m[2] ?? '').padEnd(places, '0');
  if (fraction.length > places && /[1-9]/.test(fraction.slice(places)))
    throw new Error(`${text} has more than ${places} decimals`);
  return BigInt(m[1]!) * 10n ** BigInt(places) + BigInt(fraction.slice(0, places) || '0');
}

/** 360 × teachers / enrollment in hundredths, rounded half to even, as text with two decimals. */
function expectedLct(teachersHundredths: bigint, enrollment: bigint): string {
  const numerator = 360n * teachersHundredths; // LCT × 100 = 360 × (teachers × 100) / enrollment
  let q = numerator / enrollment;
  const twiceRemainder = 2n * (numerator % enrollment);
  if (twiceRemainder > enrollment || (twiceRemainder === enrollment && q % 2n === 1n)) q += 1n;
  const text = q.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

interface CsvDistrict {
  district_id: string;
  enrollment: string;
  instructional_staff: string;
}

describe.each(ENGINES)('real districts on %s', (engine) => {
  let t: TestDatabase;
  let run: CalculationResult;
  const records = parseCsvText(fs.readFileSync(CSV)) as unknown as CsvDistrict[];
  const expected = new Map<string, string>();
  for (const r of records) {
    const enrollment = scaled(r.enrollment, 0);
    const teachers = scaled(r.instructional_staff, 2);
    if (enrollment && teachers && enrollment > 0n && teachers > 0n)
      expected.set(r.district_id.padStart(7, '0'), expectedLct(teachers, enrollment));
  }

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await t.db.transaction(async (tx) => {
      await tx.query(`CREATE TEMP TABLE real_districts (district_id text, district_name text, state text, enrollment text,
        instructional_staff text, year text, data_source text) ON COMMIT DROP`);
      await tx.copyFrom('COPY real_districts FROM STDIN WITH (FORMAT csv, HEADER true)', [fs.readFileSync(CSV)]);
      await tx.query(`INSERT INTO districts (nces_id, name, state, enrollment)
        SELECT lpad(district_id, 7, '0'), district_name, state, nullif(enrollment, '')::numeric::integer FROM real_districts`);
      await tx.query(
        `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment)
        SELECT lpad(district_id, 7, '0'), $1, 'G01', nullif(enrollment, '')::numeric::integer FROM real_districts`,
        [YEAR],
      );
      await tx.query(
        `INSERT INTO grade_level_staffing (nces_id, year, category, fte_count)
        SELECT lpad(district_id, 7, '0'), $1, 'elementary_teachers', nullif(instructional_staff, '')::numeric FROM real_districts`,
        [YEAR],
      );
    });
    run = await calculate(t.db, { year: YEAR, outDir: false });
  }, 600_000);
  afterAll(() => t.destroy());

  it('reads the 17,842 real districts, ids padded to 7 digits', async () => {
    expect(records).toHaveLength(17_842);
    const ids = await t.db.query<{ n: number; short: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE nces_id !~ '^\\d{7}$')::int AS short FROM districts`,
    );
    expect(ids.rows[0]).toEqual({ n: 17_842, short: 0 });
    expect(run.districts_processed).toBe(17_842);
  });

  it('gives teachers_only = 360 × teachers / enrollment, half to even, for every district with both positive', async () => {
    const rows = await t.db.query<{ district_id: string; lct: string; minutes_source: string }>(
      `SELECT district_id, lct_value::text AS lct, minutes_source FROM lct_calculations WHERE run_id = $1 AND scope = 'teachers_only'`,
      [run.run_id],
    );
    const actual = new Map(rows.rows.map((r) => [r.district_id, r.lct]));
    expect(actual.size).toBe(expected.size);
    const wrong = [...expected].filter(([id, lct]) => actual.get(id) !== lct).slice(0, 5);
    expect(wrong.map(([id, lct]) => `${id}: expected ${lct}, got ${actual.get(id)}`)).toEqual([]);
    expect(new Set(rows.rows.map((r) => r.minutes_source))).toEqual(new Set(['default']));
    expect(actual.get('0100005')).toBe(expected.get('0100005'));
  });

  it('teachers_elementary agrees (all students and teachers are elementary) and no district gets a secondary row', async () => {
    const rows = await t.db.query<{ scope: string; n: number; differing: number }>(
      `SELECT e.scope, count(*)::int AS n, count(*) FILTER (WHERE e.lct_value IS DISTINCT FROM o.lct_value)::int AS differing
       FROM lct_calculations e JOIN lct_calculations o ON o.run_id = e.run_id AND o.district_id = e.district_id AND o.scope = 'teachers_only'
       WHERE e.run_id = $1 AND e.scope IN ('teachers_elementary', 'teachers_secondary') GROUP BY e.scope`,
      [run.run_id],
    );
    expect(rows.rows).toEqual([{ scope: 'teachers_elementary', n: expected.size, differing: 0 }]);
  });
});
