/**
 * Every table and view of the database, described once: each column's PostgreSQL type, nullability and
 * meaning, each relation's meaning, and from them the TypeScript type of its rows (`Row<'districts'>`,
 * kysely-style) and a zod schema of them (`SCHEMA.districts.row`), which the queries type their results
 * with and the HTTP API builds its response schemas (and so its OpenAPI document) from.
 *
 * A migration that adds or changes a table or view changes this file too: test/schema.test.ts compares
 * it with the database's catalog (information_schema) on both engines, relation by relation and column
 * by column, in order. `listSchema()` is the same description as plain data.
 */
import { z } from 'zod';
import { BELL_SCHEDULE_METHODS, CONFIDENCE_LEVELS, SCHOOL_LEVELS } from '../domain/bell-schedules.js';
import { MINUTES_POLICIES } from '../domain/minutes.js';

export type RelationKind = 'table' | 'view' | 'materialized view';

/** One column: `type` as PostgreSQL's format_type() prints it, `value` the zod schema of a non-null value. */
export interface Column<V extends z.ZodType = z.ZodType, N extends boolean = boolean> {
  readonly type: string;
  readonly nullable: N;
  readonly description: string;
  readonly value: V;
}

/** A NOT NULL column; `.orNull()` is the same column where NULL is allowed. */
export interface RequiredColumn<V extends z.ZodType> extends Column<V, false> {
  orNull(): Column<V, true>;
}

function column<V extends z.ZodType>(type: string, value: V, description: string): RequiredColumn<V> {
  return { type, nullable: false, description, value, orNull: () => ({ type, nullable: true, description, value }) };
}

/**
 * A timestamptz: a Date in rows (both engines parse it), an ISO 8601 string in JSON. The codec says both:
 * its output type is the row's, its input (what JSON Schema describes) the wire's.
 */
export const timestampValue = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** Column constructors, named after the PostgreSQL types. numeric and bigint arrive as numbers on both engines. */
export const col = {
  varchar: <V extends z.ZodType = z.ZodString>(length: number, description: string, value?: V) =>
    column(`character varying(${length})`, value ?? (z.string().max(length) as unknown as V), description),
  text: <V extends z.ZodType = z.ZodString>(description: string, value?: V) =>
    column('text', value ?? (z.string() as unknown as V), description),
  smallint: (description: string) => column('smallint', z.int(), description),
  integer: (description: string) => column('integer', z.int(), description),
  bigint: (description: string) => column('bigint', z.int(), description),
  numeric: (description: string, precision?: number, scale?: number) =>
    column(precision === undefined ? 'numeric' : `numeric(${precision},${scale ?? 0})`, z.number(), description),
  boolean: (description: string) => column('boolean', z.boolean(), description),
  timestamptz: (description: string) => column('timestamp with time zone', timestampValue, description),
  textArray: <V extends z.ZodType = z.ZodArray<z.ZodString>>(description: string, value?: V) =>
    column('text[]', value ?? (z.array(z.string()) as unknown as V), description),
  jsonb: <V extends z.ZodType>(description: string, value: V) => column('jsonb', value, description),
};

type Columns = Record<string, Column>;

type RowShape<C extends Columns> = {
  [K in keyof C]: C[K] extends Column<infer V, true> ? z.ZodNullable<V> : C[K]['value'];
};

export interface Relation<C extends Columns = Columns> {
  readonly name: string;
  readonly kind: RelationKind;
  /** What one row is, in a line. */
  readonly description: string;
  readonly columns: C;
  /** The row as a zod object: every column, described, nullable where the column is. */
  readonly row: z.ZodObject<RowShape<C>>;
}

function relation<C extends Columns>(name: string, kind: RelationKind, description: string, columns: C): Relation<C> {
  const shape = Object.fromEntries(
    Object.entries(columns).map(([key, c]) => [
      key,
      (c.nullable ? c.value.nullable() : c.value).describe(c.description),
    ]),
  );
  return { name, kind, description, columns, row: z.object(shape) as unknown as z.ZodObject<RowShape<C>> };
}

