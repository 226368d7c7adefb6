/**
 * The next districts to enrich (get_next_enrichment_candidates): the largest districts of a state that are not enriched
 * that year (no bell schedule whose method is other than statutory_fallback), largest first. Districts with unknown
 * enrollment come last. Claimed districts stay in the list, with who holds them.
 */
import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import { FALLBACK_METHOD } from '../domain/bell-schedules.js';
import { DEFAULT_CANDIDATE_LIMIT } from '../domain/campaign.js';
import { requirePositiveInteger, requireSchoolYear, requireStateCode } from './arguments.js';

const claims = rowSchema('campaign_claims').shape;
/** A row like `mv_unenriched_districts` (for one year), with the active claim on the district, if any. */
export const enrichmentCandidate = rowSchema('mv_unenriched_districts').extend({
  claimed_by: claims.claimed_by.nullable().describe('The collector holding an active claim on it that year, if any'),
  claim_expires_at: claims.expires_at.nullable().describe('When that claim lapses'),
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
            c.claimed_by, c.expires_at AS claim_expires_at
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
     ORDER BY d.rank_in_state`,
    [requireStateCode(state), requireSchoolYear(year), FALLBACK_METHOD, limit],
  );
  return result.rows;
}
