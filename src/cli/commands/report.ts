/** `lct report`: the enrichment report (printEnrichmentReport). */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson } from '../output.js';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('The bell-schedule enrichment report of a year')
    .option('--year <year>', 'school year (default: the latest year with bell schedules)')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { year?: string; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { defaultEnrichmentYear } = await import('../../queries/default-year.js');
        const year = opts.year ?? (await defaultEnrichmentYear(db));
        if (opts.json) {
          const { getEnrichmentSummary } = await import('../../queries/get-enrichment-summary.js');
          return console.log(formatJson(await getEnrichmentSummary(db, year)));
        }
        const { printEnrichmentReport } = await import('../../queries/print-enrichment-report.js');
        await printEnrichmentReport(db, year);
      });
    });
}