const table = <C extends Columns>(name: string, description: string, columns: C) =>
  relation(name, 'table', description, columns);

// Shared column meanings, worded once.
const districtId = (description = 'NCES district (LEA) id, 7 digits with the leading zero') =>
  col.varchar(20, description);
const schoolYear = (description = 'School year, YYYY-YY (2023-24)') => col.varchar(10, description);
const stateCode = (description = 'Two-letter state code (USPS), as NCES publishes it') => col.varchar(2, description);
const runId = (description = 'Calculation run id (its UTC start time, e.g. 20251228T012555.123Z)') =>
  col.varchar(50, description);

// ---------------------------------------------------------------------------------------------------
// The contents of JSON columns

/** An output file of a run (`calculation_runs.output_files`). */
export const outputFile = z.object({
  name: z
    .enum(['all_rows', 'valid_rows', 'summary_by_scope', 'summary_by_state', 'report', 'qa'])
    .describe('Which output: every current row, valid rows, summaries by scope and by state, report, QA'),
  path: z.string().describe('Where the run wrote it'),
  format: z.enum(['csv', 'txt', 'json']).describe('File format'),
});

/** What a run was asked to do (`calculation_runs.options`; `{}` in rows lct calculate did not write). */
export const runOptions = z.object({
  minutes_policy: z
    .enum(MINUTES_POLICIES)
    .optional()
    .describe('How bell schedules became a district day: weighted or high'),
  rules_version: z.int().optional().describe('Version of the calculation rules the run applied'),
  bell_schedule_rule: z
    .string()
    .optional()
    .describe("Which year's bell schedule a level takes (runs before rules version 2: the latest non-COVID one)"),
});

const statistic = (what: string) => z.number().nullable().describe(`${what} of the valid values; null without any`);

export const scopeStatistics = z.object({
  scope: z.string().describe('LCT scope'),
  count: z.int().describe('Valid rows the statistics describe'),
  mean: statistic('Mean'),
  median: statistic('Median'),
  std: z.number().nullable().describe('Sample standard deviation; null with fewer than 2 values'),
  min: statistic('Lowest'),
  max: statistic('Highest'),
});

export const flagCount = z.object({
  flag: z.string().describe('QA flag name (qa_flag_definitions.flag)'),
  severity: z.enum(['error', 'warning']).describe('error: the row is invalid; warning: kept, worth a look'),
  definition: z.string().describe('What the flag means'),
  rows: z.int().describe('Result rows carrying the flag'),
  districts: z.int().describe('Districts with at least one such row'),
});

export const hierarchyCheck = z.object({
  check: z.string().describe('"lower < higher": the mean of the lower scope must be below the higher one'),
  lower: z.string().describe('The scope expected lower'),
  higher: z.string().describe('The scope expected higher'),
  lower_mean: z.number().nullable().describe('Mean valid value of the lower scope'),
  higher_mean: z.number().nullable().describe('Mean valid value of the higher scope'),
  passed: z.boolean().nullable().describe('Whether it holds; null when a scope has no valid rows'),
});

export const outlier = z.object({
  district_id: z.string().describe('NCES district id'),
  district_name: z.string().describe('District name'),
  state: z.string().describe('State code'),
  scope: z.string().describe('LCT scope'),
  lct_value: z.number().describe('The valid LCT value (minutes per student per day)'),
});

