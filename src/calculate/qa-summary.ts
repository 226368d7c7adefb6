/**
 * The QA summary of a run, over the staged results (`calc_results`): data quality and pass rate, flag
 * counts with their definitions, per-scope and per-state statistics of valid rows, the hierarchy checks,
 * state coverage, the lowest and highest values, and the overall status (DOMAIN.md).
 */
import type { Queryable } from '../db/database.js';
import { QA_FLAGS } from '../domain/flags.js';
import { LCT_DECIMALS, QA_PASS_RATE_PERCENT } from '../domain/lct.js';
import { HIERARCHY_CHECKS } from '../domain/scopes.js';
import type { MinutesPolicy } from '../domain/minutes.js';
import { RESULTS_TABLE } from './current-results.js';
import type { FlagCount, HierarchyCheck, Outlier, QaSummary, RunType, ScopeStatistics, StateScopeStatistics } from './types.js';

/** How many of the lowest and of the highest valid values per scope the summary lists. */
export const OUTLIERS_PER_SCOPE = 5;

const STATISTICS = `count(*)::int AS count,
       round_half_even(avg(lct_value), ${LCT_DECIMALS}) AS mean,
       round_half_even((percentile_cont(0.5) WITHIN GROUP (ORDER BY lct_value))::numeric, ${LCT_DECIMALS}) AS median,
       round_half_even(stddev_samp(lct_value), ${LCT_DECIMALS}) AS std,
       min(lct_value) AS min, max(lct_value) AS max`;

export interface QaResult {
  qa: QaSummary;
  stateStatistics: StateScopeStatistics[];
}

