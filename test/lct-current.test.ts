/**
 * `lct_current` (migration 0006) leaves out the runs a later full run superseded before reading any row.
 * It must show exactly the rows of the plain definition it replaced (0003: per district and scope, the row
 * of the latest completed run that processed the district with that scope), whatever the history: full
 * runs of some scopes, incremental runs, two years, deleted runs, failed runs, new and deleted districts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { type DistrictFixture, insertDistricts, insertStateRequirement } from './helpers/calc-fixtures.js';
import { calculate } from '../src/calculate/calculate.js';
import { STAFF_SCOPES } from '../src/domain/scopes.js';
import type { Queryable } from '../src/db/database.js';

/** The definition of migration 0003, the reference. */
const REFERENCE = `
SELECT c.id
FROM lct_calculations c
JOIN calculation_runs r ON r.run_id = c.run_id AND r.status = 'completed'
WHERE NOT EXISTS (
  SELECT 1
  FROM calculation_district_inputs later_input
  JOIN calculation_runs later ON later.run_id = later_input.run_id
  WHERE later_input.district_id = c.district_id
    AND later.year = c.year
    AND later.status = 'completed'
    AND c.scope = ANY (later.scopes)
    AND (later.completed_at, later.run_id) > (r.completed_at, r.run_id)
)`;

const YEARS = ['2022-23', '2023-24'];
const SCOPES = STAFF_SCOPES.map((s) => s.scope);

/** A small deterministic pseudo-random sequence (the same history on every run of the test). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function districts(ids: readonly number[]): DistrictFixture[] {
  return ids.flatMap((n) =>
    YEARS.map((year) => ({
      id: String(5500000 + n).padStart(7, '0'),
      state: n % 2 ? 'WI' : 'MN',
      year,
      enrollment: { KG: 100 + n * 7, G04: 120, G07: 90 + n, G11: 80 },
      staff: { elementary_teachers: 12 + (n % 5), secondary_teachers: 9, paraprofessionals: 3, other_staff: n % 3 },
    })),
  );
}

async function ids(db: Queryable, sql: string): Promise<number[]> {
  return (await db.query<{ id: string }>(`SELECT id FROM (${sql}) v ORDER BY id`)).rows.map((r) => Number(r.id));
}

describe.each(ENGINES)('lct_current on %s', (engine) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await insertStateRequirement(t.db, 'WI', { elementary: 300, middle: 330, high: 360 });
    await insertStateRequirement(t.db, 'MN', { elementary: 360, middle: 360, high: 360 });
    await insertDistricts(t.db, districts([1, 2, 3, 4, 5, 6, 7, 8]));
  });
  afterAll(() => t.destroy());

  it('shows the rows of the plain definition after every step of a varied history', async () => {
    const next = random(20261125);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
    const someScopes = () => {
      const chosen = SCOPES.filter(() => next() < 0.5);
      return chosen.length ? chosen : [pick(SCOPES)];
    };
    let newDistrict = 9;
    const steps: string[] = [];
    for (let step = 0; step < 30; step++) {
      const year = pick(YEARS);
      const action =
        step < 2
          ? 'full'
          : pick([
              'full',
              'full-some',
              'incremental',
              'incremental',
              'change',
              'delete-run',
              'fail-run',
              'new-district',
              'delete-district',
            ]);
      if (action === 'full') await calculate(t.db, { year, outDir: false });
      if (action === 'full-some') await calculate(t.db, { year, scopes: someScopes(), outDir: false });
      if (action === 'incremental')
        await calculate(t.db, { year, scopes: pick([SCOPES, someScopes()]), incremental: true, outDir: false });
      const districtIds = (
        await t.db.query<{ nces_id: string }>('SELECT nces_id FROM districts ORDER BY nces_id')
      ).rows.map((r) => r.nces_id);
      if (action === 'change') {
        await t.db.query(
          `UPDATE grade_level_enrollment SET enrollment = enrollment + 5 WHERE nces_id = ANY ($1::text[]) AND year = $2`,
          [[pick(districtIds), pick(districtIds)], year],
        );
        await calculate(t.db, { year, incremental: true, outDir: false });
      }
      if (action === 'delete-run') {
        const completed = (
          await t.db.query<{ run_id: string }>(
            `SELECT run_id FROM calculation_runs WHERE status = 'completed' ORDER BY run_id`,
          )
        ).rows;
        await t.db.query('DELETE FROM calculation_runs WHERE run_id = $1', [pick(completed).run_id]);
      }
      if (action === 'fail-run') {
        await t.db.query(
          `INSERT INTO calculation_runs (run_id, year, run_type, status, scopes, started_at) VALUES ($1, $2, 'full', 'failed', $3, now())`,
          [`failed-${step}`, year, SCOPES],
        );
      }
      if (action === 'new-district') await insertDistricts(t.db, districts([newDistrict++]));
      if (action === 'delete-district')
        await t.db.query('DELETE FROM districts WHERE nces_id = $1', [pick(districtIds)]);
      steps.push(`${action} ${year}`);
      expect(await ids(t.db, 'SELECT id FROM lct_current'), steps.join(', ')).toEqual(await ids(t.db, REFERENCE));
    }
    // The history did supersede runs, and left rows of more than one run current.
    const runs = await t.db.query<{ n: number }>(`SELECT count(DISTINCT run_id)::int AS n FROM lct_current`);
    expect(runs.rows[0]!.n).toBeGreaterThan(1);
  });
});