/** The QA summary of a run (`calculation_runs.qa_summary` and the run's `qa.json`). */
export const qaSummary = z.object({
  run_id: z.string().describe('The run'),
  year: z.string().describe('School year of the run'),
  run_type: z.enum(['full', 'incremental']).describe('full or incremental'),
  generated_at: z.iso.datetime({ offset: true }).describe('When the summary was made'),
  minutes_policy: z.enum(MINUTES_POLICIES).describe('Minutes policy of the run'),
  scopes: z.array(z.string()).describe('Scopes the run calculated'),
  basis: z.string().describe('What the figures describe'),
  data_quality: z
    .object({
      total_rows: z.int().describe('Current result rows of the run’s scopes'),
      valid_rows: z.int().describe('Rows whose LCT is valid'),
      invalid_rows: z.int().describe('Rows flagged invalid'),
      pass_rate: z.number().describe('Valid rows / all rows, in percent'),
      districts_with_rows: z.int().describe('Districts with at least one row'),
      rows_with_flags: z.int().describe('Rows with at least one QA flag'),
      rows_with_notes: z.int().describe('Rows with calculation notes'),
    })
    .describe('Row counts and pass rate'),
  flags: z.array(flagCount).describe('Every QA flag with its counts'),
  scope_summary: z.array(scopeStatistics).describe('Statistics of valid values per scope'),
  hierarchy: z.array(hierarchyCheck).describe('The scope hierarchy checks'),
  state_coverage: z
    .object({
      states_with_valid_rows: z.int().describe('States with at least one valid row'),
      states_in_districts: z.int().describe('States in the districts table'),
      states_without_valid_rows: z.array(z.string()).describe('States with districts but no valid row'),
    })
    .describe('Which states have valid results'),
  outliers: z
    .array(
      z.object({
        scope: z.string().describe('LCT scope'),
        lowest: z.array(outlier).describe('The lowest valid values'),
        highest: z.array(outlier).describe('The highest valid values'),
      }),
    )
    .describe('Per scope, the lowest and highest valid values'),
  overall_status: z.enum(['PASS', 'WARNING']).describe('PASS, or WARNING with reasons'),
  status_reasons: z.array(z.string()).describe('Why the status is WARNING'),
});

const rowValues = z.record(z.string(), z.unknown());

/** A change recorded in data_lineage (migrations/0002_lineage.sql): the row's values, or a bulk load's summary. */
export const lineageChanges = z.object({
  before: rowValues.optional().describe('update: the changed fields before; delete: the whole row'),
  after: rowValues.optional().describe('update: the changed fields after; insert: the whole row'),
  bulk: z.literal(true).optional().describe('A bulk insert, recorded once for all its rows'),
  rows: z.int().optional().describe('Rows the bulk insert wrote'),
  first: z.string().optional().describe('Its first key'),
  last: z.string().optional().describe('Its last key'),
});

// ---------------------------------------------------------------------------------------------------
// Reference tables, filled from src/domain by `lct db migrate`

const grade_codes = table('grade_codes', 'A grade code of the NCES membership file and the band it counts in', {
  code: col.varchar(5, 'Grade code (PK, KG, G01…G13, UG, AE)'),
  nces_label: col.text('The grade as NCES labels it'),
  band: col.text(
    'prek, elementary, middle, high, ungraded or excluded',
    z.enum(['prek', 'elementary', 'middle', 'high', 'ungraded', 'excluded']),
  ),
  k12: col.boolean('Counted in K-12 enrollment'),
  sort_order: col.integer('Display order'),
});

const staff_categories = table('staff_categories', 'A staff category of the NCES staff file', {
  category: col.varchar(50, 'Staff category (elementary_teachers, paraprofessionals, …)'),
  nces_label: col.text('The category as NCES labels it'),
  teacher_level: col
    .text(
      'Which teachers the category holds: elementary, secondary, ungraded or prek',
      z.enum(['elementary', 'secondary', 'ungraded', 'prek']),
    )
    .orNull(),
  sort_order: col.integer('Display order'),
});

const lct_scopes = table('lct_scopes', 'An LCT scope: which staff over which students', {
  scope: col.varchar(50, 'Scope name (teachers_only … all, the SPED scopes)'),
  description: col.text('What the scope counts'),
  staff_categories: col.textArray('Staff categories summed as the numerator'),
  enrollment_type: col.text('Enrollment used as the denominator: k12, elementary, secondary, sped or gened'),
  sort_order: col.integer('Display order, narrowest scope first'),
});

