/** `lct candidates <STATE>`: the next districts to collect bell schedules for (getNextEnrichmentCandidates). */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson, formatTable } from '../output.js';
import { parsePositiveInteger } from '../parse.js';

export function registerCandidatesCommand(program: Command): void {
  program
    .command('candidates')
    .description('The largest districts of a state without a bell schedule that year, largest first')
    .argument('<state>', 'two-letter state code, e.g. WI')
    .option('--year <year>', 'school year (default: the latest year with bell schedules)')
    .option('--limit <n>', 'how many', parsePositiveInteger, 9)
    .option('--json', 'print JSON')
    .action(async (state: string, opts: { year?: string; limit: number; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { getNextEnrichmentCandidates } = await import('../../queries/get-next-enrichment-candidates.js');
        const { defaultEnrichmentYear } = await import('../../queries/default-year.js');
        const year = opts.year ?? (await defaultEnrichmentYear(db));
        const rows = await getNextEnrichmentCandidates(db, state, year, { limit: opts.limit });
        if (opts.json) return console.log(formatJson(rows));
        console.log(`Next enrichment candidates in ${state.toUpperCase()} for ${year}:`);
        console.log(
          formatTable(
            rows.map((r) => ({
              rank: r.rank_in_state,
              nces_id: r.nces_id,
              name: r.name,
              enrollment: r.enrollment,
              claimed_by: r.claimed_by ?? '',
              last_attempt: r.needs_person ? 'blocked: needs a person' : (r.last_attempt?.replace('_', ' ') ?? ''),
            })),
          ),
        );
        const blocked = rows.filter((r) => r.needs_person).length;
        if (blocked)
          console.log(
            `${blocked} of them blocked lct: open the page in a browser, save it, and run lct bell-schedule extract <saved file> --add --district <id> --year ${year}`,
          );
        if (rows.length > 0)
          console.log(`Reserve one for yourself: lct campaign claim ${state.toUpperCase()} --year ${year} --by <name>`);
      });
    });
}
