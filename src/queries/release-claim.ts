/** Gives a claimed district back to the campaign before its claim expires (`lct campaign release <id>`). */
import type { Database, Queryable } from '../db/database.js';
import { inTransaction } from '../db/in-transaction.js';
import { LctError } from '../errors.js';
import { requireDistrictId, requireSchoolYear } from './arguments.js';
import { claimLineageCte, type CampaignClaim } from './campaign-claim.js';

export interface ReleaseOptions {
  /** Only the claim for this year (default: the district's active claims of any year). */
  year?: string;
  /** Only if this collector holds it. */
  claimedBy?: string;
  /** Recorded as `data_lineage.source`; default `lib:releaseClaim` (the CLI uses `cli:campaign release`). */
  source?: string;
}

/** Releases the active claims on a district (6- or 7-digit id) and returns them; an error when there are none. */
export async function releaseClaim(
  db: Database | Queryable,
  districtId: string | number,
  options: ReleaseOptions = {},
): Promise<CampaignClaim[]> {
  const id = requireDistrictId(districtId);
  const year = options.year === undefined ? null : requireSchoolYear(options.year);
  const result = await inTransaction(
    db,
    (tx) =>
      tx.query<CampaignClaim>(
        `WITH released AS (
           UPDATE campaign_claims SET status = 'released', ended_at = now()
           WHERE district_id = $1 AND status = 'active'
             AND ($2::text IS NULL OR year = $2) AND ($3::text IS NULL OR claimed_by = $3)
           RETURNING *
         ),
         ${claimLineageCte('released')}
         SELECT * FROM released`,
        [id, year, options.claimedBy ?? null],
      ),
    { source: options.source, defaultSource: 'lib:releaseClaim' },
  );
  if (result.rows.length === 0) {
    const who = options.claimedBy ? ` held by ${options.claimedBy}` : '';
    throw new LctError(
      `District ${id} has no active claim${who}${year ? ` for ${year}` : ''}.`,
      'See the active claims: lct campaign list',
    );
  }
  return result.rows;
}
