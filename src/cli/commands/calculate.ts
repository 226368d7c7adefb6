/**
 * `lct calculate`: one calculation run for a year (full or incremental), its report and outputs; with
 * `--years a..b` or `--all-years`, one run per year that has data.
 */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson, formatTable } from '../output.js';
import { LctError } from '../../errors.js';
import type { Database } from '../../db/database.js';

interface CalculateCliOptions {
  year?: string;
  years?: string;
  allYears?: boolean;
  incremental?: boolean;
  scopes?: string;
  minutesPolicy?: string;
  out?: string;
  outputs?: boolean;
  json?: boolean;
}

export function registerCalculateCommand(program: Command): void {
  program
    .command('calculate')
    .description('Calculate LCT for every district of a year: all scopes, QA flags, a run record, outputs and report')
    .option('--year <year>', 'school year, e.g. 2023-24')
    .option('--years <from..to>', 'every year of a range that has enrollment and staffing, e.g. 2016-17..2024-25')
    .option('--all-years', 'every year that has enrollment and staffing')
    .option(
      '--incremental',
      'recalculate only the districts whose inputs changed since the last completed run of the year',
    )
    .option('--scopes <list>', 'comma-separated scopes (default: all)')
    .option(
      '--minutes-policy <policy>',
      'weighted (per level, enrollment-weighted) or high (the high-school minutes for every scope)',
      'weighted',
    )
    .option('--out <dir>', 'output folder (default: ./outputs/<year>/<run_id>/)')
    .option('--no-outputs', 'write no output files')
    .option('--json', 'print the run as JSON')
    .action(async (opts: CalculateCliOptions, command: Command) => {
      await withDatabase(command, async (db) => {
        const { calculate } = await import('../../calculate/calculate.js');
        const { formatReport } = await import('../../calculate/report.js');
        const { getRun } = await import('../../calculate/get-run.js');
        const { terminalProgress } = await import('../progress.js');
        const chosen = [opts.year, opts.years, opts.allYears].filter((o) => o !== undefined).length;
        if (chosen !== 1)
          throw new LctError(
            chosen === 0 ? 'Which year? Nothing to calculate.' : 'Give one of --year, --years or --all-years.',
            'lct calculate --year 2023-24 (or --years 2016-17..2024-25, or --all-years)',
          );
        if (opts.year === undefined) return calculateSeveral(db, opts);
        const result = await calculate(db, {
          year: opts.year,
          incremental: opts.incremental,
          scopes: opts.scopes?.split(','),
          minutesPolicy: opts.minutesPolicy as 'weighted' | 'high',
          outDir: opts.outputs === false ? false : opts.out,
          progress: opts.json ? undefined : terminalProgress(),
        });
        if (opts.json) return console.log(formatJson(result));
        if (result.unchanged) {
          console.log(
            `Nothing changed since run ${result.previous_run_id} (${result.year}): no district recalculated.`,
          );
          console.log(
            `Recorded as run ${result.run_id}; the current results are unchanged (lct runs show ${result.previous_run_id}).`,
          );
          return;
        }
        process.stdout.write(formatReport(await getRun(db, result.run_id), result.qa_summary));
      });
    });
}

async function calculateSeveral(db: Database, opts: CalculateCliOptions): Promise<void> {
  const { calculateYears } = await import('../../calculate/calculate-years.js');
  const { schoolYearRange } = await import('../../domain/years.js');
  const { terminalProgress } = await import('../progress.js');
  let years: string[] | 'all' = 'all';
  if (opts.years !== undefined) {
    const range = schoolYearRange(opts.years);
    if (!range)
      throw new LctError(
        `--years ${opts.years} is not a range of school years.`,
        'Write it like --years 2016-17..2024-25.',
      );
    years = range;
  }
  const { results, skipped } = await calculateYears(db, {
    years,
    incremental: opts.incremental,
    scopes: opts.scopes?.split(','),
    minutesPolicy: opts.minutesPolicy as 'weighted' | 'high',
    outDir: opts.outputs === false ? false : opts.out,
    progress: opts.json ? undefined : terminalProgress(),
    onYear: opts.json ? undefined : (year, i, n) => console.error(`Year ${i + 1} of ${n}: ${year}`),
  });
  if (opts.json) return console.log(formatJson({ results, skipped }));
  console.log(
    formatTable(
      results.map((r) => ({
        year: r.year,
        run_id: r.run_id,
        run_type: r.run_type,
        unchanged: r.unchanged,
        districts_processed: r.districts_processed,
        calculations_created: r.calculations_created,
        qa_status: r.qa_summary?.overall_status ?? null,
      })),
    ),
  );
  if (skipped.length) console.log(`Skipped (no enrollment or staffing): ${skipped.join(', ')}`);
}