const qa_flag_definitions = table('qa_flag_definitions', 'A QA flag a result row can carry', {
  flag: col.text('Flag name (ERR_… invalidates the row, WARN_… does not)'),
  severity: col.text('error or warning', z.enum(['error', 'warning'])),
  definition: col.text('What the flag means'),
});

// ---------------------------------------------------------------------------------------------------
// Data

const districts = table('districts', 'A school district (NCES local education agency)', {
  nces_id: districtId(),
  name: col.varchar(255, 'District name as NCES publishes it'),
  state: stateCode(),
  enrollment: col.integer('K-12 enrollment (NCES membership); null when not reported').orNull(),
  schools: col.integer('Number of schools; null when not reported').orNull(),
  locale_code: col.varchar(10, 'NCES urban-centric locale code (11 city large … 43 rural remote)').orNull(),
  metadata: col.jsonb(
    'Other directory fields kept from the source (website, address, …)',
    z.record(z.string(), z.unknown()),
  ),
  created_at: col.timestamptz('When the row was first stored'),
  updated_at: col.timestamptz('When the row last changed'),
});

const state_requirements = table('state_requirements', "A state's required daily instructional minutes by level", {
  state_code: stateCode(),
  state_name: col.varchar(100, 'State name'),
  elementary_minutes: col.integer('Required daily minutes, elementary; null when the state sets none').orNull(),
  middle_minutes: col.integer('Required daily minutes, middle; null when the state sets none').orNull(),
  high_minutes: col.integer('Required daily minutes, high; null when the state sets none').orNull(),
  notes: col.text('How the requirement reads or was converted').orNull(),
  source_url: col.text('Where the requirement is published').orNull(),
  updated_at: col.timestamptz('When the row last changed'),
});

const bell_schedules = table('bell_schedules', "A district's collected school day for one year and level", {
  id: col.integer('Row id'),
  district_id: districtId(),
  year: schoolYear('School year of the schedule (never a COVID year, 2019-20 to 2022-23)'),
  grade_level: col.varchar(20, 'elementary, middle or high', z.enum(SCHOOL_LEVELS)),
  instructional_minutes: col.integer('Daily instructional minutes, 100-600'),
  start_time: col.varchar(20, 'School start as written, e.g. 8:00 AM').orNull(),
  end_time: col.varchar(20, 'School end as written, e.g. 3:00 PM').orNull(),
  lunch_duration: col.integer('Lunch, minutes').orNull(),
  passing_periods: col.integer('Passing periods, minutes in total').orNull(),
  method: col.varchar(
    50,
    'How it was collected: human_provided, automated_enrichment, or statutory_fallback (the state requirement)',
    z.enum(BELL_SCHEDULE_METHODS),
  ),
  confidence: col.varchar(20, 'Confidence in the minutes: high, medium or low', z.enum(CONFIDENCE_LEVELS)),
  schools_sampled: col.jsonb('Schools whose timetables were read', z.array(z.string())),
  source_urls: col.jsonb('Where the schedule was found', z.array(z.string())),
  source: col.text('Description of the source').orNull(),
  notes: col.text('Anything worth knowing about the schedule').orNull(),
  created_at: col.timestamptz('When the row was first stored'),
  created_by: col.varchar(100, 'Who collected it').orNull(),
  updated_at: col.timestamptz('When the row last changed'),
});

const grade_level_enrollment = table('grade_level_enrollment', "A district's enrollment in one grade and year", {
  nces_id: districtId(),
  year: schoolYear(),
  grade: col.varchar(5, 'Grade code (grade_codes.code)'),
  enrollment: col.integer('Students enrolled; null when not reported (never 0 for unknown)').orNull(),
});

const grade_level_staffing = table('grade_level_staffing', "A district's staff FTE in one category and year", {
  nces_id: districtId(),
  year: schoolYear(),
  category: col.varchar(50, 'Staff category (staff_categories.category)'),
  fte_count: col.numeric('Full-time equivalents; null when not reported', 10, 2).orNull(),
});

