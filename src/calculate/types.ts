/** What the calculation engine returns and stores, with the database's snake_case names. */
import type { MinutesPolicy } from '../domain/minutes.js';
import type { QaStatus } from '../domain/lct.js';

export type RunType = 'full' | 'incremental';
export type RunStatus = 'running' | 'completed' | 'failed';

/** What a run was asked to do (`calculation_runs.options`). */
export interface RunOptions {
  minutes_policy: MinutesPolicy;
  /** The version of the calculation rules the run applied (src/calculate/version.ts). */
  rules_version: number;
}

/**
 * One entry of `calculation_runs.output_files`, the contract shared with the export helper:
 * name is one of all_rows, valid_rows, summary_by_scope, summary_by_state, report, qa.
 */
export interface OutputFile {
  name: 'all_rows' | 'valid_rows' | 'summary_by_scope' | 'summary_by_state' | 'report' | 'qa';
  path: string;
  format: 'csv' | 'txt' | 'json';
}

/** A row of `calculation_runs`. */
export interface CalculationRun {
  run_id: string;
  year: string;
  run_type: RunType;
  status: RunStatus;
  districts_processed: number;
  calculations_created: number;
  input_hash: string | null;
  districts_hash: string | null;
  output_files: OutputFile[];
  qa_summary: QaSummary | null;
  started_at: Date;
  completed_at: Date | null;
  duration_seconds: number | null;
  scopes: string[];
  options: RunOptions;
  previous_run_id: string | null;
  error: string | null;
}

export interface ScopeStatistics {
  scope: string;
  /** Valid rows, the ones the statistics describe. */
  count: number;
  mean: number | null;
  median: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
}

export interface StateScopeStatistics extends ScopeStatistics {
  state: string;
}

export interface HierarchyCheck {
  /** e.g. "teachers_secondary < teachers_only": the mean of valid rows of the left scope must be lower. */
  check: string;
  lower: string;
  higher: string;
  lower_mean: number | null;
  higher_mean: number | null;
  /** null when one of the scopes has no valid rows (not calculated in this run). */
  passed: boolean | null;
}

export interface FlagCount {
  flag: string;
  severity: 'error' | 'warning';
  definition: string;
  rows: number;
  districts: number;
}

export interface Outlier {
  district_id: string;
  district_name: string;
  state: string;
  scope: string;
  lct_value: number;
}

/** The QA JSON of a run (file `qa.json` and `calculation_runs.qa_summary`). */
export interface QaSummary {
  run_id: string;
  year: string;
  run_type: RunType;
  generated_at: string;
  minutes_policy: MinutesPolicy;
  scopes: string[];
  /** What the summary describes: the year's current results for the run's scopes after the run. */
  basis: string;
  data_quality: {
    total_rows: number;
    valid_rows: number;
    invalid_rows: number;
    /** Valid rows / all rows, in percent. */
    pass_rate: number;
    districts_with_rows: number;
    rows_with_flags: number;
    rows_with_notes: number;
  };
  flags: FlagCount[];
  scope_summary: ScopeStatistics[];
  hierarchy: HierarchyCheck[];
  state_coverage: {
    states_with_valid_rows: number;
    states_in_districts: number;
    states_without_valid_rows: string[];
  };
  /** Per scope, the lowest and highest valid values. */
  outliers: { scope: string; lowest: Outlier[]; highest: Outlier[] }[];
  overall_status: QaStatus;
  status_reasons: string[];
}

/** What `calculate` returns. */
export interface CalculationResult {
  run_id: string;
  year: string;
  run_type: RunType;
  status: 'completed';
  districts_processed: number;
  calculations_created: number;
  /** True when an incremental run found nothing changed and wrote nothing. */
  unchanged: boolean;
  input_hash: string;
  previous_run_id: string | null;
  output_dir: string | null;
  output_files: OutputFile[];
  qa_summary: QaSummary | null;
  duration_seconds: number;
}
