/**
 * Hands a collector the next enrichment candidate of a state (the largest district not enriched that year
 * and not claimed by anyone else) and reserves it for them, by default for 2 hours.
 *
 * No two collectors ever get the same district, on any number of connections:
 * 1. the candidate's `districts` row is locked FOR NO KEY UPDATE … SKIP LOCKED, so concurrent collectors
 *    skip the rows others are busy claiming instead of queueing behind them;
 * 2. holding that lock, a second statement (a fresh snapshot under READ COMMITTED) looks again and inserts
 *    the claim only if nobody claimed or enriched the district meanwhile; otherwise the next one is tried;
 * 3. a unique index allows one active claim per district and year, whatever else goes wrong.
 * `addBellSchedule` takes FOR SHARE on the district, so it waits for a claim in progress and vice versa.
 */
import type { Database, Queryable } from '../db/database.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Row } from '../db/schema.js';
import { LctError } from '../errors.js';
import { FALLBACK_METHOD } from '../domain/bell-schedules.js';
import { DEFAULT_CLAIM_HOURS } from '../domain/campaign.js';
import { requireCampaignYear, requirePositiveNumber, requireStateCode } from './arguments.js';
import { claimLineageCte, type CampaignClaim, type ClaimedDistrict } from './campaign-claim.js';

export interface ClaimOptions {
  /** Who collects (name, email, handle); shown to the other collectors. */
  claimedBy: string;
  /** How long the reservation lasts; afterwards the district is free again. Default 2. */
  hours?: number;
  /** Recorded as `data_lineage.source`; default `lib:claimNextCandidate` (the CLI uses `cli:campaign claim`). */
  source?: string;
}

/** A district whose claim we tried to take but found taken: after this many, something is badly wrong. */
const MAX_ATTEMPTS = 1000;

/** The claimed district, or null when every unenriched district of the state is enriched or claimed. */
export async function claimNextCandidate(
  db: Database | Queryable,
  state: string,
  year: string,
  options: ClaimOptions,
): Promise<ClaimedDistrict | null> {
  const params = {
    state: requireStateCode(state),
    year: requireCampaignYear(year),
    claimedBy: options.claimedBy?.trim(),
    seconds: requirePositiveNumber('hours', options.hours ?? DEFAULT_CLAIM_HOURS) * 3600,
  };
  if (!params.claimedBy) throw new LctError("A claim needs the collector's name.", 'Add --by NAME.');
  if (params.claimedBy.length > 100) throw new LctError("The collector's name is longer than 100 characters.");

  return inTransaction(
    db,
    async (tx) => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        // The district is locked as it is picked; an expired claim on it still marked active (it would block
        // the unique index) is closed in the same statement.
        const picked = await tx.query<Pick<Row<'districts'>, 'nces_id' | 'name' | 'state' | 'enrollment'>>(
          `WITH picked AS (
           SELECT d.nces_id, d.name, d.state, d.enrollment
           FROM districts d
           WHERE d.state = $1
             AND NOT EXISTS (SELECT 1 FROM bell_schedules b WHERE b.district_id = d.nces_id AND b.year = $2 AND b.method <> $3)
             AND NOT EXISTS (SELECT 1 FROM campaign_claims c
                             WHERE c.district_id = d.nces_id AND c.year = $2 AND c.status = 'active' AND c.expires_at > now())
           ORDER BY d.enrollment DESC NULLS LAST, d.nces_id
           LIMIT 1
           FOR NO KEY UPDATE OF d SKIP LOCKED
         ),
         expired AS (
           UPDATE campaign_claims c SET status = 'expired', ended_at = c.expires_at
           FROM picked p
           WHERE c.district_id = p.nces_id AND c.year = $2 AND c.status = 'active' AND c.expires_at <= now()
           RETURNING c.*
         ),
         ${claimLineageCte('expired')}
         SELECT * FROM picked`,
          [params.state, params.year, FALLBACK_METHOD],
        );
        const district = picked.rows[0];
        if (!district) return null;

        // A new statement, so a fresh snapshot: insert the claim only if nobody claimed or enriched the
        // district between the first statement's snapshot and our lock.
        const claim = await tx.query<CampaignClaim>(
          `WITH claimed AS (
           INSERT INTO campaign_claims (district_id, year, claimed_by, expires_at)
           SELECT $1::text, $2::text, $3::text, now() + make_interval(secs => $4)
           WHERE NOT EXISTS (SELECT 1 FROM bell_schedules b WHERE b.district_id = $1::text AND b.year = $2::text AND b.method <> $5)
             AND NOT EXISTS (SELECT 1 FROM campaign_claims c
                             WHERE c.district_id = $1::text AND c.year = $2::text AND c.status = 'active' AND c.expires_at > now())
           RETURNING *
         ),
         ${claimLineageCte('claimed', 'insert')}
         SELECT * FROM claimed`,
          [district.nces_id, params.year, params.claimedBy, params.seconds, FALLBACK_METHOD],
        );
        if (claim.rows.length === 0) continue;
        return { ...claim.rows[0]!, name: district.name, state: district.state, enrollment: district.enrollment };
      }
      throw new LctError(
        `Could not claim a district in ${params.state} after ${MAX_ATTEMPTS} attempts.`,
        'Try again in a moment.',
      );
    },
    { source: options.source, defaultSource: 'lib:claimNextCandidate' },
  );
}
