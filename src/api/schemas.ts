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
