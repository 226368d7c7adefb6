/**
 * Bell-schedule rules: levels, methods (with the aliases older tools wrote), confidence, the minutes range.
 * The same values are enforced by check constraints on `bell_schedules` (migrations/0001_tables.sql).
 */
import { normalizeDistrictId } from './ids.js';
import { COVID_YEARS, isCovidYear, normalizeSchoolYear } from './years.js';

export const SCHOOL_LEVELS = ['elementary', 'middle', 'high'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const BELL_SCHEDULE_METHODS = ['human_provided', 'automated_enrichment', 'statutory_fallback'] as const;
export type BellScheduleMethod = (typeof BELL_SCHEDULE_METHODS)[number];

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** Real school days are never shorter than this, though the original system's check allowed 0-600. */
export const MIN_INSTRUCTIONAL_MINUTES = 100;
export const MAX_INSTRUCTIONAL_MINUTES = 600;

/** A district is enriched when it has a schedule whose method is not this one. */
export const FALLBACK_METHOD: BellScheduleMethod = 'statutory_fallback';

const METHOD_ALIASES: Readonly<Record<string, BellScheduleMethod>> = {
  human_provided: 'human_provided',
  manual: 'human_provided',
  manual_data_collection: 'human_provided',
  district_policy: 'human_provided',
  automated_enrichment: 'automated_enrichment',
  web_scraping: 'automated_enrichment',
  web_scrape_tier1: 'automated_enrichment',
  web_scrape_tier2: 'automated_enrichment',
  automated: 'automated_enrichment',
  pdf_extraction: 'automated_enrichment',
  statutory_fallback: 'statutory_fallback',
  state_statutory: 'statutory_fallback',
  fallback_statutory: 'statutory_fallback',
  statutory: 'statutory_fallback',
};

export const METHOD_ALIAS_NAMES: readonly string[] = Object.keys(METHOD_ALIASES);

export function normalizeMethod(raw: string): BellScheduleMethod | undefined {
  return METHOD_ALIASES[raw.trim().toLowerCase()];
}

export function isSchoolLevel(value: string): value is SchoolLevel {
  return (SCHOOL_LEVELS as readonly string[]).includes(value);
}

export function isConfidence(value: string): value is Confidence {
  return (CONFIDENCE_LEVELS as readonly string[]).includes(value);
}

/** A bell schedule as the database stores it (`bell_schedules` without id and timestamps). */
export interface BellScheduleRecord {
  district_id: string;
  year: string;
  grade_level: SchoolLevel;
  instructional_minutes: number;
  start_time: string | null;
  end_time: string | null;
  lunch_duration: number | null;
  passing_periods: number | null;
  method: BellScheduleMethod;
  confidence: Confidence;
  schools_sampled: string[];
  source_urls: string[];
  source: string | null;
  notes: string | null;
  created_by: string | null;
}

/** What people, files and requests hand us: ids without the leading zero, method aliases, numbers as text. */
export interface BellScheduleInput {
  district_id?: unknown;
  year?: unknown;
  grade_level?: unknown;
  instructional_minutes?: unknown;
  start_time?: unknown;
  end_time?: unknown;
  lunch_duration?: unknown;
  passing_periods?: unknown;
  method?: unknown;
  confidence?: unknown;
  schools_sampled?: unknown;
  source_urls?: unknown;
  source?: unknown;
  notes?: unknown;
  created_by?: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const text = (v: unknown): string | null => (blank(v) ? null : String(v).trim());

function wholeNumber(v: unknown): number | null | 'invalid' {
  if (blank(v)) return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isInteger(n) ? n : 'invalid';
}

/** A list given as an array, a JSON array, or text separated by ';' or '|'. */
function textList(v: unknown): string[] | 'invalid' {
  if (blank(v)) return [];
  if (Array.isArray(v))
    return v.every((x) => typeof x === 'string') ? v.map((x) => x.trim()).filter(Boolean) : 'invalid';
  if (typeof v !== 'string') return 'invalid';
  const trimmed = v.trim();
  if (trimmed.startsWith('[')) {
    try {
      return textList(JSON.parse(trimmed));
    } catch {
      return 'invalid';
    }
  }
  return trimmed
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The one validation of a bell schedule, shared by the importer, `addBellSchedule`, the CLI and the API.
 * `defaults` fills fields the input leaves blank (e.g. year 2024-25 for the original JSON shape).
 */
export function validateBellSchedule(
  input: BellScheduleInput,
  defaults: { year?: string; method?: BellScheduleMethod; confidence?: Confidence } = {},
): Validated<BellScheduleRecord> {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  const districtId = normalizeDistrictId(blank(input.district_id) ? null : (input.district_id as string | number));
  if (blank(input.district_id)) fail('district_id', 'is required');
  else if (!districtId)
    fail('district_id', `"${String(input.district_id)}" is not an NCES district id (6 or 7 digits)`);

  const yearRaw = text(input.year) ?? defaults.year ?? null;
  const year = yearRaw === null ? null : normalizeSchoolYear(yearRaw);
  if (yearRaw === null) fail('year', 'is required (a school year such as 2024-25)');
  else if (!year) fail('year', `"${yearRaw}" is not a school year (write it like 2024-25)`);
  else if (isCovidYear(year))
    fail(
      'year',
      `${year} is a COVID year (${COVID_YEARS[0]} to ${COVID_YEARS.at(-1)}): its schedules are not comparable`,
    );

  const level = text(input.grade_level)?.toLowerCase() ?? null;
  if (level === null) fail('grade_level', `is required (${SCHOOL_LEVELS.join(', ')})`);
  else if (!isSchoolLevel(level)) fail('grade_level', `"${level}" is not one of ${SCHOOL_LEVELS.join(', ')}`);

  const minutes = wholeNumber(input.instructional_minutes);
  if (minutes === null) fail('instructional_minutes', 'is required');
  else if (minutes === 'invalid')
    fail('instructional_minutes', `"${String(input.instructional_minutes)}" is not a whole number of minutes`);
  else if (minutes < MIN_INSTRUCTIONAL_MINUTES || minutes > MAX_INSTRUCTIONAL_MINUTES) {
    fail(
      'instructional_minutes',
      `${minutes} is outside ${MIN_INSTRUCTIONAL_MINUTES}-${MAX_INSTRUCTIONAL_MINUTES} minutes a day`,
    );
  }

  const lunch = wholeNumber(input.lunch_duration);
  if (lunch === 'invalid' || (typeof lunch === 'number' && lunch < 0))
    fail('lunch_duration', `"${String(input.lunch_duration)}" is not a whole number of minutes ≥ 0`);
  const passing = wholeNumber(input.passing_periods);
  if (passing === 'invalid' || (typeof passing === 'number' && passing < 0))
    fail('passing_periods', `"${String(input.passing_periods)}" is not a whole number of minutes ≥ 0`);

  const methodRaw = text(input.method);
  const method = methodRaw === null ? (defaults.method ?? null) : (normalizeMethod(methodRaw) ?? null);
  if (methodRaw === null && !method) fail('method', `is required (${BELL_SCHEDULE_METHODS.join(', ')})`);
  else if (!method)
    fail(
      'method',
      `"${methodRaw}" is not a known method: use ${BELL_SCHEDULE_METHODS.join(', ')} or an alias (${METHOD_ALIAS_NAMES.filter((m) => !(BELL_SCHEDULE_METHODS as readonly string[]).includes(m)).join(', ')})`,
    );

  const confidenceRaw = text(input.confidence)?.toLowerCase() ?? null;
  const confidence = confidenceRaw ?? defaults.confidence ?? 'medium';
  if (!isConfidence(confidence)) fail('confidence', `"${confidenceRaw}" is not one of ${CONFIDENCE_LEVELS.join(', ')}`);

  const schools = textList(input.schools_sampled);
  if (schools === 'invalid') fail('schools_sampled', 'must be a list of school names');
  const urls = textList(input.source_urls);
  if (urls === 'invalid') fail('source_urls', 'must be a list of URLs');

  const short = (field: keyof BellScheduleInput, max: number) => {
    const value = text(input[field]);
    if (value !== null && value.length > max) fail(field, `is longer than ${max} characters`);
    return value;
  };
  const startTime = short('start_time', 20);
  const endTime = short('end_time', 20);
  const createdBy = short('created_by', 100);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      district_id: districtId!,
      year: year!,
      grade_level: level as SchoolLevel,
      instructional_minutes: minutes as number,
      start_time: startTime,
      end_time: endTime,
      lunch_duration: lunch as number | null,
      passing_periods: passing as number | null,
      method: method!,
      confidence: confidence as Confidence,
      schools_sampled: schools as string[],
      source_urls: urls as string[],
      source: text(input.source),
      notes: text(input.notes),
      created_by: createdBy,
    },
  };
}
