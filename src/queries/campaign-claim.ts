/** A row of `campaign_claims` (migrations/0005_campaign.sql), shared by the claim, release and list utilities. */
import type { Row } from '../db/schema.js';

export type CampaignClaim = Row<'campaign_claims'>;

export type ClaimStatus = CampaignClaim['status'];

/** A claim with the district it reserves. */
export type ClaimedDistrict = CampaignClaim & Pick<Row<'districts'>, 'name' | 'state' | 'enrollment'>;
