/**
 * `calculate`: one run of the LCT engine for a year. The run is recorded as running first (committed, so
 * it survives a failure); then one transaction stages every district's inputs, writes the rows, marks the
 * run completed, writes its outputs and refreshes the views: all of it commits together, or the run is
 * marked failed and the earlier results stay current.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database, Queryable } from '../db/database.js';
import { refreshMaterializedViews } from '../db/refresh-views.js';
import { LctError } from '../errors.js';
import { silentProgress } from '../progress.js';
import { type CalculateOptions, resolveOptions } from './options.js';
import { createRun } from './create-run.js';
import { failRun } from './fail-run.js';
import { completeRun, recordRunOutputs } from './complete-run.js';
import { stageDistrictInputs } from './stage-district-inputs.js';
import { fullRunCoveringMarks, clearPendingDistricts, selectDistrictsToProcess, takePendingDistricts } from './select-districts-to-process.js';
import { insertDistrictInputs } from './insert-district-inputs.js';
import { insertCalculations } from './insert-calculations.js';
import { refreshStatisticsIfStale } from './refresh-statistics.js';
import { districtsHashAfterRun, districtsHashOfStaged, runInputHash } from './run-hash.js';
import { streamCurrentResults } from './stream-current-results.js';
import { QaSummaryBuilder } from './qa-summary.js';
import { plannedOutputFiles, ResultRowFiles, writeSummaryFiles } from './write-outputs.js';
import { formatReport } from './report.js';
import { CALCULATION_RULES_VERSION } from './version.js';
import { applyRunSettings } from './run-settings.js';
import type { CalculationResult, OutputFile, QaSummary, RunOptions } from './types.js';

export type { CalculateOptions } from './options.js';

/** Fails early, before any run is recorded, when the year has nothing to calculate from. */
async function assertInputsExist(db: Queryable, year: string): Promise<void> {
  const present = (
    await db.query<{ enrollment: boolean; staffing: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM grade_level_enrollment WHERE year = $1) AS enrollment,
              EXISTS (SELECT 1 FROM grade_level_staffing WHERE year = $1) AS staffing`,
      [year],
    )
  ).rows[0]!;
  if (present.enrollment && present.staffing) return;
  const years = (
    await db.query<{ year: string }>(
      `SELECT year FROM (SELECT DISTINCT year FROM grade_level_enrollment) e JOIN (SELECT DISTINCT year FROM grade_level_staffing) s USING (year) ORDER BY year`,
    )
  ).rows.map((r) => r.year);
  const missing = [!present.enrollment && 'enrollment', !present.staffing && 'staffing'].filter(Boolean).join(' or ');
  throw new LctError(
    `No ${missing} data for ${year}: nothing to calculate.${years.length ? ` Years with both: ${years.join(', ')}.` : ''}`,
    `Import the ${year} NCES CCD files first: lct import ccd <folder with the ${year} membership (052) and staff (059) files>`,
  );
}

interface PreviousRun {
  run_id: string;
  districts_hash: string | null;
  qa_summary: QaSummary | null;
}

async function latestCompletedRun(db: Queryable, year: string): Promise<PreviousRun | null> {
  const result = await db.query<PreviousRun>(
    `SELECT run_id, districts_hash, qa_summary FROM calculation_runs
     WHERE year = $1 AND status = 'completed' ORDER BY completed_at DESC, run_id DESC LIMIT 1`,
    [year],
  );
  return result.rows[0] ?? null;
}

function errorText(error: unknown): string {
  const e = error as { message?: string; hint?: string };
  return [e?.message ?? String(error), e?.hint].filter(Boolean).join(' ');
}

/**
 * The materialized views built on calculation results, refreshed at the end of every run that wrote
 * rows. The others (districts, enrichment) change with imports, not runs: `lct db refresh` does them all.
 */
export const RESULT_VIEWS: readonly string[] = ['mv_lct_summary_stats'];

/** Any number of runs may be recorded at once; one per year runs its transaction at a time. */
const LOCK_KEY = (year: string) => `lct.calculate:${year}`;

export async function calculate(db: Database, options: CalculateOptions): Promise<CalculationResult> {
  const { year, runType, scopes, minutesPolicy } = resolveOptions(options);
  const progress = options.progress ?? silentProgress;
  await assertInputsExist(db, year);
  const runOptions: RunOptions = { minutes_policy: minutesPolicy, rules_version: CALCULATION_RULES_VERSION };
  const { run_id: runId } = await createRun(db, {
    year,
    runType,
    scopes,
    options: runOptions,
    previousRunId: (await latestCompletedRun(db, year))?.run_id ?? null,
  });
  const outDir = options.outDir === false ? null : (options.outDir ?? path.join('outputs', year, runId));
  const written: string[] = [];

  try {
    return await db.transaction(
      async (tx): Promise<CalculationResult> => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY(year)]);
        await applyRunSettings(tx, db.engine);
        const previous = await latestCompletedRun(tx, year);
        await tx.query('UPDATE calculation_runs SET previous_run_id = $2 WHERE run_id = $1', [runId, previous?.run_id ?? null]);

        // Which districts to stage: all of them, or (incremental, when the marks suffice) the marked ones.
        const coveringFullRun = runType === 'incremental' && previous ? await fullRunCoveringMarks(tx, { year, options: runOptions, scopes }) : null;
        const onlyCandidates = coveringFullRun !== null;
        let candidates: number | null = null;
        if (onlyCandidates) {
          candidates = await takePendingDistricts(tx, year);
        } else {
          await clearPendingDistricts(tx, year);
        }

        let staged = 0;
        if (candidates !== 0) {
          progress.begin(`Hashing the inputs of ${onlyCandidates ? 'changed' : 'all'} districts for ${year}`);
          staged = await stageDistrictInputs(tx, { year, policy: minutesPolicy, onlyCandidates });
          progress.end(`${staged.toLocaleString('en-US')} districts staged`);
        }
        const toProcess = runType === 'full' ? staged : staged === 0 ? 0 : await selectDistrictsToProcess(tx, { year, scopes, onlyCandidates });

        if (runType === 'incremental' && toProcess === 0) {
          const districtsHash = onlyCandidates || staged === 0 ? (previous?.districts_hash ?? '') : await districtsHashOfStaged(tx);
          const inputHash = runInputHash(districtsHash, runOptions, scopes);
          await completeRun(tx, { runId, districtsProcessed: 0, calculationsCreated: 0, districtsHash, inputHash });
          const qa = previous?.qa_summary
            ? { ...previous.qa_summary, run_id: runId, run_type: runType, generated_at: new Date().toISOString(), basis: `unchanged since run ${previous.run_id}: the current results are still that run's` }
            : null;
          const duration = await recordRunOutputs(tx, { runId, qaSummary: qa, outputFiles: [] });
          progress.end(`Nothing changed since run ${previous?.run_id}: no rows recalculated.`);
          return {
            run_id: runId, year, run_type: runType, status: 'completed', districts_processed: 0, calculations_created: 0, unchanged: true,
            input_hash: inputHash, previous_run_id: previous?.run_id ?? null, output_dir: null, output_files: [], qa_summary: qa, duration_seconds: duration,
          };
        }

        progress.begin(`Calculating ${toProcess.toLocaleString('en-US')} districts`);
        const listed = runType === 'incremental';
        const recorded = await insertDistrictInputs(tx, { runId, onlyListedDistricts: listed });
        const created = await insertCalculations(tx, { year, runId, scopes, onlyListedDistricts: listed });
        await refreshStatisticsIfStale(tx, { lct_calculations: created, calculation_district_inputs: recorded });
        const districtsHash = coveringFullRun ? await districtsHashAfterRun(tx, { year, runId, sinceFullRun: coveringFullRun }) : await districtsHashOfStaged(tx);
        const inputHash = runInputHash(districtsHash, runOptions, scopes);
        await completeRun(tx, { runId, districtsProcessed: toProcess, calculationsCreated: created, districtsHash, inputHash });
        progress.end(`${created.toLocaleString('en-US')} rows written for ${toProcess.toLocaleString('en-US')} districts`);

        progress.begin(outDir === null ? 'Checking the results' : 'Checking the results and writing the outputs');
        const files: OutputFile[] = outDir === null ? [] : plannedOutputFiles(outDir);
        const rowFiles = outDir === null ? null : new ResultRowFiles(files, (file) => written.push(file));
        const qaBuilder = new QaSummaryBuilder(scopes);
        try {
          await streamCurrentResults(tx, { runId, year, runType, scopes }, {
            onHeader: (line) => rowFiles?.header(line),
            onRow: (record, line) => {
              qaBuilder.add(record);
              rowFiles?.row(line, record.valid);
            },
          }, { batched: db.engine === 'pglite' });
        } finally {
          rowFiles?.close();
        }
        const statesInDistricts = (await tx.query<{ state: string }>('SELECT DISTINCT state FROM districts ORDER BY state')).rows.map((r) => r.state);
        const names = await tx.query<{ nces_id: string; name: string }>('SELECT nces_id, name FROM districts WHERE nces_id = ANY ($1::text[])', [qaBuilder.outlierDistrictIds()]);
        const districtNames = new Map(names.rows.map((r) => [r.nces_id, r.name]));
        const { qa, stateStatistics } = qaBuilder.build({ runId, year, runType, minutesPolicy, statesInDistricts, districtNames });
        const report = formatReport(
          { run_id: runId, year, run_type: runType, status: 'completed', districts_processed: toProcess, calculations_created: created, input_hash: inputHash, previous_run_id: previous?.run_id ?? null, output_files: files, duration_seconds: null, error: null },
          qa,
        );
        if (outDir !== null) writeSummaryFiles(files, { qa, stateStatistics, report }, (file) => written.push(file));
        const duration = await recordRunOutputs(tx, { runId, qaSummary: qa, outputFiles: files });
        progress.end(outDir === null ? `QA ${qa.overall_status}` : `QA ${qa.overall_status}; outputs in ${path.resolve(outDir)}`);

        progress.begin(`Refreshing ${RESULT_VIEWS.join(', ')}`);
        await refreshMaterializedViews(tx, RESULT_VIEWS);
        progress.end();
        return {
          run_id: runId, year, run_type: runType, status: 'completed', districts_processed: toProcess, calculations_created: created, unchanged: false,
          input_hash: inputHash, previous_run_id: previous?.run_id ?? null, output_dir: outDir === null ? null : path.resolve(outDir), output_files: files,
          qa_summary: qa, duration_seconds: duration,
        };
      },
      { source: `calculate:${runId}` },
    );
  } catch (error) {
    await failRun(db, runId, errorText(error)).catch(() => undefined);
    for (const file of written) fs.rmSync(file, { force: true });
    throw error;
  }
}
