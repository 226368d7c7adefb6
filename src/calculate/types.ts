/** What the calculation engine returns and stores, with the database's snake_case names. */
import type { z } from 'zod';
import type {
  Row,
  flagCount,
  hierarchyCheck,
  outlier,
  outputFile,
  qaSummary,
  runOptions,
  scopeStatistics,
} from '../db/schema.js';

export type RunType = 'full' | 'incremental';
export type RunStatus = 'running' | 'completed' | 'failed';

/**
 * The run's row and its JSON columns (options, output files, QA summary) are described once, in the
 * schema module; these are their TypeScript types.
 */
export type RunOptions = Required<z.output<typeof runOptions>>;

/** One entry of `calculation_runs.output_files`, the contract shared with the export helper. */
export type OutputFile = z.output<typeof outputFile>;

/** A row of `calculation_runs`. */
export type CalculationRun = Row<'calculation_runs'>;

export type ScopeStatistics = z.output<typeof scopeStatistics>;

export interface StateScopeStatistics extends ScopeStatistics {
  state: string;
}

export type HierarchyCheck = z.output<typeof hierarchyCheck>;

export type FlagCount = z.output<typeof flagCount>;

export type Outlier = z.output<typeof outlier>;

/** The QA JSON of a run (file `qa.json` and `calculation_runs.qa_summary`). */
export type QaSummary = z.output<typeof qaSummary>;

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
