/** The lct library: the same operations the CLI uses, typed. */
export type {
  Database,
  Queryable,
  QueryResult,
  QueryOptions,
  EngineName,
  TransactionOptions,
  CopySource,
} from './db/database.js';
export { openDatabase, type OpenOptions } from './db/open.js';
export { resolveEngineConfig, type EngineConfig } from './config.js';
export { migrate, migrationStatus, resetDatabase, assertMigrated } from './db/migrate.js';
export { refreshMaterializedViews } from './db/refresh-views.js';
export {
  SCHEMA,
  listSchema,
  rowSchema,
  type Row,
  type RelationName,
  type RelationKind,
  type RelationListing,
  type ColumnListing,
} from './db/schema.js';
export { LctError, InputError } from './errors.js';
export * from './domain/index.js';
export { inTransaction, inReadSnapshot } from './db/in-transaction.js';

// The query utilities (src/queries: one file per utility, SQL inline) and the campaign.
export { getNextEnrichmentCandidates, type EnrichmentCandidate } from './queries/get-next-enrichment-candidates.js';
export { getStateCampaignProgress, type StateCampaignProgress } from './queries/get-state-campaign-progress.js';
export {
  addBellSchedule,
  type AddBellScheduleOptions,
  type AddedBellSchedule,
  type BellSchedule,
} from './queries/add-bell-schedule.js';
export { getLctSummaryByScope, type LctScopeSummary } from './queries/get-lct-summary-by-scope.js';
export { getDistrictById, type District } from './queries/get-district-by-id.js';
export {
  getDistrictDetails,
  type DistrictDetails,
  type DistrictBellSchedule,
  type DistrictLct,
} from './queries/get-district-details.js';
export { getEnrichmentSummary, type EnrichmentSummary } from './queries/get-enrichment-summary.js';
export { printEnrichmentReport, formatEnrichmentReport } from './queries/print-enrichment-report.js';
export { bulkInsert, type BulkInsertOptions } from './queries/bulk-insert.js';
export { defaultEnrichmentYear, defaultCalculationYear } from './queries/default-year.js';
export { claimNextCandidate, type ClaimOptions } from './queries/claim-next-candidate.js';
export { releaseClaim, type ReleaseOptions } from './queries/release-claim.js';
export { listClaims, type ListClaimsOptions } from './queries/list-claims.js';
export type { CampaignClaim, ClaimedDistrict, ClaimStatus } from './queries/campaign-claim.js';
export { recordCampaignAttempt, type CampaignAttempt, type AttemptInput } from './queries/record-campaign-attempt.js';
export { storeExtraction, type StoreExtractionInput, type StoredExtraction } from './queries/store-extraction.js';

// LCT across years (docs/trends.md): a district's, a state's and the nation's series, and the movers.
export { getDistrictTrend } from './queries/get-district-trend.js';
export { getStateTrend } from './queries/get-state-trend.js';
export { getNationalTrend } from './queries/get-national-trend.js';
export { getMovers, DEFAULT_MOVERS_LIMIT, type MoversOptions } from './queries/get-movers.js';
export {
  trendYear,
  areaTrendYear,
  districtTrend,
  areaTrend,
  mover,
  movers,
  DEFAULT_TREND_SCOPE,
  type TrendYear,
  type AreaTrendYear,
  type DistrictTrend,
  type AreaTrend,
  type Mover,
  type Movers,
  type TrendOptions,
} from './queries/trend-shapes.js';

// Reading bell schedules from pages, PDFs and text (src/extract; docs/campaign.md).
export {
  extractBellSchedules,
  extractFromDocument,
  readDocument,
  type Extraction,
  type ExtractedAnswer,
  type FoundSchedule,
  type ExtractOptions,
} from './extract/extract.js';
export { attemptUrl, attemptDocument, type ExtractionAttempt, type AttemptOutcome } from './extract/attempt.js';
export { fetchDocument, USER_AGENT, type FetchOutcome } from './extract/fetch-document.js';
export { bellScheduleFieldsOf } from './extract/to-bell-schedule.js';