export async function buildQaSummary(
  tx: Queryable,
  run: { runId: string; year: string; runType: RunType; scopes: readonly string[]; minutesPolicy: MinutesPolicy },
): Promise<QaResult> {
  const quality = (
    await tx.query<{ total_rows: number; valid_rows: number; districts_with_rows: number; rows_with_flags: number; rows_with_notes: number; states_with_valid_rows: number }>(
      `SELECT count(*)::int AS total_rows, count(*) FILTER (WHERE valid)::int AS valid_rows,
              count(DISTINCT district_id)::int AS districts_with_rows,
              count(*) FILTER (WHERE cardinality(qa_flags) > 0)::int AS rows_with_flags,
              count(*) FILTER (WHERE notes IS NOT NULL)::int AS rows_with_notes,
              count(DISTINCT state) FILTER (WHERE valid)::int AS states_with_valid_rows
       FROM ${RESULTS_TABLE}`,
    )
  ).rows[0]!;
  const flagRows = await tx.query<{ flag: string; rows: number; districts: number }>(
    `SELECT f AS flag, count(*)::int AS rows, count(DISTINCT district_id)::int AS districts
     FROM ${RESULTS_TABLE}, unnest(qa_flags) f GROUP BY f`,
  );
  const flagCounts = new Map(flagRows.rows.map((r) => [r.flag, r]));
  const flags: FlagCount[] = QA_FLAGS.map((f) => ({
    flag: f.flag,
    severity: f.severity,
    definition: f.definition,
    rows: flagCounts.get(f.flag)?.rows ?? 0,
    districts: flagCounts.get(f.flag)?.districts ?? 0,
  }));

  const scopeRows = await tx.query<ScopeStatistics & { exact_mean: number | null }>(
    `SELECT scope, ${STATISTICS}, avg(lct_value)::float8 AS exact_mean
     FROM ${RESULTS_TABLE} WHERE valid GROUP BY scope`,
  );
  const byScope = new Map(scopeRows.rows.map((r) => [r.scope, r]));
  const scopeSummary: ScopeStatistics[] = run.scopes.map((scope) => {
    const r = byScope.get(scope);
    return { scope, count: r?.count ?? 0, mean: r?.mean ?? null, median: r?.median ?? null, std: r?.std ?? null, min: r?.min ?? null, max: r?.max ?? null };
  });

  const hierarchy: HierarchyCheck[] = HIERARCHY_CHECKS.map(([lower, higher]) => {
    const lowerMean = byScope.get(lower)?.exact_mean ?? null;
    const higherMean = byScope.get(higher)?.exact_mean ?? null;
    return {
      check: `${lower} < ${higher}`,
      lower,
      higher,
      lower_mean: byScope.get(lower)?.mean ?? null,
      higher_mean: byScope.get(higher)?.mean ?? null,
      passed: lowerMean === null || higherMean === null ? null : lowerMean < higherMean,
    };
  });

  const stateStatistics = (
    await tx.query<StateScopeStatistics>(
      `SELECT state, scope, ${STATISTICS} FROM ${RESULTS_TABLE} WHERE valid GROUP BY state, scope_order, scope ORDER BY state, scope_order`,
    )
  ).rows;
  const statesInDistricts = (await tx.query<{ state: string }>('SELECT DISTINCT state FROM districts ORDER BY state')).rows.map((r) => r.state);
  const statesWithValid = new Set(stateStatistics.map((s) => s.state));

  const outlierRows = await tx.query<Outlier & { low_rank: number; high_rank: number }>(
    `SELECT scope, district_id, district_name, state, lct_value, low_rank, high_rank FROM (
       SELECT scope, district_id, district_name, state, lct_value,
              row_number() OVER (PARTITION BY scope ORDER BY lct_value, district_id) AS low_rank,
              row_number() OVER (PARTITION BY scope ORDER BY lct_value DESC, district_id) AS high_rank
       FROM ${RESULTS_TABLE} WHERE valid
     ) ranked
     WHERE low_rank <= $1 OR high_rank <= $1`,
    [OUTLIERS_PER_SCOPE],
  );
  const outlier = ({ district_id, district_name, state, scope, lct_value }: Outlier): Outlier => ({ district_id, district_name, state, scope, lct_value });
  const outliers = run.scopes
    .filter((scope) => byScope.has(scope))
    .map((scope) => {
      const rows = outlierRows.rows.filter((r) => r.scope === scope);
      return {
        scope,
        lowest: rows.filter((r) => r.low_rank <= OUTLIERS_PER_SCOPE).sort((a, b) => a.low_rank - b.low_rank).map(outlier),
        highest: rows.filter((r) => r.high_rank <= OUTLIERS_PER_SCOPE).sort((a, b) => a.high_rank - b.high_rank).map(outlier),
      };
    });

  const passRate = quality.total_rows === 0 ? 0 : Math.round((10_000 * quality.valid_rows) / quality.total_rows) / 100;
  const reasons: string[] = [];
  if (passRate < QA_PASS_RATE_PERCENT) reasons.push(`pass rate ${passRate}% is below ${QA_PASS_RATE_PERCENT}%`);
  for (const h of hierarchy) if (h.passed === false) reasons.push(`hierarchy check failed: ${h.check} (${h.lower_mean} vs ${h.higher_mean})`);

  const qa: QaSummary = {
    run_id: run.runId,
    year: run.year,
    run_type: run.runType,
    generated_at: new Date().toISOString(),
    minutes_policy: run.minutesPolicy,
    scopes: [...run.scopes],
    basis: `current results of ${run.year} for the run's scopes after the run (lct_current)`,
    data_quality: {
      total_rows: quality.total_rows,
      valid_rows: quality.valid_rows,
      invalid_rows: quality.total_rows - quality.valid_rows,
      pass_rate: passRate,
      districts_with_rows: quality.districts_with_rows,
      rows_with_flags: quality.rows_with_flags,
      rows_with_notes: quality.rows_with_notes,
    },
    flags,
    scope_summary: scopeSummary,
    hierarchy,
    state_coverage: {
      states_with_valid_rows: quality.states_with_valid_rows,
      states_in_districts: statesInDistricts.length,
      states_without_valid_rows: statesInDistricts.filter((s) => !statesWithValid.has(s)),
    },
    outliers,
    overall_status: reasons.length === 0 ? 'PASS' : 'WARNING',
    status_reasons: reasons,
  };
  return { qa, stateStatistics };
}
