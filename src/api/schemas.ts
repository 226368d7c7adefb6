/**
 * The named shapes of the API (the OpenAPI document's components): rows of the schema module and the
 * query utilities' results, given the names clients see (District, LctResult, Page of X, Error, …). A
 * route's response that uses one of these objects gets a `$ref` to it in the document; the dashboard's
 * types (web/src/api-types.ts) are generated from the document, so they come from here too.
 */
import { z } from 'zod';
import { qaSummary, rowSchema } from '../db/schema.js';
import { pageSchema } from '../queries/page.js';
import { districtListItem } from '../queries/search-districts.js';
import { districtBellSchedule, districtLct } from '../queries/get-district-details.js';
import { categoryStaffing, gradeEnrollment, lineageEntry } from '../queries/get-district-profile.js';
import { lctResult } from '../queries/list-lct-results.js';
import { lctGroupStatistics } from '../queries/summarize-lct.js';
import { lctHistogramBin } from '../queries/get-lct-histogram.js';
import { stateCampaignProgress } from '../queries/get-state-campaign-progress.js';
import { enrichmentCandidate } from '../queries/get-next-enrichment-candidates.js';
import { bellScheduleRow } from '../queries/add-bell-schedule.js';
import { runListEntry } from '../runs/list-runs.js';
import { errorBody } from './errors.js';
import { CONFIDENCE_LEVELS, SCHOOL_LEVELS } from '../domain/bell-schedules.js';
import { SCHEDULE_KINDS } from '../extract/vocabulary.js';
import { areaTrend, areaTrendYear, districtTrend, mover, movers, trendYear } from '../queries/trend-shapes.js';

/** Component name → schema, in the order they are declared. */
export const COMPONENTS = new Map<string, z.ZodType>();

function component<T extends z.ZodType>(id: string, schema: T): T {
  if (COMPONENTS.has(id)) throw new Error(`Two API components are named ${id}.`);
  COMPONENTS.set(id, schema);
  return schema;
}

export const ErrorSchema = component('Error', errorBody);

export const District = component('District', rowSchema('districts'));
export const DistrictListItem = component('DistrictListItem', districtListItem);
export const DistrictPage = component('DistrictPage', pageSchema(DistrictListItem));
export const BellSchedule = component('BellSchedule', bellScheduleRow);
export const DistrictBellSchedule = component('DistrictBellSchedule', districtBellSchedule);
export const DistrictLct = component('DistrictLct', districtLct);
export const GradeEnrollment = component('GradeEnrollment', gradeEnrollment);
export const CategoryStaffing = component('CategoryStaffing', categoryStaffing);
export const LineageEntry = component('LineageEntry', lineageEntry);

export const DistrictProfile = component(
  'DistrictProfile',
  z.object({
    district: District,
    enrollment_by_grade: z.array(GradeEnrollment).describe('Enrollment per year and grade, newest year first'),
    staffing_by_category: z.array(CategoryStaffing).describe('Staff FTE per year and category, newest year first'),
    bell_schedules: z.array(DistrictBellSchedule).describe('Bell schedules, newest year first'),
    lct: z.array(DistrictLct).describe('Current LCT per year and scope, newest year first'),
    lineage: z.array(LineageEntry).describe("The latest 100 changes to the district's rows, newest first"),
  }),
);

export const LctResult = component('LctResult', lctResult);
export const LctResultPage = component(
  'LctResultPage',
  pageSchema(LctResult).extend({
    next: z.string().nullable().describe('The next page’s URL (path and query, with `cursor`); null on the last page'),
  }),
);

export const ScopeSummary = component('ScopeSummary', lctGroupStatistics);
export const LctSummary = component(
  'LctSummary',
  z.object({
    year: z.string().nullable().describe('School year summarised; null when nothing was calculated yet'),
    scope: z.string().nullable().describe('The scope; null with group_by=scope over every scope'),
    state: z.string().nullable().describe('The state filter, if any'),
    group_by: z.enum(['state', 'scope']).nullable().describe('How items are grouped; null: one item for everything'),
    items: z.array(ScopeSummary).describe('One item per group'),
  }),
);

export const LctHistogramBin = component('LctHistogramBin', lctHistogramBin);
export const LctHistogram = component(
  'LctHistogram',
  z.object({
    year: z.string().nullable().describe('School year; null when nothing was calculated yet'),
    scope: z.string().describe('The scope'),
    state: z.string().nullable().describe('The state filter, if any'),
    total: z.int().describe('Valid values counted'),
    bins: z.array(LctHistogramBin).describe('Equal-width bins from the lowest value to the highest'),
  }),
);

export const StateProgress = component('StateProgress', stateCampaignProgress);
export const Candidate = component('Candidate', enrichmentCandidate);

export const QaSummary = component('QaSummary', qaSummary);
export const RunListEntry = component('RunListEntry', runListEntry);
export const Run = component('Run', rowSchema('calculation_runs'));

const runs = rowSchema('calculation_runs').shape;
export const Health = component(
  'Health',
  z.object({
    status: z.enum(['ok', 'migrations_pending']).describe('ok, or migrations_pending (run lct db migrate)'),
    engine: z.enum(['pglite', 'postgres']).describe('pglite (embedded) or postgres (a server)'),
    version: z.string().describe('lct version'),
    postgres_version: z.string().nullable().describe('PostgreSQL server_version'),
    migrations_applied: z.int().describe('Migrations applied'),
    migrations_pending: z.int().describe('Migrations not applied yet'),
    latest_run: z
      .object({
        run_id: runs.run_id,
        year: runs.year,
        status: runs.status,
        completed_at: runs.completed_at,
      })
      .nullable()
      .describe('The latest calculation run, if any'),
  }),
);

