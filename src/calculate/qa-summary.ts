/**
 * The QA summary of a run, built in one pass over the streamed results (docs/calculation.md): data quality and pass
 * rate, flag counts with their definitions, per-scope and per-state statistics of valid rows (count, mean,
 * median, sample standard deviation, min, max; exact in hundredths, rounded half to even), the hierarchy
 * checks on exact means, state coverage, the lowest and highest values, and the overall status.
 */
import { QA_FLAGS } from '../domain/flags.js';
import { divideHalfEven, QA_PASS_RATE_PERCENT } from '../domain/lct.js';
import type { MinutesPolicy } from '../domain/minutes.js';
import { HIERARCHY_CHECKS } from '../domain/scopes.js';
import type { ResultRecord } from './result-rows.js';
import type {
  FlagCount,
  HierarchyCheck,
  Outlier,
  QaSummary,
  RunType,
  ScopeStatistics,
  StateScopeStatistics,
} from './types.js';

/** How many of the lowest and of the highest valid values per scope the summary lists. */
export const OUTLIERS_PER_SCOPE = 5;

interface ValidRow {
  value: number;
  district_id: string;
  state: string;
}

/** Lower value first (sign 1) or higher first (sign −1); ties by district id. */
const order = (sign: number) => (x: ValidRow, y: ValidRow) =>
  sign * (x.value - y.value) || (x.district_id < y.district_id ? -1 : x.district_id > y.district_id ? 1 : 0);

/** Keeps `list` the OUTLIERS_PER_SCOPE first rows in that order. */
function keepExtreme(list: ValidRow[], row: ValidRow, sign: number): void {
  const compare = order(sign);
  if (list.length === OUTLIERS_PER_SCOPE && compare(row, list[OUTLIERS_PER_SCOPE - 1]!) >= 0) return;
  let i = list.length;
  while (i > 0 && compare(row, list[i - 1]!) < 0) i--;
  list.splice(i, 0, row);
  if (list.length > OUTLIERS_PER_SCOPE) list.pop();
}

/** Values in hundredths; statistics rounded half to even to hundredths, like round_half_even in SQL. */
class Sample {
  readonly values: number[] = [];
  /** Exact: integers well below 2^53 (121,000 values of at most 36,000 hundredths). */
  private total = 0;
  add(value: number) {
    this.values.push(value);
    this.total += value;
  }
  get sum(): bigint {
    return BigInt(this.total);
  }
  /** Exact mean as a fraction, for the hierarchy checks. */
  get mean(): [bigint, bigint] | null {
    return this.values.length ? [this.sum, BigInt(this.values.length)] : null;
  }
  statistics(): Omit<ScopeStatistics, 'scope'> {
    const n = this.values.length;
    if (n === 0) return { count: 0, mean: null, median: null, std: null, min: null, max: null };
    const sorted = Float64Array.from(this.values).sort();
    const middle = n % 2 ? BigInt(sorted[(n - 1) / 2]!) * 2n : BigInt(sorted[n / 2 - 1]!) + BigInt(sorted[n / 2]!);
    let squares = 0n;
    for (const v of this.values) squares += BigInt(v * v);
    // Sample variance in hundredths²: (n Σx² − (Σx)²) / (n (n − 1)).
    const variance = n > 1 ? Number(BigInt(n) * squares - this.sum * this.sum) / (n * (n - 1)) : null;
    const toUnits = (h: bigint | number) => Number(h) / 100;
    return {
      count: n,
      mean: toUnits(divideHalfEven(this.sum, BigInt(n))),
      median: toUnits(divideHalfEven(middle, 2n)),
      std: variance === null ? null : toUnits(Math.round(Math.sqrt(variance))),
      min: toUnits(sorted[0]!),
      max: toUnits(sorted[n - 1]!),
    };
  }
}

export class QaSummaryBuilder {
  private total = 0;
  private valid = 0;
  private withFlags = 0;
  private withNotes = 0;
  private readonly districts = new Set<string>();
  private readonly statesWithValid = new Set<string>();
  private readonly flags = new Map<string, { rows: number; districts: Set<string> }>();
  private readonly byScope = new Map<string, { sample: Sample; lowest: ValidRow[]; highest: ValidRow[] }>();
  private readonly byStateScope = new Map<string, Sample>();

  constructor(private readonly scopes: readonly string[]) {
    for (const scope of scopes) this.byScope.set(scope, { sample: new Sample(), lowest: [], highest: [] });
  }

  add(r: ResultRecord): void {
    this.total++;
    this.districts.add(r.district_id);
    if (r.qa_flags.length) this.withFlags++;
    if (r.has_notes) this.withNotes++;
    for (const flag of r.qa_flags) {
      const f = this.flags.get(flag) ?? { rows: 0, districts: new Set<string>() };
      f.rows++;
      f.districts.add(r.district_id);
      this.flags.set(flag, f);
    }
    if (!r.valid || r.lct_hundredths === null) return;
    this.valid++;
    this.statesWithValid.add(r.state);
    const scope = this.byScope.get(r.scope);
    if (scope) {
      scope.sample.add(r.lct_hundredths);
      const row = { value: r.lct_hundredths, district_id: r.district_id, state: r.state };
      keepExtreme(scope.lowest, row, 1);
      keepExtreme(scope.highest, row, -1);
    }
    const key = `${r.state}\u0000${r.scope}`;
    if (!this.byStateScope.has(key)) this.byStateScope.set(key, new Sample());
    this.byStateScope.get(key)!.add(r.lct_hundredths);
  }

