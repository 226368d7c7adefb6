/** `lct bell-schedule add`: record one collected bell schedule (addBellSchedule: validated, upserted, audited). */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson } from '../output.js';
import { collectWhole } from '../parse.js';

interface AddOptions {
  district: string;
  year: string;
  gradeLevel: string;
  minutes: string;
  startTime?: string;
  endTime?: string;
  lunch?: string;
  passing?: string;
  method?: string;
  confidence?: string;
  sourceUrl?: string[];
  school?: string[];
  source?: string;
  notes?: string;
  by?: string;
  json?: boolean;
}

export function registerBellScheduleCommands(program: Command): void {
  const bell = program.command('bell-schedule').description('Bell schedules collected from district websites');
  bell
    .command('add')
    .description('Add a bell schedule, or update the one for that district, year and level')
    .requiredOption('--district <id>', 'NCES district id (6 or 7 digits)')
    .requiredOption('--year <year>', 'school year, e.g. 2025-26')
    .requiredOption('--grade-level <level>', 'elementary, middle or high')
    .requiredOption('--minutes <n>', 'daily instructional minutes (100-600)')
    .option('--start-time <time>', 'school start, e.g. "8:00 AM"')
    .option('--end-time <time>', 'school end, e.g. "3:00 PM"')
    .option('--lunch <minutes>', 'lunch duration in minutes')
    .option('--passing <minutes>', 'passing periods in minutes')
    .option(
      '--method <method>',
      'human_provided (default), automated_enrichment, statutory_fallback, or an alias such as web_scraping',
    )
    .option('--confidence <level>', 'high, medium (default) or low')
    .option('--source-url <url>', 'where the schedule was found (repeatable)', collectWhole)
    .option('--school <name>', 'a school sampled (repeatable)', collectWhole)
    .option('--source <text>', 'description of the source, e.g. "District 65 School Hours page"')
    .option('--notes <text>', 'anything worth knowing')
    .option('--by <name>', 'who collected it')
    .option('--json', 'print the stored schedule as JSON')
    .action(async (opts: AddOptions, command: Command) => {
      await withDatabase(command, async (db) => {
        const { addBellSchedule } = await import('../../queries/add-bell-schedule.js');
        const added = await addBellSchedule(
          db,
          {
            district_id: opts.district,
            year: opts.year,
            grade_level: opts.gradeLevel,
            instructional_minutes: opts.minutes,
            start_time: opts.startTime,
            end_time: opts.endTime,
            lunch_duration: opts.lunch,
            passing_periods: opts.passing,
            method: opts.method,
            confidence: opts.confidence,
            source_urls: opts.sourceUrl,
            schools_sampled: opts.school,
            source: opts.source,
            notes: opts.notes,
            created_by: opts.by,
          },
          { source: 'cli:bell-schedule add' },
        );
        if (opts.json) return console.log(formatJson(added));
        const s = added.schedule;
        console.log(
          `${added.inserted ? 'Added' : 'Updated'} the ${s.year} ${s.grade_level} bell schedule of district ${s.district_id}: ${s.instructional_minutes} minutes (${s.method}, ${s.confidence} confidence, id ${s.id}).`,
        );
        if (added.completed_claim_id !== null) console.log(`Completed campaign claim ${added.completed_claim_id}.`);
      });
    });
}
