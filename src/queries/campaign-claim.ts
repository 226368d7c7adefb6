/** A row of `campaign_claims` (migrations/0005_campaign.sql), shared by the claim, release and list utilities. */
import type { Row } from '../db/schema.js';

export type CampaignClaim = Row<'campaign_claims'>;

export type ClaimStatus = CampaignClaim['status'];

/** A claim with the district it reserves. */
export type ClaimedDistrict = CampaignClaim & Pick<Row<'districts'>, 'name' | 'state' | 'enrollment'>;

/**
 * A CTE recording in `data_lineage` the claims a data-modifying CTE named `changed` returned, in the shape
 * the audit triggers give other tables (migrations/0002_lineage.sql): an insert with the whole row after,
 * or a status change with the fields before and after, under the transaction's lineage source.
 * campaign_claims has no audit trigger of its own: the claim and release utilities record their changes.
 */
export function claimLineageCte(changed: string, operation: 'insert' | 'update' = 'update'): string {
  const changes =
    operation === 'insert'
      ? `jsonb_build_object('after', to_jsonb(r))`
      : `jsonb_build_object('before', jsonb_build_object('status', 'active', 'ended_at', NULL),
                            'after', jsonb_build_object('status', r.status, 'ended_at', r.ended_at))`;
  return `${changed}_lineage AS (
           INSERT INTO data_lineage (table_name, operation, record_id, changes, source)
           SELECT 'campaign_claims', '${operation}', r.id::text, ${changes}, lineage_source() FROM ${changed} r
         )`;
}
