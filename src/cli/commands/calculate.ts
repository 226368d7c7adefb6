/** `lct calculate`: one calculation run for a year (full or incremental), its report and outputs. */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson } from '../output.js';

interface CalculateCliOptions {
  year: string;
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
    .requiredOption('--year <year>', 'school year, e.g. 2023-24')
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