const sped_estimates = table('sped_estimates', "A district's estimated special-education enrollment and staff", {
  nces_id: districtId(),
  year: schoolYear(),
  sped_enrollment: col.integer('Estimated special-education students').orNull(),
  gened_enrollment: col.integer('Estimated general-education students').orNull(),
  sped_teachers: col.numeric('Estimated special-education teachers, FTE', 10, 2).orNull(),
  sped_instructional: col.numeric('Estimated special-education instructional staff, FTE', 10, 2).orNull(),
  gened_teachers: col.numeric('Estimated general-education teachers, FTE', 10, 2).orNull(),
  confidence: col.varchar(20, 'Confidence in the estimate: high, medium or low', z.enum(CONFIDENCE_LEVELS)).orNull(),
  updated_at: col.timestamptz('When the row last changed'),
});

const calculation_runs = table('calculation_runs', 'A calculation run: one year, its scopes, its QA summary', {
  run_id: runId(),
  year: schoolYear('School year calculated'),
  run_type: col.varchar(
    30,
    'full (every district) or incremental (changed districts)',
    z.enum(['full', 'incremental']),
  ),
  status: col.varchar(20, 'running, completed or failed', z.enum(['running', 'completed', 'failed'])),
  districts_processed: col.integer('Districts the run calculated'),
  calculations_created: col.integer('Result rows the run wrote'),
  input_hash: col.varchar(64, 'SHA-256 over the district hashes and the options').orNull(),
  output_files: col.jsonb('Files the run wrote', z.array(outputFile)),
  qa_summary: col.jsonb('The QA summary; null until the run completes', qaSummary).orNull(),
  started_at: col.timestamptz('When the run started'),
  completed_at: col.timestamptz('When it completed or failed; null while running').orNull(),
  duration_seconds: col.numeric('How long it took, seconds', 10, 3).orNull(),
  scopes: col.textArray('Scopes calculated'),
  options: col.jsonb('What the run was asked to do', runOptions),
  previous_run_id: runId('The run an incremental run followed').orNull(),
  error: col.text('Why the run failed').orNull(),
  districts_hash: col.varchar(64, "SHA-256 over every district's input hash after the run").orNull(),
});

const resultColumns = {
  id: col.bigint('Row id'),
  district_id: districtId(),
  year: schoolYear(),
  scope: col.varchar(50, 'LCT scope (lct_scopes.scope)'),
  instructional_minutes: col.numeric('Daily instructional minutes used', 6, 2).orNull(),
  minutes_source: col
    .varchar(50, 'Where the minutes came from: bell_schedule, state_requirement, default or mixed')
    .orNull(),
  minutes_year: schoolYear('Year of the bell schedules used').orNull(),
  staff_count: col.numeric("Staff FTE of the scope's categories", 10, 2).orNull(),
  staff_year: schoolYear('Year of the staff counts').orNull(),
  enrollment: col.integer("Students of the scope's enrollment type").orNull(),
  enrollment_type: col.varchar(30, 'Denominator: k12, elementary, secondary, sped or gened').orNull(),
  enrollment_year: schoolYear('Year of the enrollment').orNull(),
  lct_value: col.numeric('LCT: minutes × staff / enrollment, minutes per student per day, 2 decimals', 10, 2).orNull(),
  valid: col.boolean('No error flag: the value counts in statistics'),
  qa_flags: col.textArray('QA flags of the row (qa_flag_definitions.flag)'),
  calculation_notes: col.text('How the value was reached when not plainly').orNull(),
  run_id: runId('The run that wrote the row'),
  created_at: col.timestamptz('When the row was written'),
};

const lct_calculations = table(
  'lct_calculations',
  'An LCT result of one district, year and scope, as one run calculated it',
  resultColumns,
);

