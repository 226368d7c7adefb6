/**
 * What `lct bell-schedule extract … --district ID --year Y` leaves in the database: the attempt in
 * `campaign_attempts`, and with `add` each answer stored as a bell schedule through addBellSchedule (the
 * one validation; the collector's claim on the district is completed by the trigger), in one transaction.
 */
import type { Database, Queryable } from '../db/database.js';
import { inTransaction } from '../db/in-transaction.js';
import { LctError } from '../errors.js';
import type { ExtractedAnswer } from '../extract/extract.js';
import { bellScheduleFieldsOf } from '../extract/to-bell-schedule.js';
import { type AddedBellSchedule, addBellSchedule } from './add-bell-schedule.js';
import { requireCampaignYear, requireDistrictId } from './arguments.js';
import { type AttemptOutcome, type CampaignAttempt, recordCampaignAttempt } from './record-campaign-attempt.js';

export interface StoreExtractionInput {
  district_id: string;
  year: string;
  url?: string | null;
  document?: string | null;
  outcome: AttemptOutcome;
  detail?: string | null;
  attempted_by?: string | null;
  /** The answers to store as bell schedules (empty: only the attempt is recorded). */
  answers?: ExtractedAnswer[];
}

export interface StoredExtraction {
  attempt: CampaignAttempt;
  added: AddedBellSchedule[];
}

export async function storeExtraction(
  db: Database | Queryable,
  input: StoreExtractionInput,
): Promise<StoredExtraction> {
  const district = requireDistrictId(input.district_id);
  const year = requireCampaignYear(input.year);
  const answers = input.answers ?? [];
  const unleveled = answers.find((a) => a.level === null);
  if (unleveled)
    throw new LctError(
      'The document names no school level, so the answer cannot be stored.',
      'Say which level it is for: add --level elementary, middle or high.',
    );
  return inTransaction(
    db,
    async (tx) => {
      const added: AddedBellSchedule[] = [];
      for (const answer of answers) {
        const fields = bellScheduleFieldsOf(answer, {
          url: input.url,
          document: input.document,
          created_by: input.attempted_by,
        });
        added.push(await addBellSchedule(tx, { ...fields, district_id: district, year }));
      }
      const attempt = await recordCampaignAttempt(tx, {
        district_id: district,
        year,
        url: input.url,
        document: input.document,
        outcome: input.outcome,
        detail: input.detail,
        schedules_added: added.length,
        attempted_by: input.attempted_by,
      });
      return { attempt, added };
    },
    { defaultSource: 'cli:bell-schedule extract' },
  );
}
