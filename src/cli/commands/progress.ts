/** `lct progress`: the bell-schedule campaign per state (getStateCampaignProgress). */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson, formatTable } from '../output.js';

export function registerProgressCommand(program: Command): void {
  program
    .command('progress')
    .description('Campaign progress per state: enriched districts, enrollment, complete at 3 enriched')
    .option('--year <year>', 'school year (default: the latest year with bell schedules)')
    .option('--json', 'print JSON')
    .action(async (opts: { year?: string; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { getStateCampaignProgress } = await import('../../queries/get-state-campaign-progress.js');
        const { defaultEnrichmentYear } = await import('../../queries/default-year.js');
        const year = opts.year ?? (await defaultEnrichmentYear(db));
        const rows = await getStateCampaignProgress(db, year);
        if (opts.json) return console.log(formatJson(rows));
        console.log(`Bell-schedule campaign ${year}:`);
        console.log(formatTable(rows));
        const complete = rows.filter((r) => r.complete).length;
        console.log(`${complete} of ${rows.length} states complete (at least 3 enriched districts).`);
        const needs = rows.reduce((sum, r) => sum + r.needs_person, 0);
        if (needs)
          console.log(
            `${needs} district(s) need a person: their last attempt was blocked (lct candidates <STATE> lists them).`,
          );
      });
    });
}
