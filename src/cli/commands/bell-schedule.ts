/**
 * `lct bell-schedule add`: record one collected bell schedule (addBellSchedule: validated, upserted, audited).
 * `lct bell-schedule extract`: read bell schedules from pages, PDFs and text (src/extract), and with
 * `--add --district --year` store them and record the attempt (storeExtraction).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson } from '../output.js';
import { collectWhole, parsePositiveNumber } from '../parse.js';
import { collector } from '../collector.js';
import { LctError } from '../../errors.js';
import { SCHOOL_LEVELS, type SchoolLevel, isSchoolLevel } from '../../domain/bell-schedules.js';
import type { ExtractionAttempt } from '../../extract/attempt.js';
import type { FoundSchedule } from '../../extract/extract.js';

interface ExtractOptions {
  level?: SchoolLevel;
  json?: boolean;
  add?: boolean;
  district?: string;
  year?: string;
  by?: string;
  timeout: number;
}

function parseLevel(value: string): SchoolLevel {
  const level = value.trim().toLowerCase();
  if (!isSchoolLevel(level)) throw new InvalidArgumentError(`expected one of ${SCHOOL_LEVELS.join(', ')}.`);
  return level;
}

const kindName = (kind: string) => kind.replace('_', ' ');

function describeSchedule(s: FoundSchedule): string {
  const times = s.start_time || s.end_time ? `${s.start_time ?? '?'} to ${s.end_time ?? '?'}` : 'no times';
  const minutes = s.instructional_minutes !== null && !s.half_day ? `, ${s.instructional_minutes} min` : '';
  const grades = s.grades ? ` (grades ${s.grades})` : '';
  return `${kindName(s.kind)}${grades}${s.half_day ? ' half day' : ''}: ${times}${minutes}${s.title ? ` — ${s.title}` : ''}`;
}

/** The answers of one attempt, as a person reads them. */
function printAttempt(input: string, attempt: ExtractionAttempt): void {
  const extraction = attempt.extraction;
  const what = extraction
    ? [extraction.school, extraction.document_kind.toUpperCase()].filter(Boolean).join(', ')
    : null;
  console.log(`${input}${what ? ` (${what})` : ''}`);
  if (attempt.final_url && attempt.final_url !== attempt.url) console.log(`  redirected to ${attempt.final_url}`);
  for (const a of extraction?.answers ?? []) {
    const grades = a.grades ? ` (grades ${a.grades})` : '';
    console.log(
      `  ${a.level ?? 'level not named'}${grades}: ${a.start_time} to ${a.end_time}, lunch ${a.lunch_duration} min, recess ${a.recess_duration} min` +
        `${a.passing_periods !== null ? `, passing ${a.passing_periods} min` : ''} → ${a.instructional_minutes} instructional minutes, ${a.confidence} confidence`,
    );
    console.log(`    ${a.notes}`);
    console.log(`    evidence:`);
    for (const line of a.evidence) console.log(`      ${line}`);
  }
  const others = extraction?.answers.length ? extraction.answers[0]!.other_schedules : (extraction?.schedules ?? []);
  if (others.length) {
    console.log('  other schedules found:');
    for (const s of others) console.log(`    ${describeSchedule(s)}`);
  }
  if (extraction?.pdf_links.length) {
    console.log('  PDFs linked from the page (not followed; pass one to read it):');
    for (const link of extraction.pdf_links) console.log(`    ${link.url}${link.text ? `  "${link.text}"` : ''}`);
  }
}

