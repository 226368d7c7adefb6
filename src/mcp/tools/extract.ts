/**
 * extract_bell_schedule: read a bell schedule from a school's page, PDF or pasted text (src/extract, as
 * `lct bell-schedule extract` and POST /api/bell-schedules/extract do). It only reads; storing the answers
 * (with the attempt, in campaign_attempts) needs `store: true` on a server started with --allow-writes.
 */
import { z } from 'zod';
import { LctError } from '../../errors.js';
import { SCHOOL_LEVELS } from '../../domain/bell-schedules.js';
import { type ExtractionAttempt, attemptDocument, attemptUrl, isUrl } from '../../extract/attempt.js';
import { storeExtraction } from '../../queries/store-extraction.js';
import { bellScheduleRow } from '../../queries/add-bell-schedule.js';
import { rowSchema } from '../../db/schema.js';
import { describeAttempt } from '../../api/routes/extract.js';
import { BellScheduleExtraction } from '../../api/schemas.js';
import { campaignYear, districtId } from '../arguments.js';
import { WRITES_DISABLED_HINT, defineTool } from '../tool.js';
import { lineageSource } from './writes.js';

/** Text pasted by the assistant: far more than any schedule page. */
const MAX_CONTENT_CHARS = 2_000_000;

export const extractBellSchedule = defineTool({
  name: 'extract_bell_schedule',
  title: 'Read a bell schedule from a page or document',
  description:
    "Read a school's bell schedule from a web page or PDF (url: fetched once, after its robots.txt; a blocked page is reported, never worked around) or from the page's text or HTML (content). Answers per school level (elementary, middle, high): the regular day's start and end, lunch and recess, the instructional minutes ((end − start) − lunch − recess) with a confidence, the lines it rests on, and every other schedule found (minimum days, early releases). Nothing is stored unless store is true, with district_id and year, on a server started with --allow-writes.",
  openWorld: true,
  input: z.strictObject({
    url: z
      .string({ error: 'must be a string' })
      .refine(isUrl, { error: 'must be an http(s) URL' })
      .optional()
      .describe('An http(s) page or PDF to read'),
    content: z
      .string({ error: 'must be a string' })
      .min(1, { error: 'must not be empty' })
      .max(MAX_CONTENT_CHARS, { error: `must be at most ${MAX_CONTENT_CHARS.toLocaleString('en-US')} characters` })
      .optional()
      .describe("The document itself: a page's HTML or its text (instead of url)"),
    name: z
      .string({ error: 'must be a string' })
      .max(200, { error: 'must be at most 200 characters' })
      .optional()
      .describe('What the content is (a file name, or where it was copied from); recorded as its source'),
    level: z
      .enum(SCHOOL_LEVELS, { error: `must be one of ${SCHOOL_LEVELS.join(', ')}` })
      .optional()
      .describe('Answer for this level only (a document naming no level then answers for it)'),
    store: z
      .boolean({ error: 'must be true or false' })
      .default(false)
      .describe(
        'Store the answers as bell schedules of district_id and year, and record the attempt (needs --allow-writes)',
      ),
    district_id: districtId('The district the document is for (with store)').optional(),
    year: campaignYear('School year the schedules are for, like 2025-26 (with store)').optional(),
  }),
  output: BellScheduleExtraction.extend({
    stored: z
      .object({
        attempt: rowSchema('campaign_attempts').describe('The attempt recorded'),
        added: z
          .array(
            z.object({
              schedule: bellScheduleRow,
              inserted: z.boolean().describe('true: new; false: the schedule of that level was updated'),
              completed_claim_id: z.int().nullable().describe('The campaign claim it completed, if any'),
            }),
          )
          .describe('The bell schedules stored'),
      })
      .nullable()
      .describe('What was stored (store: true); null when nothing was'),
  }),
  async run(args, ctx) {
    if ((args.url === undefined) === (args.content === undefined))
      throw new LctError('Give either url (a page or PDF to read) or content (the page’s text or HTML), not both.');
    if (args.store) {
      if (!ctx.allowWrites)
        throw new LctError('Storing changes the database, and this server is read-only.', WRITES_DISABLED_HINT);
      if (!args.district_id || !args.year)
        throw new LctError('store needs the district and the year the schedules are for.', 'Add district_id and year.');
    }
    const document = args.name ?? 'pasted content';
    const attempt: ExtractionAttempt =
      args.url !== undefined
        ? await attemptUrl(args.url.trim(), { level: args.level })
        : await attemptDocument(new TextEncoder().encode(args.content!), document, { level: args.level });
    let stored = null;
    if (args.store) {
      stored = await ctx.db.transaction(
        (tx) =>
          storeExtraction(tx, {
            district_id: args.district_id!,
            year: args.year!,
            url: attempt.url,
            document: attempt.url ? null : document,
            outcome: attempt.outcome,
            detail: attempt.detail,
            attempted_by: lineageSource(ctx),
            answers: attempt.extraction?.answers ?? [],
          }),
        { source: lineageSource(ctx) },
      );
    }
    return { ...describeAttempt(attempt), stored };
  },
  text(r) {
    const from = r.url ?? r.document ?? 'the document';
    if (r.outcome !== 'extracted') {
      const advice =
        r.outcome === 'blocked'
          ? ' The page refuses automated reading: ask the user to open it in a browser and paste its text as content.'
          : '';
      const links = r.pdf_links.length ? ` It links to PDFs: ${r.pdf_links.map((l) => l.url).join(' ')}` : '';
      return `${from}: ${r.outcome.replace('_', ' ')}${r.detail ? ` (${r.detail})` : ''}.${advice}${links}`;
    }
    const lines = [`${from}${r.school ? ` (${r.school})` : ''}:`];
    for (const a of r.answers) {
      lines.push(
        `  ${a.level ?? 'unknown level'}${a.grades ? ` (grades ${a.grades})` : ''}: ${a.start_time} to ${a.end_time}, lunch ${a.lunch_duration} min, recess ${a.recess_duration} min → ${a.instructional_minutes} instructional minutes, ${a.confidence} confidence. ${a.notes}`,
        `    evidence: ${a.evidence.join(' | ')}`,
      );
    }
    const others = r.schedules.filter((s) => s.kind !== 'regular');
    if (others.length) lines.push(`  also found: ${others.map((s) => `${s.kind} ${s.title ?? ''}`.trim()).join('; ')}`);
    if (r.stored)
      lines.push(
        `Stored ${r.stored.added.length} bell schedule(s) for district ${r.stored.attempt.district_id}, ${r.stored.attempt.year}; attempt ${r.stored.attempt.id} recorded.`,
      );
    else lines.push('Nothing stored.');
    return lines.join('\n');
  },
});
