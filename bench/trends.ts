/**
 * LCT across years at national size, on the server: eight national years (2016-17 to 2023-24: the 2023-24
 * year of national-year.ts, and seven earlier ones derived from it, each district's enrollment and staff
 * moved by up to ±10%). Calculating the eight against calculating one (it must scale linearly),
 * recalculating them with nothing changed, and the district, state and national trends and the movers.
 */
import type { Database } from '../src/db/database.js';
import { calculate } from '../src/calculate/calculate.js';
import { calculateYears } from '../src/calculate/calculate-years.js';
import { STAFF_SCOPES } from '../src/domain/scopes.js';
import { schoolYearRange } from '../src/domain/years.js';
import { getDistrictTrend } from '../src/queries/get-district-trend.js';
import { getStateTrend } from '../src/queries/get-state-trend.js';
import { getNationalTrend } from '../src/queries/get-national-trend.js';
import { getMovers } from '../src/queries/get-movers.js';
import { type BenchResult, median, percentile, serverDatabase, time } from './lib.js';
import { NATIONAL_YEAR, loadNationalYear } from './national-year.js';

export const TREND_YEARS = schoolYearRange('2016-17..2023-24')!;
const SEVEN_SCOPES = STAFF_SCOPES.map((s) => s.scope);

/** The seven years before NATIONAL_YEAR, each district's figures moved by a stable ±10% per year. */
export async function deriveEarlierYears(db: Database): Promise<void> {
  for (const year of TREND_YEARS.filter((y) => y !== NATIONAL_YEAR)) {
    await db.transaction(
      async (tx) => {
        const factor = (key: string) => `(1 + ((abs(hashtext(${key} || $1::text)) % 201) - 100) / 1000.0)`;
        await tx.query(
          `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment)
           SELECT nces_id, $1::text, grade, round(enrollment * ${factor('nces_id')})::integer
           FROM grade_level_enrollment WHERE year = $2`,
          [year, NATIONAL_YEAR],
        );
        await tx.query(
          `INSERT INTO grade_level_staffing (nces_id, year, category, fte_count)
           SELECT nces_id, $1::text, category, round(fte_count * ${factor("nces_id || 'staff'")}, 2)
           FROM grade_level_staffing WHERE year = $2`,
          [year, NATIONAL_YEAR],
        );
      },
      { source: 'bench:trend-years' },
    );
  }
  await db.query('ANALYZE');
}

async function p95(samples: number, fn: (i: number) => Promise<unknown>): Promise<{ p95: number; median: number }> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) ms.push((await time(() => fn(i))).seconds * 1000);
  return { p95: percentile(ms, 95), median: median(ms) };
}

export async function benchTrends(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const server = await serverDatabase();
  const db = server.db;
  try {
    await loadNationalYear(db);
    await deriveEarlierYears(db);
    const options = { scopes: SEVEN_SCOPES, outDir: false as const };

    // One year alone first (every other year has data but no run yet), then the eight, each a full run.
    const one = await time(() => calculate(db, { ...options, year: NATIONAL_YEAR }));
    const eight = await time(() => calculateYears(db, { ...options, years: TREND_YEARS }));
    const ratio = eight.seconds / one.seconds;
    results.push({
      name: 'calculate eight national years (full runs, 7 scopes, no files)',
      measured: `${eight.seconds.toFixed(1)} s`,
      baseline: `${one.seconds.toFixed(1)} s one year`,
      ratio,
      target: '≤ 8.5×',
      pass: ratio <= 8.5,
    });

    const again = await time(() => calculateYears(db, { ...options, years: 'all', incremental: true }));
    if (again.value.results.some((r) => !r.unchanged)) throw new Error('a no-change run recalculated something');
    results.push({
      name: 'recalculate eight years, nothing changed (8 incremental runs)',
      measured: `${again.seconds.toFixed(2)} s`,
      target: '≤ 1 s in all',
      pass: again.seconds <= 1,
    });

    const ids = (
      await db.query<{ nces_id: string }>(
        `SELECT nces_id FROM districts WHERE enrollment > 0 ORDER BY hashtext(nces_id) LIMIT 300`,
      )
    ).rows.map((r) => r.nces_id);
    await getDistrictTrend(db, ids[0]!); // the first call plans the statements
    const district = await p95(ids.length, (i) => getDistrictTrend(db, ids[i]!));
    results.push({
      name: `district trend, 8 years, p95 of ${ids.length} districts (server)`,
      measured: `${district.p95.toFixed(1)} ms (median ${district.median.toFixed(1)} ms)`,
      target: '≤ 10 ms',
      pass: district.p95 <= 10,
    });

    const states = (await db.query<{ state: string }>('SELECT DISTINCT state FROM districts ORDER BY state')).rows.map(
      (r) => r.state,
    );
    await getStateTrend(db, states[0]!);
    const state = await p95(states.length * 2, (i) => getStateTrend(db, states[i % states.length]!));
    results.push({
      name: `state trend, 8 years, p95 over ${states.length} states twice (server)`,
      measured: `${state.p95.toFixed(1)} ms (median ${state.median.toFixed(1)} ms)`,
      target: '≤ 10 ms',
      pass: state.p95 <= 10,
    });

    const nation = await p95(5, () => getNationalTrend(db));
    results.push({ name: 'national trend, 8 years (server)', measured: `${nation.median.toFixed(0)} ms median of 5` });
    const movers = await p95(3, () => getMovers(db, { from: TREND_YEARS[0], to: NATIONAL_YEAR }));
    results.push({
      name: `movers ${TREND_YEARS[0]} → ${NATIONAL_YEAR}, nation (server)`,
      measured: `${movers.median.toFixed(0)} ms median of 3`,
    });
  } finally {
    await server.drop();
  }
  return results;
}