  private extremes(scope: string): { lowest: ValidRow[]; highest: ValidRow[] } {
    const { lowest, highest } = this.byScope.get(scope)!;
    return { lowest, highest };
  }

  /** The districts listed as lowest or highest values, whose names `build` needs. */
  outlierDistrictIds(): string[] {
    const ids = new Set<string>();
    for (const scope of this.scopes) {
      const { lowest, highest } = this.extremes(scope);
      for (const r of [...lowest, ...highest]) ids.add(r.district_id);
    }
    return [...ids];
  }

  build(run: {
    runId: string;
    year: string;
    runType: RunType;
    minutesPolicy: MinutesPolicy;
    statesInDistricts: readonly string[];
    districtNames: ReadonlyMap<string, string>;
  }): {
    qa: QaSummary;
    stateStatistics: StateScopeStatistics[];
  } {
    const flags: FlagCount[] = QA_FLAGS.map((f) => ({
      flag: f.flag,
      severity: f.severity,
      definition: f.definition,
      rows: this.flags.get(f.flag)?.rows ?? 0,
      districts: this.flags.get(f.flag)?.districts.size ?? 0,
    }));
    const scopeSummary: ScopeStatistics[] = this.scopes.map((scope) => ({
      scope,
      ...this.byScope.get(scope)!.sample.statistics(),
    }));
    const summaryOf = (scope: string) => scopeSummary.find((s) => s.scope === scope);
    const hierarchy: HierarchyCheck[] = HIERARCHY_CHECKS.map(([lower, higher]) => {
      const a = this.byScope.get(lower)?.sample.mean ?? null;
      const b = this.byScope.get(higher)?.sample.mean ?? null;
      return {
        check: `${lower} < ${higher}`,
        lower,
        higher,
        lower_mean: summaryOf(lower)?.mean ?? null,
        higher_mean: summaryOf(higher)?.mean ?? null,
        // Exact: a₀/a₁ < b₀/b₁ ⇔ a₀ b₁ < b₀ a₁.
        passed: a === null || b === null ? null : a[0] * b[1] < b[0] * a[1],
      };
    });
    const outlier = (scope: string, r: ValidRow): Outlier => ({
      district_id: r.district_id,
      district_name: run.districtNames.get(r.district_id) ?? '',
      state: r.state,
      scope,
      lct_value: r.value / 100,
    });
    const outliers = this.scopes
      .filter((scope) => this.byScope.get(scope)!.lowest.length > 0)
      .map((scope) => {
        const { lowest, highest } = this.extremes(scope);
        return { scope, lowest: lowest.map((r) => outlier(scope, r)), highest: highest.map((r) => outlier(scope, r)) };
      });
    const stateStatistics: StateScopeStatistics[] = [...this.byStateScope.entries()]
      .map(([key, sample]) => {
        const [state, scope] = key.split('\u0000') as [string, string];
        return { state, scope, ...sample.statistics() };
      })
      .sort((x, y) =>
        x.state < y.state ? -1 : x.state > y.state ? 1 : this.scopes.indexOf(x.scope) - this.scopes.indexOf(y.scope),
      );

    const passRate =
      this.total === 0 ? 0 : Number(divideHalfEven(BigInt(this.valid) * 10_000n, BigInt(this.total))) / 100;
    const reasons: string[] = [];
    if (passRate < QA_PASS_RATE_PERCENT) reasons.push(`pass rate ${passRate}% is below ${QA_PASS_RATE_PERCENT}%`);
    for (const h of hierarchy)
      if (h.passed === false) reasons.push(`hierarchy check failed: ${h.check} (${h.lower_mean} vs ${h.higher_mean})`);
    const qa: QaSummary = {
      run_id: run.runId,
      year: run.year,
      run_type: run.runType,
      generated_at: new Date().toISOString(),
      minutes_policy: run.minutesPolicy,
      scopes: [...this.scopes],
      basis: `all ${run.year} results now current for the run's scopes, earlier runs' included`,
      data_quality: {
        total_rows: this.total,
        valid_rows: this.valid,
        invalid_rows: this.total - this.valid,
        pass_rate: passRate,
        districts_with_rows: this.districts.size,
        rows_with_flags: this.withFlags,
        rows_with_notes: this.withNotes,
      },
      flags,
      scope_summary: scopeSummary,
      hierarchy,
      state_coverage: {
        states_with_valid_rows: this.statesWithValid.size,
        states_in_districts: run.statesInDistricts.length,
        states_without_valid_rows: run.statesInDistricts.filter((s) => !this.statesWithValid.has(s)),
      },
      outliers,
      overall_status: reasons.length === 0 ? 'PASS' : 'WARNING',
      status_reasons: reasons,
    };
    return { qa, stateStatistics };
  }
}
