/**
 * Adds or updates one bell schedule (add_bell_schedule): validated exactly like the importer and the API
 * (validateBellSchedule: ids with or without the leading zero, method aliases, no COVID years, 100-600 minutes), then
 * an upsert on district, year and level. On an update, the fields the caller leaves out keep their stored values (the
 * original system erased them). An enriching schedule completes the open campaign claim on the district (trigger in
 * migrations/0005_campaign.sql). Every change is in `data_lineage` with the caller's source.
 */
import type { Database, Queryable } from '../db/database.js';
import { inTransaction } from '../db/in-transaction.js';
import { LctError } from '../errors.js';
import { type BellScheduleInput, validateBellSchedule } from '../domain/bell-schedules.js';
import { type Row, rowSchema } from '../db/schema.js';

/** A row of `bell_schedules`. */
export const bellScheduleRow = rowSchema('bell_schedules');
export type BellSchedule = Row<'bell_schedules'>;

export interface AddedBellSchedule {
  schedule: BellSchedule;
  /** false: an existing schedule for that district, year and level was updated. */
  inserted: boolean;
  /** The campaign claim this schedule completed, if there was one. */
  completed_claim_id: number | null;
}

export interface AddBellScheduleOptions {
  /** Recorded as `data_lineage.source`; default `lib:addBellSchedule` (the CLI uses `cli:bell-schedule add`). */
  source?: string;
}

/** Fields an update only overwrites when the caller gave them. */
const OPTIONAL_FIELDS = [
  'start_time',
  'end_time',
  'lunch_duration',
  'passing_periods',
  'method',
  'confidence',
  'schools_sampled',
  'source_urls',
  'source',
  'notes',
  'created_by',
] as const;

export async function addBellSchedule(
  db: Database | Queryable,
  input: BellScheduleInput,
  options: AddBellScheduleOptions = {},
): Promise<AddedBellSchedule> {
  // A person adding a schedule by hand is the common case (the original default too).
  const validated = validateBellSchedule(input, { method: 'human_provided' });
  if (!validated.ok) {
    const problems = validated.errors.map((e) => `${e.field} ${e.message}`).join('; ');
    throw new LctError(`Bell schedule refused: ${problems}.`, 'Fix the values and run it again; nothing was written.');
  }
  const s = validated.value;
  const given = OPTIONAL_FIELDS.filter((field) => input[field] !== undefined);

  return inTransaction(
    db,
    async (tx) => {
      // FOR SHARE on the district also waits for a collector claiming it right now (claim-next-candidate.ts),
      // so the claim is there to be completed.
      const result = await tx.query<BellSchedule & { inserted: boolean }>(
        `WITH district AS (SELECT nces_id FROM districts WHERE nces_id = $1 FOR SHARE)
         INSERT INTO bell_schedules AS b (district_id, year, grade_level, instructional_minutes, start_time, end_time,
           lunch_duration, passing_periods, method, confidence, schools_sampled, source_urls, source, notes, created_by)
         SELECT nces_id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13, $14, $15 FROM district
         ON CONFLICT (district_id, year, grade_level) DO UPDATE SET
           instructional_minutes = EXCLUDED.instructional_minutes,
           start_time      = CASE WHEN 'start_time' = ANY ($16) THEN EXCLUDED.start_time ELSE b.start_time END,
           end_time        = CASE WHEN 'end_time' = ANY ($16) THEN EXCLUDED.end_time ELSE b.end_time END,
           lunch_duration  = CASE WHEN 'lunch_duration' = ANY ($16) THEN EXCLUDED.lunch_duration ELSE b.lunch_duration END,
           passing_periods = CASE WHEN 'passing_periods' = ANY ($16) THEN EXCLUDED.passing_periods ELSE b.passing_periods END,
           method          = CASE WHEN 'method' = ANY ($16) THEN EXCLUDED.method ELSE b.method END,
           confidence      = CASE WHEN 'confidence' = ANY ($16) THEN EXCLUDED.confidence ELSE b.confidence END,
           schools_sampled = CASE WHEN 'schools_sampled' = ANY ($16) THEN EXCLUDED.schools_sampled ELSE b.schools_sampled END,
           source_urls     = CASE WHEN 'source_urls' = ANY ($16) THEN EXCLUDED.source_urls ELSE b.source_urls END,
           source          = CASE WHEN 'source' = ANY ($16) THEN EXCLUDED.source ELSE b.source END,
           notes           = CASE WHEN 'notes' = ANY ($16) THEN EXCLUDED.notes ELSE b.notes END,
           created_by      = CASE WHEN 'created_by' = ANY ($16) THEN EXCLUDED.created_by ELSE b.created_by END
         RETURNING b.*, (xmax = 0) AS inserted`,
        [
          s.district_id,
          s.year,
          s.grade_level,
          s.instructional_minutes,
          s.start_time,
          s.end_time,
          s.lunch_duration,
          s.passing_periods,
          s.method,
          s.confidence,
          JSON.stringify(s.schools_sampled),
          JSON.stringify(s.source_urls),
          s.source,
          s.notes,
          s.created_by,
          given,
        ],
      );
      if (result.rows.length === 0) {
        throw new LctError(
          `District ${s.district_id} is not in the districts table.`,
          'Check the id (lct district <id>), or import the districts first: lct import ccd <dir> or lct import csv districts.csv',
        );
      }
      const { inserted, ...schedule } = result.rows[0]!;
      // The trigger stamps the claim it completes with this schedule and the transaction's now().
      const claim = await tx.query<Pick<Row<'campaign_claims'>, 'id'>>(
        `SELECT id FROM campaign_claims WHERE bell_schedule_id = $1 AND status = 'completed' AND ended_at = now()`,
        [schedule.id],
      );
      return { schedule, inserted, completed_claim_id: claim.rows[0]?.id ?? null };
    },
    { source: options.source, defaultSource: 'lib:addBellSchedule' },
  );
}
