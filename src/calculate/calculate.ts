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
import { failInterruptedRuns } from './fail-interrupted-runs.js';
import { completeRun, recordRunOutputs } from './complete-run.js';
import { stageDistrictInputs } from './stage-district-inputs.js';
import {
  fullRunCoveringMarks,
  clearPendingDistricts,
  selectDistrictsToProcess,
  takePendingDistricts,
} from './select-districts-to-process.js';
import { insertDistrictInputs } from './insert-district-inputs.js';
import { insertAndStreamCalculations, insertCalculations } from './insert-calculations.js';
import { refreshStatisticsIfStale } from './refresh-statistics.js';
import { refreshAreaTrends } from './refresh-area-trends.js';
import { districtsHashAfterRun, districtsHashOfStaged, runInputHash } from './run-hash.js';
import { streamCurrentResults } from './stream-current-results.js';
import { type DistrictLabels, readDistrictLabels, RESULT_HEADER, type ResultRowHandler } from './result-rows.js';
import { QaSummaryBuilder } from './qa-summary.js';
import { plannedOutputFiles, ResultRowFiles, writeSummaryFiles } from './write-outputs.js';
import { formatReport } from './report.js';
import { CALCULATION_RULES_VERSION } from './version.js';
import { applyRunSettings } from './run-settings.js';
import type { CalculationResult, OutputFile, QaSummary, RunOptions, RunType } from './types.js';
import { BELL_SCHEDULE_YEAR_RULE, type MinutesPolicy } from '../domain/minutes.js';
import type { ProgressSink } from '../progress.js';

export type { CalculateOptions } from './options.js';