/** One line saying why an input gave no answer, and what to do. */
function failureLine(input: string, attempt: ExtractionAttempt): string {
  if (attempt.outcome === 'blocked')
    return `${input}: blocked (${attempt.detail}). lct does not work around blocks: open the page in a browser, save it, and run lct bell-schedule extract <saved file>.`;
  if (attempt.outcome === 'no_schedule') return `${input}: ${attempt.detail ?? 'no bell schedule found'}.`;
  return `${input}: ${attempt.detail ?? 'could not be read'}.`;
}

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
    .command('extract')
    .description(
      'Read bell schedules from school pages, PDFs and text: the regular day per level, its instructional minutes and the evidence',
    )
    .argument('<inputs...>', 'files (HTML, PDF, text) or http(s) URLs')
    .option('--level <level>', 'answer for this level only (elementary, middle, high)', parseLevel)
    .option('--json', 'print JSON: per input, the answers and every schedule found')
    .option('--add', 'store the answers as bell schedules (needs --district and --year)')
    .option('--district <id>', 'the district the documents are for; records the attempt in campaign_attempts')
    .option('--year <year>', 'school year, e.g. 2025-26')
    .option('--by <name>', 'who collects (default: $LCT_COLLECTOR or your login name)')
    .option('--timeout <seconds>', 'how long to wait for a page', parsePositiveNumber, 20)
    .addHelpText(
      'after',
      `
Instructional minutes = (end − start) − lunch − recess; passing time counts as instructional. Without a
lunch in the document 30 minutes are assumed and the confidence is low (docs/campaign.md).
A URL is fetched once, with a timeout, after reading the site's robots.txt; a blocked page (401, 403, 429,
a bot challenge, a robots.txt rule) is reported, never worked around: save the page from a browser and
pass the file. PDFs linked from a page are listed, not followed.

Examples:
  lct bell-schedule extract https://example.org/bell-schedule
  lct bell-schedule extract saved-page.html schedule.pdf --level middle --json
  lct bell-schedule extract https://example.org/hours --add --district 5560580 --year 2025-26`,
    )
    .action(async (inputs: string[], opts: ExtractOptions, command: Command) => {
      if (opts.add && (!opts.district || !opts.year))
        throw new LctError('--add stores the answers for a district and year.', 'Add --district <id> --year <year>.');
      if (Boolean(opts.district) !== Boolean(opts.year))
        throw new LctError('--district and --year go together.', 'Give both, e.g. --district 5560580 --year 2025-26.');
      const { attemptDocument, attemptUrl, isUrl } = await import('../../extract/attempt.js');
      const attempts: { input: string; attempt: ExtractionAttempt }[] = [];
      for (const input of inputs) {
        let attempt: ExtractionAttempt;
        if (isUrl(input)) attempt = await attemptUrl(input, { level: opts.level, timeoutMs: opts.timeout * 1000 });
        else {
          let bytes: Uint8Array;
          try {
            bytes = new Uint8Array(fs.readFileSync(input));
          } catch (error) {
            const reason =
              (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
            throw new LctError(`${input}: ${reason}.`, 'Give a saved page, a PDF, a text file or an http(s) URL.');
          }
          attempt = await attemptDocument(bytes, path.basename(input), { level: opts.level });
        }
        attempts.push({ input, attempt });
      }

      const stored: Awaited<ReturnType<typeof import('../../queries/store-extraction.js').storeExtraction>>[] = [];
      if (opts.district && opts.year) {
        const by = collector(opts.by);
        await withDatabase(command, async (db) => {
          const { storeExtraction } = await import('../../queries/store-extraction.js');
          // One level stored once: the first input answering for it.
          const levels = new Set<string>();
          for (const { input, attempt } of attempts) {
            const answers = opts.add
              ? (attempt.extraction?.answers ?? []).filter((a) => {
                  const key = a.level ?? '';
                  if (levels.has(key)) return false;
                  levels.add(key);
                  return true;
                })
              : [];
            stored.push(
              await storeExtraction(db, {
                district_id: opts.district!,
                year: opts.year!,
                url: attempt.url,
                document: attempt.url ? null : path.basename(input),
                outcome: attempt.outcome,
                detail: attempt.detail,
                attempted_by: by,
                answers,
              }),
            );
          }
        });
      }

      const failed = attempts.filter((a) => a.attempt.outcome !== 'extracted');
      if (opts.json) {
        console.log(
          formatJson(
            attempts.map(({ input, attempt }, i) => ({
              input,
              url: attempt.url,
              final_url: attempt.final_url,
              outcome: attempt.outcome,
              detail: attempt.detail,
              school: attempt.extraction?.school ?? null,
              answers: attempt.extraction?.answers ?? [],
              schedules: attempt.extraction?.schedules ?? [],
              pdf_links: attempt.extraction?.pdf_links ?? [],
              ...(stored[i] ? { attempt_id: stored[i]!.attempt.id, stored: stored[i]!.added } : {}),
            })),
          ),
        );
      } else {
        for (const [i, { input, attempt }] of attempts.entries()) {
          if (attempt.outcome === 'extracted') printAttempt(input, attempt);
          else {
            console.error(`error: ${failureLine(input, attempt)}`);
            const links = attempt.extraction?.pdf_links ?? [];
            if (links.length)
              console.error(`next:  the page links to ${links.length} PDF(s): ${links.map((l) => l.url).join(' ')}`);
          }
          const record = stored[i];
          if (record) {
            for (const added of record.added) {
              const s = added.schedule;
              console.log(
                `${added.inserted ? 'Added' : 'Updated'} the ${s.year} ${s.grade_level} bell schedule of district ${s.district_id}: ${s.instructional_minutes} minutes (${s.method}, ${s.confidence} confidence, id ${s.id}).`,
              );
              if (added.completed_claim_id !== null)
                console.log(`Completed campaign claim ${added.completed_claim_id}.`);
            }
            if (!opts.add || record.added.length === 0)
              console.log(
                `Recorded the attempt for district ${record.attempt.district_id} (${record.attempt.outcome.replace('_', ' ')}).`,
              );
          }
        }
      }
      if (failed.length) process.exitCode = 1;
    });

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
