/**
 * An extracted answer as a bell schedule to store (the input of validateBellSchedule / addBellSchedule and
 * of POST /api/bell-schedules): method automated_enrichment, the URL in source_urls, the school in
 * schools_sampled, the notes and the evidence in notes.
 */
import type { BellScheduleInput } from '../domain/bell-schedules.js';
import type { ExtractedAnswer } from './extract.js';

export interface StoreContext {
  /** The page's URL (null for a saved file). */
  url?: string | null;
  /** The file's name, when the document was not fetched. */
  document?: string | null;
  created_by?: string | null;
}

/** The fields of a bell schedule an answer gives; the caller adds district_id and year. */
export function bellScheduleFieldsOf(answer: ExtractedAnswer, context: StoreContext = {}): BellScheduleInput {
  const from = context.url ?? context.document ?? null;
  return {
    grade_level: answer.level,
    instructional_minutes: answer.instructional_minutes,
    start_time: answer.start_time,
    end_time: answer.end_time,
    lunch_duration: answer.lunch_duration,
    passing_periods: answer.passing_periods,
    method: 'automated_enrichment',
    confidence: answer.confidence,
    schools_sampled: answer.school ? [answer.school] : [],
    source_urls: context.url ? [context.url] : [],
    source: from ? `lct bell-schedule extract: ${from}` : 'lct bell-schedule extract',
    notes: `${answer.notes} Evidence: ${answer.evidence.join(' / ')}`,
    ...(context.created_by ? { created_by: context.created_by } : {}),
  };
}