/** Fails early, before any run is recorded, when the year has nothing to calculate from. */
async function assertInputsExist(db: Queryable, year: string): Promise<void> {
  const present = (
    await db.query<{ enrollment: boolean; staffing: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM input_years WHERE table_name = 'grade_level_enrollment' AND year = $1) AS enrollment,
              EXISTS (SELECT 1 FROM input_years WHERE table_name = 'grade_level_staffing' AND year = $1) AS staffing`,
      [year],
    )
  ).rows[0]!;
  if (present.enrollment && present.staffing) return;
  const years = (
    await db.query<{ year: string }>(
      `SELECT year FROM input_years WHERE table_name = 'grade_level_enrollment'
       INTERSECT SELECT year FROM input_years WHERE table_name = 'grade_level_staffing' ORDER BY year`,
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

interface RunContext {
  tx: Queryable;
  engine: Database['engine'];
  runId: string;
  year: string;
  runType: RunType;
  scopes: string[];
  minutesPolicy: MinutesPolicy;
  runOptions: RunOptions;
  previous: PreviousRun | null;
  progress: ProgressSink;
}

/**
 * Stages the districts to look at (all, or for an incremental run whose marks suffice, the marked ones)
 * and picks those to recalculate (a full run: all of them).
 */
async function chooseDistricts(
  c: RunContext,
): Promise<{ staged: number; toProcess: number; coveringFullRun: string | null }> {
  const coveringFullRun =
    c.runType === 'incremental' && c.previous
      ? await fullRunCoveringMarks(c.tx, { year: c.year, options: c.runOptions, scopes: c.scopes })
      : null;
  const onlyCandidates = coveringFullRun !== null;
  if (onlyCandidates) {
    if ((await takePendingDistricts(c.tx, c.year)) === 0) return { staged: 0, toProcess: 0, coveringFullRun };
  } else {
    await clearPendingDistricts(c.tx, c.year);
  }
  c.progress.begin(`Hashing the inputs of ${onlyCandidates ? 'changed' : 'all'} districts for ${c.year}`);
  const staged = await stageDistrictInputs(c.tx, { year: c.year, policy: c.minutesPolicy, onlyCandidates });
  c.progress.end(`${staged.toLocaleString('en-US')} districts staged`);
  const toProcess =
    c.runType === 'full'
      ? staged
      : await selectDistrictsToProcess(c.tx, { year: c.year, scopes: c.scopes, onlyCandidates });
  return { staged, toProcess, coveringFullRun };
}

/** An incremental run that found nothing to recalculate: completed, no rows, the current results' QA. */
async function completeUnchanged(c: RunContext, districtsHash: string): Promise<CalculationResult> {
  const inputHash = runInputHash(districtsHash, c.runOptions, c.scopes);
  await completeRun(c.tx, { runId: c.runId, districtsProcessed: 0, calculationsCreated: 0, districtsHash, inputHash });
  const qa = c.previous?.qa_summary
    ? {
        ...c.previous.qa_summary,
        run_id: c.runId,
        run_type: c.runType,
        generated_at: new Date().toISOString(),
        basis: `unchanged since run ${c.previous.run_id}, whose results are still current`,
      }
    : null;
  const duration = await recordRunOutputs(c.tx, { runId: c.runId, qaSummary: qa, outputFiles: [] });
  c.progress.end(`Nothing changed since run ${c.previous?.run_id}: no rows recalculated.`);
  return {
    run_id: c.runId,
    year: c.year,
    run_type: c.runType,
    status: 'completed',
    districts_processed: 0,
    calculations_created: 0,
    unchanged: true,
    input_hash: inputHash,
    previous_run_id: c.previous?.run_id ?? null,
    output_dir: null,
    output_files: [],
    qa_summary: qa,
    duration_seconds: duration,
  };
}

/**
 * Where result rows go as they stream past, once: the QA summary and, when there is a folder, the
 * all-rows and valid-rows files.
 */
class ResultOutputs {
  readonly files: OutputFile[];
  readonly qaBuilder: QaSummaryBuilder;
  private readonly rowFiles: ResultRowFiles | null;

  constructor(
    scopes: readonly string[],
    readonly outDir: string | null,
    written: string[],
  ) {
    this.files = outDir === null ? [] : plannedOutputFiles(outDir);
    this.rowFiles = outDir === null ? null : new ResultRowFiles(this.files, (file) => written.push(file));
    this.rowFiles?.header(RESULT_HEADER);
    this.qaBuilder = new QaSummaryBuilder(scopes);
  }

  readonly onRow: ResultRowHandler = (record, line) => {
    this.qaBuilder.add(record);
    this.rowFiles?.row(line, record.valid);
  };

  close() {
    this.rowFiles?.close();
  }
}

/**
 * Writes the rows and district hashes of the districts to process, and marks the run completed. A full
 * run's rows go to `outputs` as they are inserted; an incremental run's outputs describe all the current
 * rows, read once it has written its own.
 */
async function writeResults(
  c: RunContext,
  run: { toProcess: number; coveringFullRun: string | null; labels: DistrictLabels; outputs: ResultOutputs },
): Promise<{ created: number; inputHash: string }> {
  const { toProcess, coveringFullRun, labels, outputs } = run;
  const listed = c.runType === 'incremental';
  c.progress.begin(
    `Calculating ${toProcess.toLocaleString('en-US')} districts${listed || outputs.outDir === null ? '' : ' and writing the rows'}`,
  );
  const recorded = await insertDistrictInputs(c.tx, { runId: c.runId, onlyListedDistricts: listed });
  const created = listed
    ? await insertCalculations(c.tx, { year: c.year, runId: c.runId, scopes: c.scopes, onlyListedDistricts: true })
    : await insertAndStreamCalculations(
        c.tx,
        { year: c.year, runId: c.runId, scopes: c.scopes, labels, batched: c.engine === 'pglite' },
        outputs.onRow,
      );
  await refreshStatisticsIfStale(c.tx, { lct_calculations: created, calculation_district_inputs: recorded });
  const districtsHash = coveringFullRun
    ? await districtsHashAfterRun(c.tx, { year: c.year, runId: c.runId, sinceFullRun: coveringFullRun })
    : await districtsHashOfStaged(c.tx);
  const inputHash = runInputHash(districtsHash, c.runOptions, c.scopes);
  await completeRun(c.tx, {
    runId: c.runId,
    districtsProcessed: toProcess,
    calculationsCreated: created,
    districtsHash,
    inputHash,
  });
  c.progress.end(`${created.toLocaleString('en-US')} rows written for ${toProcess.toLocaleString('en-US')} districts`);
  if (listed) {
    c.progress.begin(outputs.outDir === null ? 'Checking the results' : 'Checking the results and writing the rows');
    const current = await streamCurrentResults(c.tx, { year: c.year, scopes: c.scopes }, labels, outputs.onRow);
    c.progress.end(
      `${current.toLocaleString('en-US')} current rows checked${outputs.outDir === null ? '' : ' and written'}`,
    );
  }
  return { created, inputHash };
}

/** The QA summary of the rows seen, the summary files and the report, recorded on the run. */
async function summariseAndWrite(
  c: RunContext,
  run: {
    districtsProcessed: number;
    created: number;
    inputHash: string;
    labels: DistrictLabels;
    outputs: ResultOutputs;
    written: string[];
  },
): Promise<{ qa: QaSummary; duration: number }> {
  const { outDir, files, qaBuilder } = run.outputs;
  c.progress.begin('Summarising the results');
  const statesInDistricts = [...new Set([...run.labels.values()].map((l) => l.state))].sort();
  const names = await c.tx.query<{ nces_id: string; name: string }>(
    'SELECT nces_id, name FROM districts WHERE nces_id = ANY ($1::text[])',
    [qaBuilder.outlierDistrictIds()],
  );
  const districtNames = new Map(names.rows.map((r) => [r.nces_id, r.name]));
  const { qa, stateStatistics } = qaBuilder.build({
    runId: c.runId,
    year: c.year,
    runType: c.runType,
    minutesPolicy: c.minutesPolicy,
    statesInDistricts,
    districtNames,
  });
  const report = formatReport(
    {
      run_id: c.runId,
      year: c.year,
      run_type: c.runType,
      status: 'completed',
      districts_processed: run.districtsProcessed,
      calculations_created: run.created,
      input_hash: run.inputHash,
      previous_run_id: c.previous?.run_id ?? null,
      output_files: files,
      duration_seconds: null,
      error: null,
    },
    qa,
  );
  if (outDir !== null) writeSummaryFiles(files, { qa, stateStatistics, report }, (file) => run.written.push(file));
  const duration = await recordRunOutputs(c.tx, { runId: c.runId, qaSummary: qa, outputFiles: files });
  c.progress.end(
    outDir === null ? `QA ${qa.overall_status}` : `QA ${qa.overall_status}; outputs in ${path.resolve(outDir)}`,
  );
  return { qa, duration };
}

export async function calculate(db: Database, options: CalculateOptions): Promise<CalculationResult> {
  const { year, runType: requested, scopes, minutesPolicy } = resolveOptions(options);
  const progress = options.progress ?? silentProgress;
  await assertInputsExist(db, year);
  await failInterruptedRuns(db);
  const runOptions: RunOptions = {
    minutes_policy: minutesPolicy,
    rules_version: CALCULATION_RULES_VERSION,
    bell_schedule_rule: BELL_SCHEDULE_YEAR_RULE,
  };
  const previousRunId = (await latestCompletedRun(db, year))?.run_id ?? null;
  // With no completed run of the year, an incremental run has nothing to build on: it is a full run.
  const runType: RunType = requested === 'incremental' && previousRunId === null ? 'full' : requested;
  const { run_id: runId } = await createRun(db, { year, runType, scopes, options: runOptions, previousRunId });
  const outDir = options.outDir === false ? null : (options.outDir ?? path.join('outputs', year, runId));
  const written: string[] = [];

  try {
    return await db.transaction(
      async (tx): Promise<CalculationResult> => {
        // The row lock says "alive" to failInterruptedRuns for as long as this transaction lasts.
        await tx.query('SELECT 1 FROM calculation_runs WHERE run_id = $1 FOR UPDATE', [runId]);
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY(year)]);
        await applyRunSettings(tx, db.engine);
        const previous = await latestCompletedRun(tx, year);
        await tx.query('UPDATE calculation_runs SET previous_run_id = $2 WHERE run_id = $1', [
          runId,
          previous?.run_id ?? null,
        ]);
        const c: RunContext = {
          tx,
          engine: db.engine,
          runId,
          year,
          runType,
          scopes,
          minutesPolicy,
          runOptions,
          previous,
          progress,
        };

        const { staged, toProcess, coveringFullRun } = await chooseDistricts(c);
        if (runType === 'incremental' && toProcess === 0) {
          // Marks suffice (or none were taken): the previous run's hash still describes every district.
          return completeUnchanged(
            c,
            coveringFullRun || staged === 0 ? (previous?.districts_hash ?? '') : await districtsHashOfStaged(tx),
          );
        }
        const labels = await readDistrictLabels(tx);
        const outputs = new ResultOutputs(scopes, outDir, written);
        let results: { created: number; inputHash: string };
        try {
          results = await writeResults(c, { toProcess, coveringFullRun, labels, outputs });
        } finally {
          outputs.close();
        }
        const { created, inputHash } = results;
        const { qa, duration } = await summariseAndWrite(c, {
          districtsProcessed: toProcess,
          created,
          inputHash,
          labels,
          outputs,
          written,
        });
        const files = outputs.files;

        progress.begin('Summarizing the year per state and for the nation (lct_area_trends, lct_result_counts)');
        await refreshAreaTrends(tx, { year, runId, runType, scopes });
        progress.end();
        if (options.refreshViews !== false) {
          progress.begin(`Refreshing ${RESULT_VIEWS.join(', ')}`);
          await refreshMaterializedViews(tx, RESULT_VIEWS);
          progress.end();
        }
        return {
          run_id: runId,
          year,
          run_type: runType,
          status: 'completed',
          districts_processed: toProcess,
          calculations_created: created,
          unchanged: false,
          input_hash: inputHash,
          previous_run_id: previous?.run_id ?? null,
          output_dir: outDir === null ? null : path.resolve(outDir),
          output_files: files,
          qa_summary: qa,
          duration_seconds: duration,
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
