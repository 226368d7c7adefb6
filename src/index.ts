/** The lct library: the same operations the CLI uses, typed. */
export type { Database, Queryable, QueryResult, EngineName, TransactionOptions, CopySource } from './db/database.js';
export { openDatabase } from './db/open.js';
export { resolveEngineConfig, type EngineConfig } from './config.js';
export { migrate, migrationStatus, resetDatabase, assertMigrated } from './db/migrate.js';
export { refreshMaterializedViews } from './db/refresh-views.js';
export { LctError, InputError } from './errors.js';
export * from './domain/index.js';
export { calculate, RESULT_VIEWS, type CalculateOptions } from './calculate/calculate.js';
export type { CalculationResult, CalculationRun, OutputFile, QaSummary, RunOptions, RunStatus, RunType, ScopeStatistics, StateScopeStatistics, HierarchyCheck, FlagCount, Outlier } from './calculate/types.js';
export { formatReport } from './calculate/report.js';
export { listRuns, type RunListEntry } from './runs/list-runs.js';
export { getRun } from './runs/get-run.js';
export { diffRuns, type RunDiff, type LctChange, type ChangeReason } from './runs/diff-runs.js';
export { getDistrictsNeedingCalculation, type DistrictNeedingCalculation } from './queries/get-districts-needing-calculation.js';