// Export, backup and restore.
export {
  exportBellSchedulesJson,
  formatBellSchedulesJson,
  type BellSchedulesJson,
  type DistrictBellSchedulesJson,
  type BellScheduleLevelJson,
} from './export/export-bell-schedules-json.js';
export {
  exportTablesCsv,
  copyFromExportedCsv,
  type ExportedTable,
  type ExportTablesOptions,
} from './export/export-tables-csv.js';
export { exportQueryCsv, queryCsvChunks } from './export/export-query-csv.js';
export {
  exportRunXlsx,
  type ExportRunXlsxOptions,
  type ExportedWorkbook,
  type RunOutputFile,
} from './export/export-run-xlsx.js';
export { listDataTables, selectDataTables, SCHEMA_TABLES, type TableInfo } from './db/table-catalog.js';
export { CsvRowSplitter } from './export/csv-rows.js';
export { backupDatabase, type BackupOptions, type BackupResult } from './backup/backup-database.js';
export { restoreDatabase, type RestoreOptions, type RestoreResult } from './backup/restore-database.js';
export { backupWithPgDump, restoreWithPsql } from './backup/pg-dump.js';
export { tableChecksums, type TableChecksum } from './backup/table-checksums.js';
export type { BackupHeader } from './backup/backup-format.js';

// Maintenance.
export { getDatabaseSizes, type DatabaseSizes, type RelationSize } from './maintenance/get-database-sizes.js';
export { listIndexes, type IndexInfo } from './maintenance/list-indexes.js';
export { analyzeTables } from './maintenance/analyze-tables.js';
export { vacuumTables, type VacuumOptions } from './maintenance/vacuum-tables.js';
export { explainQuery, type ExplainOptions, type QueryPlan } from './maintenance/explain-query.js';
export { listMaterializedViews, type MaterializedViewInfo } from './maintenance/list-materialized-views.js';
export { calculate, RESULT_VIEWS, type CalculateOptions } from './calculate/calculate.js';
export type {
  CalculationResult,
  CalculationRun,
  OutputFile,
  QaSummary,
  RunOptions,
  RunStatus,
  RunType,
  ScopeStatistics,
  StateScopeStatistics,
  HierarchyCheck,
  FlagCount,
  Outlier,
} from './calculate/types.js';
export { formatReport } from './calculate/report.js';
export { listRuns, type RunListEntry } from './runs/list-runs.js';
export { getRun } from './calculate/get-run.js';
export { diffRuns, type RunDiff, type LctChange, type ChangeReason } from './runs/diff-runs.js';
export {
  getDistrictsNeedingCalculation,
  type DistrictNeedingCalculation,
} from './queries/get-districts-needing-calculation.js';

// The HTTP API (`lct serve`) and the queries behind it.
export {
  apiDocument,
  createApp,
  startServer,
  tokenName,
  buildOpenApiDocument,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type ApiOptions,
  type LctApp,
  type ServerOptions,
  type RunningServer,
  type RouteSpec,
  type ErrorBody,
} from './api/index.js';
export { searchDistricts, type DistrictSearch, type DistrictListItem, type Page } from './queries/search-districts.js';
export {
  getDistrictProfile,
  type DistrictProfile,
  type GradeEnrollment,
  type CategoryStaffing,
  type LineageEntry,
} from './queries/get-district-profile.js';
export {
  listLctResults,
  streamLctResultsCsv,
  MAX_LCT_PAGE_OFFSET,
  type LctResult,
  type LctResultPage,
  type LctResultFilter,
} from './queries/list-lct-results.js';
export {
  summarizeLct,
  type LctStatistics,
  type LctGroupStatistics,
  type LctSummaryRequest,
} from './queries/summarize-lct.js';
export { getLctHistogram, type LctHistogram, type LctHistogramBin } from './queries/get-lct-histogram.js';
export {
  runReadOnlyQuery,
  DEFAULT_QUERY_TIMEOUT_MS,
  DEFAULT_QUERY_ROW_LIMIT,
  type ReadOnlyQueryOptions,
  type ReadOnlyQueryResult,
} from './queries/run-read-only-query.js';
export { getDatabaseOverview, type DatabaseOverview } from './queries/get-database-overview.js';
export { getCurrentLctForDistricts, type CurrentLctValue } from './queries/get-current-lct-for-districts.js';
