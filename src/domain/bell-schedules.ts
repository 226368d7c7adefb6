/**
 * Bell-schedule rules: levels, methods (with the aliases older tools wrote), confidence, the minutes range.
 * The same values are enforced by check constraints on `bell_schedules` (migrations/0001_tables.sql).
 */
export const SCHOOL_LEVELS = ['elementary', 'middle', 'high'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const BELL_SCHEDULE_METHODS = ['human_provided', 'automated_enrichment', 'statutory_fallback'] as const;
export type BellScheduleMethod = (typeof BELL_SCHEDULE_METHODS)[number];

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** Real school days are never shorter than this, whatever the seed's looser check allowed. */
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
