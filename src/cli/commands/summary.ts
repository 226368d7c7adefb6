/** `lct summary`: LCT statistics per scope over the valid current rows (getLctSummaryByScope). */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson, formatTable } from '../output.js';
import { LctError } from '../../errors.js';

export function registerSummaryCommand(program: Command): void {
  program
    .command('summary')
    .description('LCT statistics (count, mean, median, std, min, max) of a scope, or of every scope')
    .option('--scope <scope>', 'e.g. teachers_only (default: every scope with results)')
    .option('--year <year>', 'school year (default: that of the latest completed calculation run)')
    .option('--json', 'print JSON')
    .action(async (opts: { scope?: string; year?: string; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { getLctSummaryByScope } = await import('../../queries/get-lct-summary-by-scope.js');
        const { defaultCalculationYear } = await import('../../queries/default-year.js');
        const { ALL_SCOPES } = await import('../../domain/scopes.js');
        const year = opts.year ?? (await defaultCalculationYear(db));
        if (!year) throw new LctError('Nothing has been calculated yet.', 'Run: lct calculate --year 2023-24');
        const summaries = [];
        for (const scope of opts.scope ? [opts.scope] : ALL_SCOPES) {
          const summary = await getLctSummaryByScope(db, scope, year);
          if (opts.scope || summary.district_count > 0) summaries.push(summary);
        }
        if (opts.json) return console.log(formatJson(opts.scope ? summaries[0] : summaries));
        console.log(`LCT in minutes per student per day, ${year}, valid current results:`);
        console.log(formatTable(summaries));
      });
    });
}
