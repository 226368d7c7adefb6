/**
 * The next districts to enrich (get_next_enrichment_candidates): the largest districts of a state that are not enriched
 * that year (no bell schedule whose method is other than statutory_fallback), largest first. Districts with unknown
 * enrollment come last. Claimed districts stay in the list, with who holds them, and each says how its last attempt
 * at reading a schedule went (blocked: it needs a person).
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import { FALLBACK_METHOD } from '../domain/bell-schedules.js';
import { DEFAULT_CANDIDATE_LIMIT } from '../domain/campaign.js';
import { requirePositiveInteger, requireSchoolYear, requireStateCode } from './arguments.js';

const claims = rowSchema('campaign_claims').shape;
const attempts = rowSchema('campaign_attempts').shape;
/**
 * A row like `mv_unenriched_districts` (for one year), with the active claim on the district, if any, and how its
 * last attempt at reading a schedule went.
 */
export const enrichmentCandidate = rowSchema('mv_unenriched_districts').extend({
  claimed_by: claims.claimed_by.nullable().describe('The collector holding an active claim on it that year, if any'),
  claim_expires_at: claims.expires_at.nullable().describe('When that claim lapses'),
  last_attempt: attempts.outcome
    .nullable()
    .describe('The outcome of the last attempt at reading its bell schedule that year (campaign_attempts), if any'),
  last_attempt_at: attempts.attempted_at.nullable().describe('When that attempt was made'),
  needs_person: z
    .boolean()
    .describe('Its last attempt was blocked (401/403/429, a bot challenge, robots.txt): a person must open the page'),
});
export type EnrichmentCandidate = z.output<typeof enrichmentCandidate>;

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
