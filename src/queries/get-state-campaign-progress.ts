/**
 * The seed's get_state_campaign_progress, per state for one school year. The original joined districts
 * to bell_schedules and summed enrollment over the joined rows, so a district with three schedules
 * counted three times; here each district is counted once, and statutory-fallback schedules do not enrich.
 */
import type { Queryable } from '../db/database.js';
import { FALLBACK_METHOD } from '../domain/bell-schedules.js';
import { STATE_CAMPAIGN_TARGET } from '../domain/campaign.js';
import { requireSchoolYear } from './arguments.js';

export interface StateCampaignProgress {
  state: string;
  total_districts: number;
  enriched: number;
  unenriched: number;
  /** Percent of the state's districts enriched, 2 decimals. */
  pct_enriched: number;
  /** The state's enrollment, each district once (unknown enrollment counts 0). */
  total_enrollment: number;
  /** At least STATE_CAMPAIGN_TARGET (3) districts enriched. */
  complete: boolean;
}

/** Every state with districts, most enriched first. */
export async function getStateCampaignProgress(db: Queryable, year: string): Promise<StateCampaignProgress[]> {
  const result = await db.query<StateCampaignProgress>(
    `WITH enriched AS (
       SELECT DISTINCT district_id FROM bell_schedules WHERE year = $1 AND method <> $2
     )
     SELECT d.state,
            count(*)::integer AS total_districts,
            count(e.district_id)::integer AS enriched,
            (count(*) - count(e.district_id))::integer AS unenriched,
            round(100.0 * count(e.district_id) / count(*), 2) AS pct_enriched,
            coalesce(sum(d.enrollment), 0)::bigint AS total_enrollment,
            count(e.district_id) >= $3 AS complete
     FROM districts d
     LEFT JOIN enriched e ON e.district_id = d.nces_id
     GROUP BY d.state
     ORDER BY enriched DESC, d.state`,
    [requireSchoolYear(year), FALLBACK_METHOD, STATE_CAMPAIGN_TARGET],
  );
  return result.rows;
}
