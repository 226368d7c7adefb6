/**
 * Records one attempt at reading a district's bell schedule (`campaign_attempts`, migrations/0009):
 * extracted, blocked, no schedule or error, with the URL or document, when and by whom.
 */
import type { Queryable } from '../db/database.js';
import { LctError } from '../errors.js';
import { requireCampaignYear, requireDistrictId } from './arguments.js';

import type { Row } from '../db/schema.js';
import type { AttemptOutcome } from '../extract/attempt.js';

export type { AttemptOutcome };

/** A row of `campaign_attempts` (its columns are described in src/db/schema.ts). */
export type CampaignAttempt = Row<'campaign_attempts'>;

export interface AttemptInput {
  district_id: string;
  year: string;
  url?: string | null;
  document?: string | null;
  outcome: AttemptOutcome;
  detail?: string | null;
  schedules_added?: number;
  attempted_by?: string | null;
}

export async function recordCampaignAttempt(db: Queryable, attempt: AttemptInput): Promise<CampaignAttempt> {
  const districtId = requireDistrictId(attempt.district_id);
  const result = await db.query<CampaignAttempt>(
    `INSERT INTO campaign_attempts (district_id, year, url, document, outcome, detail, schedules_added, attempted_by)
     SELECT nces_id, $2, $3, $4, $5, $6, $7, $8 FROM districts WHERE nces_id = $1
     RETURNING *`,
    [
      districtId,
      requireCampaignYear(attempt.year),
      attempt.url ?? null,
      attempt.document ?? null,
      attempt.outcome,
      attempt.detail ?? null,
      attempt.schedules_added ?? 0,
      attempt.attempted_by ?? null,
    ],
  );
  if (result.rows.length === 0) {
    throw new LctError(
      `District ${districtId} is not in the districts table.`,
      'Check the id (lct district <id>), or import the districts first: lct import ccd <dir>',
    );
  }
  return result.rows[0]!;
}