const calculation_district_inputs = table(
  'calculation_district_inputs',
  'A district a run processed, with the hash of its inputs (what incremental runs compare)',
  {
    run_id: runId(),
    district_id: districtId(),
    input_hash: col.varchar(64, "SHA-256 of the district's inputs"),
    enrollment_hash: col.varchar(16, 'Fingerprint of its enrollment rows').orNull(),
    staffing_hash: col.varchar(16, 'Fingerprint of its staffing rows').orNull(),
    bell_schedule_hash: col.varchar(16, 'Fingerprint of the bell schedules used').orNull(),
    state_requirement_hash: col.varchar(16, "Fingerprint of its state's requirement").orNull(),
    sped_hash: col.varchar(16, 'Fingerprint of its SPED estimate').orNull(),
  },
);

const calculation_pending_districts = table(
  'calculation_pending_districts',
  'A district whose inputs may have changed since the year was last calculated',
  { year: schoolYear(), district_id: districtId() },
);

const data_lineage = table('data_lineage', 'One change to a data row: what, by whom (source), when', {
  id: col.bigint('Row id'),
  table_name: col.varchar(100, 'The table changed'),
  operation: col.varchar(50, 'insert, update or delete', z.enum(['insert', 'update', 'delete'])),
  record_id: col.text("The row's key values joined with '/', or 'first .. last' for a bulk load").orNull(),
  changes: col
    .jsonb('before/after of the changed fields, or a bulk summary {bulk, rows, first, last}', lineageChanges)
    .orNull(),
  source: col.text('Who changed it: import:<file>, cli:<command>, api:<token name>, sql'),
  timestamp: col.timestamptz('When'),
});

const district_directory = table('district_directory', "What one year's NCES directory (file 029) said of a district", {
  nces_id: districtId(),
  year: schoolYear('School year of the directory file'),
  name: col.varchar(255, 'District name that year'),
  state: stateCode(),
  lea_type: col.smallint('NCES LEA_TYPE code (1 regular … 9 specialized)').orNull(),
  sy_status: col
    .smallint('NCES SY_STATUS at the start of the year (district_status.code: 1 open, 2 closed, 3 new, …)')
    .orNull(),
  updated_status: col.smallint('NCES UPDATED_STATUS, the status as updated during the year (same codes)').orNull(),
  operational_schools: col.integer('Operational schools that year').orNull(),
  st_leaid: col.varchar(50, "The state's own id of the district").orNull(),
  metadata: col.jsonb(
    'Every other column of the directory file, under its NCES name',
    z.record(z.string(), z.unknown()),
  ),
});

const district_status = table('district_status', 'An NCES district status code by name', {
  code: col.smallint('SY_STATUS / UPDATED_STATUS code'),
  name: col.text('open, closed, new, added, changed boundary, inactive, future or reopened'),
  breaks_series: col.boolean('Whether a district in this status starts a new series of yearly values'),
});

const campaign_claims = table('campaign_claims', 'A collector reserving one district for one year of the campaign', {
  id: col.bigint('Claim id'),
  district_id: districtId(),
  year: schoolYear('Campaign school year'),
  claimed_by: col.varchar(100, 'The collector'),
  claimed_at: col.timestamptz('When it was claimed'),
  expires_at: col.timestamptz('When the claim lapses'),
  status: col.varchar(
    20,
    'active, completed (a schedule arrived), released or expired',
    z.enum(['active', 'completed', 'released', 'expired']),
  ),
  ended_at: col.timestamptz('When it stopped being active').orNull(),
  bell_schedule_id: col.bigint('The bell schedule that completed it').orNull(),
});

const campaign_attempts = table(
  'campaign_attempts',
  "One attempt at reading a district's bell schedule from a page or document (lct bell-schedule extract)",
  {
    id: col.bigint('Attempt id'),
    district_id: districtId(),
    year: schoolYear('Campaign school year'),
    url: col.text('The URL fetched; null for a saved file').orNull(),
    document: col.text('The file read, when not fetched').orNull(),
    outcome: col.varchar(
      20,
      'extracted, blocked (401/403/429, a bot challenge, robots.txt), no_schedule or error',
      z.enum(['extracted', 'blocked', 'no_schedule', 'error']),
    ),
    detail: col.text('Why: the status or rule that blocked it, the error, what the document held instead').orNull(),
    schedules_added: col.integer('Bell schedules stored from it (--add)'),
    attempted_at: col.timestamptz('When'),
    attempted_by: col.varchar(100, 'Who (the collector)').orNull(),
  },
);

