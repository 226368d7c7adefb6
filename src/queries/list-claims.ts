/** The campaign's claims with their districts: by default the active ones (not expired), newest first. */
import type { Queryable } from '../db/database.js';
import { requireSchoolYear, requireStateCode } from './arguments.js';
import type { ClaimedDistrict } from './campaign-claim.js';

export interface ListClaimsOptions {
  state?: string;
  year?: string;
  /** Also completed, released and expired claims. */
  all?: boolean;
}

export async function listClaims(db: Queryable, options: ListClaimsOptions = {}): Promise<ClaimedDistrict[]> {
  const result = await db.query<ClaimedDistrict>(
    `SELECT c.*, d.name, d.state, d.enrollment
     FROM campaign_claims c JOIN districts d ON d.nces_id = c.district_id
     WHERE ($1::text IS NULL OR d.state = $1) AND ($2::text IS NULL OR c.year = $2)
       AND ($3 OR (c.status = 'active' AND c.expires_at > now()))
     ORDER BY c.claimed_at DESC, c.id DESC`,
    [
      options.state ? requireStateCode(options.state) : null,
      options.year ? requireSchoolYear(options.year) : null,
      options.all ?? false,
    ],
  );
  return result.rows;
}
