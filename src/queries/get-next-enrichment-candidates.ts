/**
 * The next districts to enrich (get_next_enrichment_candidates): the largest districts of a state that are not enriched
 * that year (no bell schedule whose method is other than statutory_fallback), largest first. Districts with unknown
 * enrollment come last. Claimed districts stay in the list, with who holds them, and each says how its last attempt
 * at reading a schedule went (blocked: it needs a person).
 */
import type { Queryable } from '../db/database.js';
import { FALLBACK_METHOD } from '../domain/bell-schedules.js';
import { DEFAULT_CANDIDATE_LIMIT } from '../domain/campaign.js';
import { requirePositiveInteger, requireSchoolYear, requireStateCode } from './arguments.js';

export interface EnrichmentCandidate {
  nces_id: string;
  name: string;
  state: string;
  enrollment: number | null;
  /** 1 = the state's largest district not yet enriched that year. */
  rank_in_state: number;
  /** The collector holding an active claim on it for that year, if any (`lct campaign claim`). */
  claimed_by: string | null;
  claim_expires_at: Date | null;
  /** The outcome of the last attempt at reading its schedule that year (`campaign_attempts`), if any. */
  last_attempt: 'extracted' | 'blocked' | 'no_schedule' | 'error' | null;
  last_attempt_at: Date | null;
  /** Its last attempt was blocked: a person must open the page by hand. */
  needs_person: boolean;
}

export async function getNextEnrichmentCandidates(
  db: Queryable,
  state: string,
  year: string,
  options: { limit?: number } = {},
): Promise<EnrichmentCandidate[]> {
  const limit = requirePositiveInteger('limit', options.limit ?? DEFAULT_CANDIDATE_LIMIT);
  const result = await db.query<EnrichmentCandidate>(
    `SELECT d.nces_id, d.name, d.state, d.enrollment, d.rank_in_state,
            c.claimed_by, c.expires_at AS claim_expires_at,
            a.outcome AS last_attempt, a.attempted_at AS last_attempt_at,
            coalesce(a.outcome = 'blocked', false) AS needs_person
     FROM (
       SELECT d.nces_id, d.name, d.state, d.enrollment,
              row_number() OVER (ORDER BY d.enrollment DESC NULLS LAST, d.nces_id)::integer AS rank_in_state
       FROM districts d
       WHERE d.state = $1
         AND NOT EXISTS (
           SELECT 1 FROM bell_schedules b WHERE b.district_id = d.nces_id AND b.year = $2 AND b.method <> $3
         )
       ORDER BY d.enrollment DESC NULLS LAST, d.nces_id
       LIMIT $4
     ) d
     LEFT JOIN campaign_claims c
       ON c.district_id = d.nces_id AND c.year = $2 AND c.status = 'active' AND c.expires_at > now()
     LEFT JOIN LATERAL (
       SELECT outcome, attempted_at FROM campaign_attempts
       WHERE district_id = d.nces_id AND year = $2
       ORDER BY attempted_at DESC, id DESC LIMIT 1
     ) a ON true
     ORDER BY d.rank_in_state`,
    [requireStateCode(state), requireSchoolYear(year), FALLBACK_METHOD, limit],
  );
  return result.rows;
}