const lct_area_trends = table(
  'lct_area_trends',
  "A state's or the nation's LCT for a year and scope over its valid districts, written by the year's latest run",
  {
    area: col.varchar(6, "A state code, or 'nation'"),
    year: schoolYear(),
    scope: col.varchar(50, 'LCT scope'),
    district_count: col.integer("Districts with a valid LCT (0 only on the nation's row of a scope without any)"),
    lct_median: col.numeric('Median LCT, 2 decimals half to even', 10, 2).orNull(),
    lct_weighted: col.numeric('Σ minutes × staff / Σ enrollment, 2 decimals', 10, 2).orNull(),
    enrollment: col.bigint('Σ enrollment').orNull(),
    staff_count: col.numeric('Σ staff FTE', 14, 2).orNull(),
    instructional_minutes: col.numeric('Minutes weighted by enrollment, 2 decimals', 6, 2).orNull(),
    minutes_source: col.varchar(50, 'Their source when all agree, otherwise mixed').orNull(),
    run_id: runId('The run that wrote the year'),
  },
);

const lct_result_counts = table(
  'lct_result_counts',
  "How many current results a state or the nation has for a year and scope, written by the year's latest run",
  {
    area: col.varchar(6, "A state code, or 'nation'"),
    year: schoolYear(),
    scope: col.varchar(50, 'LCT scope'),
    valid_count: col.integer('Current results that are valid'),
    invalid_count: col.integer('Current results that are not'),
    run_id: runId('The run that counted the year'),
  },
);

const input_years = table(
  'input_years',
  'A school year that has enrollment or staffing rows, with how many, kept by triggers',
  {
    table_name: col.varchar(30, 'grade_level_enrollment or grade_level_staffing'),
    year: schoolYear(),
    row_count: col.bigint('Its rows in that table'),
  },
);

const state_district_totals = table(
  'state_district_totals',
  "A state's district count and enrollment, kept by triggers",
  {
    state: stateCode(),
    total_districts: col.integer('Districts in the state'),
    total_enrollment: col.bigint('Their enrollment, each district once (unknown counts 0)'),
  },
);

const materialized_view_refreshes = table(
  'materialized_view_refreshes',
  'When a materialized view was last refreshed',
  {
    view_name: col.text('The materialized view'),
    refreshed_at: col.timestamptz('When its last refresh ended'),
    duration_ms: col.numeric('How long it took, milliseconds', 12, 1),
  },
);

const schema_migrations = table('schema_migrations', 'A migration file applied to this database', {
  version: col.integer('Its number (0001_… → 1)'),
  name: col.text('Its file name'),
  checksum: col.varchar(64, "SHA-256 of the file's text when applied"),
  applied_at: col.timestamptz('When it was applied'),
});

// ---------------------------------------------------------------------------------------------------
// Views. PostgreSQL does not record whether a view's column can be NULL; what is declared here is what
// the view's SQL gives (test/schema.test.ts checks it on data).

const lct_current = relation(
  'lct_current',
  'view',
  'The current LCT result of each district, year and scope: the row of the latest completed run that processed it',
  resultColumns,
);

const mv_districts_with_lct_data = relation(
  'mv_districts_with_lct_data',
  'materialized view',
  'A district with enrollment and teachers, from its latest year that has both',
  {
    nces_id: districtId(),
    name: col.varchar(255, 'District name'),
    state: stateCode(),
    enrollment: col.integer('K-12 enrollment (districts.enrollment)').orNull(),
    elem_enrollment: col.integer('Elementary enrollment that year').orNull(),
    sec_enrollment: col.integer('Middle and high enrollment that year').orNull(),
    elem_teachers: col.numeric('Elementary teachers, FTE').orNull(),
    sec_teachers: col.numeric('Secondary teachers, FTE').orNull(),
    ungraded_teachers: col.numeric('Ungraded teachers, FTE').orNull(),
    year: schoolYear('The year the figures are from'),
  },
);

