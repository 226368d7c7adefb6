/**
 * Campaign progress per state for one school year (get_state_campaign_progress). The original LCT system joined
 * districts to bell_schedules and summed enrollment over the joined rows, so a district with three schedules counted
 * three times; here each district is counted once, and statutory-fallback schedules do not enrich.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import { FALLBACK_METHOD } from '../domain/bell-schedules.js';
import { STATE_CAMPAIGN_TARGET } from '../domain/campaign.js';
import { requireSchoolYear } from './arguments.js';

/**
 * The columns of `mv_state_enrichment_progress`, for one school year (complete: STATE_CAMPAIGN_TARGET enriched), and
 * the state's districts needing a person.
 */
export const stateCampaignProgress = rowSchema('mv_state_enrichment_progress').extend({
  needs_person: z
    .int()
    .describe('Unenriched districts whose last attempt at reading a schedule was blocked: a person must open the page'),
});
export type StateCampaignProgress = z.output<typeof stateCampaignProgress>;

/** Every state with districts, most enriched first. */
export async function getStateCampaignProgress(db: Queryable, year: string): Promise<StateCampaignProgress[]> {
  // Per-state totals come from state_district_totals (kept exact by triggers on districts); the state of
  // each enriched district is looked up by primary key, so no call aggregates all 17,800 districts.
  const result = await db.query<StateCampaignProgress>(
    `WITH enriched_districts AS (
       SELECT DISTINCT district_id FROM bell_schedules WHERE year = $1 AND method <> $2
     ),
     enriched AS (
       SELECT state, count(*)::integer AS enriched
       FROM (SELECT (SELECT d.state FROM districts d WHERE d.nces_id = e.district_id) AS state FROM enriched_districts e) s
       GROUP BY state
     ),
     last_attempts AS (
       SELECT DISTINCT ON (district_id) district_id, outcome
       FROM campaign_attempts WHERE year = $1
       ORDER BY district_id, attempted_at DESC, id DESC
     ),
     blocked AS (
       SELECT (SELECT d.state FROM districts d WHERE d.nces_id = l.district_id) AS state, count(*)::integer AS needs_person
       FROM last_attempts l
       WHERE l.outcome = 'blocked' AND NOT EXISTS (SELECT 1 FROM enriched_districts e WHERE e.district_id = l.district_id)
       GROUP BY 1
     )
     SELECT t.state,
            t.total_districts,
            coalesce(e.enriched, 0) AS enriched,
            t.total_districts - coalesce(e.enriched, 0) AS unenriched,
            round(100.0 * coalesce(e.enriched, 0) / t.total_districts, 2) AS pct_enriched,
            t.total_enrollment,
            coalesce(e.enriched, 0) >= $3 AS complete,
            coalesce(b.needs_person, 0) AS needs_person
     FROM state_district_totals t
     LEFT JOIN enriched e ON e.state = t.state
     LEFT JOIN blocked b ON b.state = t.state
     ORDER BY enriched DESC, t.state`,
    [requireSchoolYear(year), FALLBACK_METHOD, STATE_CAMPAIGN_TARGET],
  );
  return result.rows;
}
