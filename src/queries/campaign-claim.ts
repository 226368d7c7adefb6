/** A row of `campaign_claims` (migrations/0005_campaign.sql), shared by the claim, release and list utilities. */
export type ClaimStatus = 'active' | 'completed' | 'released' | 'expired';

export interface CampaignClaim {
  /** The claim's number. */
  id: number;
  district_id: string;
  year: string;
  claimed_by: string;
  claimed_at: Date;
  expires_at: Date;
  status: ClaimStatus;
  ended_at: Date | null;
  bell_schedule_id: number | null;
}

/** A claim with the district it reserves. */
export interface ClaimedDistrict extends CampaignClaim {
  name: string;
  state: string;
  enrollment: number | null;
}