const mv_state_enrichment_progress = relation(
  'mv_state_enrichment_progress',
  'materialized view',
  "A state's bell-schedule campaign progress over all years",
  {
    state: stateCode(),
    total_districts: col.integer('Districts in the state'),
    enriched: col.integer('Districts with a bell schedule other than a statutory fallback'),
    unenriched: col.integer('Districts without one'),
    pct_enriched: col.numeric('Percent of districts enriched, 2 decimals'),
    total_enrollment: col.bigint('Enrollment of the state, each district once (unknown counts 0)'),
    complete: col.boolean('At least 3 districts enriched'),
  },
);

const mv_unenriched_districts = relation(
  'mv_unenriched_districts',
  'materialized view',
  'A district without a real bell schedule, ranked in its state by enrollment',
  {
    nces_id: districtId(),
    name: col.varchar(255, 'District name'),
    state: stateCode(),
    enrollment: col.integer('K-12 enrollment').orNull(),
    rank_in_state: col.integer("1 = the state's largest unenriched district"),
  },
);

const mv_lct_summary_stats = relation(
  'mv_lct_summary_stats',
  'materialized view',
  'Statistics of the valid current LCT values of one year and scope',
  {
    scope: col.varchar(50, 'LCT scope'),
    district_count: col.integer('Districts with a valid value'),
    mean_lct: col.numeric('Mean, 2 decimals'),
    median_lct: col.numeric('Median, 2 decimals'),
    std_lct: col.numeric('Sample standard deviation, 2 decimals; null with one district').orNull(),
    min_lct: col.numeric('Lowest value'),
    max_lct: col.numeric('Highest value'),
    year: schoolYear(),
  },
);

/** Every relation, by name: tables first (reference, data, bookkeeping), then views. */
export const SCHEMA = {
  grade_codes,
  staff_categories,
  lct_scopes,
  qa_flag_definitions,
  districts,
  state_requirements,
  bell_schedules,
  grade_level_enrollment,
  grade_level_staffing,
  sped_estimates,
  calculation_runs,
  lct_calculations,
  calculation_district_inputs,
  calculation_pending_districts,
  data_lineage,
  district_directory,
  district_status,
  campaign_claims,
  campaign_attempts,
  lct_area_trends,
  lct_result_counts,
  input_years,
  state_district_totals,
  materialized_view_refreshes,
  schema_migrations,
  lct_current,
  mv_districts_with_lct_data,
  mv_state_enrichment_progress,
  mv_unenriched_districts,
  mv_lct_summary_stats,
} as const;

export type RelationName = keyof typeof SCHEMA;

/** A row of a table or view as a query returns it: `Row<'districts'>`, `Pick<Row<'lct_current'>, 'scope'>`. */
export type Row<N extends RelationName> = z.output<(typeof SCHEMA)[N]['row']>;

/** The zod object of a relation's rows (for API schemas: `rowSchema('districts').pick({ … })`). */
export function rowSchema<N extends RelationName>(name: N): (typeof SCHEMA)[N]['row'] {
  return SCHEMA[name].row;
}

export interface ColumnListing {
  name: string;
  type: string;
  nullable: boolean;
  description: string;
}

export interface RelationListing {
  name: string;
  kind: RelationKind;
  description: string;
  columns: ColumnListing[];
}

/** The schema as plain data: every table and view with its columns, types and one-line meanings. */
export function listSchema(): RelationListing[] {
  return Object.values(SCHEMA).map((r: Relation) => ({
    name: r.name,
    kind: r.kind,
    description: r.description,
    columns: Object.entries(r.columns).map(([name, c]) => ({
      name,
      type: c.type,
      nullable: c.nullable,
      description: c.description,
    })),
  }));
}
