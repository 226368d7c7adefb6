/** `lct campaign claim|release|list`: several collectors at once, never two on the same district. */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson, formatTable } from '../output.js';
import { parsePositiveNumber } from '../parse.js';
import { LctError } from '../../errors.js';
import { collector } from '../collector.js';

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function registerCampaignCommands(program: Command): void {
  const campaign = program
    .command('campaign')
    .description('Bell-schedule campaign: claim districts so collectors never duplicate work');

  campaign
    .command('claim')
    .description('Reserve the next candidate of a state (the largest unenriched, unclaimed district) for you')
    .argument('<state>', 'two-letter state code')
    .option('--by <name>', 'who collects (default: $LCT_COLLECTOR or your login name)')
    .option('--year <year>', 'school year (default: the latest year with bell schedules)')
    .option('--hours <n>', 'how long the claim lasts', parsePositiveNumber, 2)
    .option('--json', 'print JSON')
    .action(
      async (state: string, opts: { by?: string; year?: string; hours: number; json?: boolean }, command: Command) => {
        await withDatabase(command, async (db) => {
          const { claimNextCandidate } = await import('../../queries/claim-next-candidate.js');
          const { defaultEnrichmentYear } = await import('../../queries/default-year.js');
          const year = opts.year ?? (await defaultEnrichmentYear(db));
          const claim = await claimNextCandidate(db, state, year, {
            claimedBy: collector(opts.by),
            hours: opts.hours,
            source: 'cli:campaign claim',
          });
          if (opts.json) return console.log(formatJson(claim));
          if (!claim) {
            throw new LctError(
              `No district left to claim in ${state.toUpperCase()} for ${year}: every district is enriched or claimed.`,
              `See who holds them: lct campaign list --state ${state.toUpperCase()} --year ${year}`,
            );
          }
          console.log(
            `Claimed ${claim.district_id} ${claim.name} (${claim.state}, ${claim.enrollment?.toLocaleString('en-US') ?? 'unknown'} students) for ${claim.claimed_by} until ${utc(claim.expires_at)} (claim ${claim.id}).`,
          );
          console.log(
            `When you have its schedule: lct bell-schedule add --district ${claim.district_id} --year ${year} --grade-level <level> --minutes <n> --source-url <url>`,
          );
          console.log(`If you cannot finish it: lct campaign release ${claim.district_id}`);
        });
      },
    );

  campaign
    .command('release')
    .description('Give a claimed district back before its claim expires')
    .argument('<district>', 'NCES id of the claimed district')
    .option('--year <year>', 'only the claim for this year')
    .option('--by <name>', 'only if this collector holds it')
    .option('--json', 'print JSON')
    .action(async (district: string, opts: { year?: string; by?: string; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { releaseClaim } = await import('../../queries/release-claim.js');
        const released = await releaseClaim(db, district, {
          year: opts.year,
          claimedBy: opts.by,
          source: 'cli:campaign release',
        });
        if (opts.json) return console.log(formatJson(released));
        for (const c of released)
          console.log(`Released claim ${c.id}: district ${c.district_id}, ${c.year}, held by ${c.claimed_by}.`);
      });
    });

  campaign
    .command('list')
    .description('Active claims (not expired), newest first')
    .option('--state <state>', 'only this state')
    .option('--year <year>', 'only this year')
    .option('--all', 'also completed, released and expired claims')
    .option('--json', 'print JSON')
    .action(async (opts: { state?: string; year?: string; all?: boolean; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { listClaims } = await import('../../queries/list-claims.js');
        const claims = await listClaims(db, opts);
        if (opts.json) return console.log(formatJson(claims));
        console.log(
          formatTable(
            claims.map((c) => ({
              claim: c.id,
              district_id: c.district_id,
              name: c.name,
              state: c.state,
              year: c.year,
              claimed_by: c.claimed_by,
              status: c.status,
              expires: utc(c.expires_at),
            })),
            ['claim', 'district_id', 'name', 'state', 'year', 'claimed_by', 'status', 'expires'],
          ),
        );
      });
    });
}
