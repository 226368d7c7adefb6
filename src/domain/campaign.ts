/**
 * The bell-schedule enrichment campaign: collectors gather real schedules, largest districts first, until
 * every state has at least STATE_CAMPAIGN_TARGET enriched districts. Enriched = at least one schedule that
 * year whose method is not FALLBACK_METHOD (src/domain/bell-schedules.ts).
 */

/** A state's campaign is complete with this many enriched districts. */
export const STATE_CAMPAIGN_TARGET = 3;

/** How many candidates `lct candidates` lists, as the original LCT system's get_next_enrichment_candidates did. */
export const DEFAULT_CANDIDATE_LIMIT = 9;

/** How long a claim reserves a district for its collector unless they ask for longer. */
export const DEFAULT_CLAIM_HOURS = 2;

/** The school year a date falls in: August to July (2026-11-25 → 2026-27, 2026-03-01 → 2025-26). */
export function currentSchoolYear(date: Date = new Date()): string {
  const start = date.getUTCMonth() >= 7 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