// Reading bell schedules from documents (POST /api/bell-schedules/extract; src/extract).
export const FoundSchedule = component(
  'FoundSchedule',
  z.object({
    title: z.string().nullable().describe('The title the schedule has in the document'),
    kind: z.enum(SCHEDULE_KINDS).describe('regular, minimum_day, early_release, late_start, delay or other'),
    levels: z.array(z.enum(SCHOOL_LEVELS)).describe('The levels its grades are for'),
    grades: z.string().nullable().describe('Its grades ("K-5", "6-8"); null when the document names none'),
    start_time: z.string().nullable().describe('Start ("8:00 AM"); null when not found'),
    end_time: z.string().nullable().describe('End ("3:00 PM"); null when not found'),
    lunch_duration: z.int().nullable().describe('Lunch minutes the document shows; null without one'),
    recess_duration: z.int().describe('Recess and break minutes'),
    instructional_minutes: z
      .int()
      .nullable()
      .describe('(end − start) − lunch − recess, with what the document shows; null without a start and an end'),
    half_day: z.boolean().describe('A half-day program (a kindergarten session, pre-K) or a day under four hours'),
  }),
);

export const ExtractedAnswer = component(
  'ExtractedAnswer',
  z.object({
    level: z.enum(SCHOOL_LEVELS).nullable().describe('The level; null when the document names none'),
    grades: z.string().nullable().describe('The grades of the band answered for'),
    kind: z.literal('regular').describe('Always the regular day'),
    title: z.string().nullable().describe('Its title in the document'),
    school: z.string().nullable().describe('The school the document or the band names'),
    start_time: z.string().describe('Start ("8:00 AM")'),
    end_time: z.string().describe('End ("3:00 PM")'),
    lunch_duration: z.int().describe('Lunch minutes (30 assumed when the document shows none; see notes)'),
    recess_duration: z.int().describe('Recess and break minutes'),
    passing_periods: z.int().nullable().describe('Passing minutes, itemised or between itemised periods'),
    instructional_minutes: z.int().describe('(end − start) − lunch − recess; passing time counts as instructional'),
    confidence: z.enum(CONFIDENCE_LEVELS).describe('high: period by period; medium: start, end, lunch; low: assumed'),
    notes: z.string().describe('The computation and anything assumed or read the other way round'),
    evidence: z.array(z.string()).describe('The lines of the document the answer rests on'),
    other_bands: z.array(FoundSchedule).describe("The level's other regular-day bands, listed beside the answer"),
    other_schedules: z.array(FoundSchedule).describe('Every other schedule in the document'),
    bell_schedule: z
      .object({
        grade_level: z.enum(SCHOOL_LEVELS).nullable().describe('The level'),
        instructional_minutes: z.int().describe('Daily instructional minutes'),
        start_time: z.string().describe('Start'),
        end_time: z.string().describe('End'),
        lunch_duration: z.int().describe('Lunch minutes'),
        passing_periods: z.int().nullable().describe('Passing minutes'),
        method: z.literal('automated_enrichment').describe('How it was collected'),
        confidence: z.enum(CONFIDENCE_LEVELS).describe('Confidence'),
        schools_sampled: z.array(z.string()).describe('The school read'),
        source_urls: z.array(z.string()).describe('The page read'),
        source: z.string().describe('Where it came from'),
        notes: z.string().describe('The notes and the evidence'),
        created_by: z.string().optional().describe('Who collected it'),
      })
      .describe('The body for POST /api/bell-schedules once district_id and year are added'),
  }),
);

export const BellScheduleExtraction = component(
  'BellScheduleExtraction',
  z.object({
    outcome: z
      .enum(['extracted', 'blocked', 'no_schedule', 'error'])
      .describe(
        'extracted; blocked (401/403/429, a bot challenge, robots.txt: never worked around); no_schedule; error',
      ),
    detail: z.string().nullable().describe('Why it was blocked, failed or held no regular day; null when extracted'),
    url: z.string().nullable().describe('The URL fetched; null for a document sent as the body'),
    final_url: z.string().nullable().describe('Where redirects led'),
    document: z.string().nullable().describe('The document’s name, when sent as the body'),
    school: z.string().nullable().describe('The school the document names'),
    answers: z.array(ExtractedAnswer).describe('One answer per level the document covers (or the level asked)'),
    schedules: z.array(FoundSchedule).describe('Every schedule found'),
    pdf_links: z
      .array(
        z.object({ url: z.string().describe('The link'), text: z.string().describe('Its text') }).describe('A link'),
      )
      .describe('PDFs the page links to (listed, never fetched)'),
  }),
);

// LCT across years (src/queries/trend-shapes.ts): a district's, a state's or the nation's, and the movers.
export const DistrictTrendYear = component('DistrictTrendYear', trendYear);
export const DistrictTrend = component(
  'DistrictTrend',
  districtTrend.extend({
    years: z
      .array(DistrictTrendYear)
      .describe('Every calculated year in the range, oldest first; a missing one is a gap'),
  }),
);
export const AreaTrendYear = component('AreaTrendYear', areaTrendYear);
export const AreaTrend = component(
  'AreaTrend',
  areaTrend.extend({ years: z.array(AreaTrendYear).describe('Every calculated year in the range, oldest first') }),
);
export const Mover = component('Mover', mover);
export const Movers = component(
  'Movers',
  movers.extend({
    rises: z.array(Mover).describe('The largest rises, largest first'),
    falls: z.array(Mover).describe('The largest falls, largest first'),
  }),
);
