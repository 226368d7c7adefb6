/**
 * The enrichment summary of one school year (get_enrichment_summary). Enriched districts are those with a schedule
 * whose method is not statutory_fallback (the original counted fallbacks too); states represented are
 * the states with at least one enriched district; schedule records and by_method count every schedule row.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { FALLBACK_METHOD } from '../domain/bell-schedules.js';
import { requireSchoolYear } from './arguments.js';

export const enrichmentSummary = z.object({
  year: z.string().describe('School year'),
  total_districts: z.int().describe('Districts in the database'),
  enriched_districts: z.int().describe('Districts with a bell schedule that year other than a statutory fallback'),
  enrichment_rate: z.number().describe('Percent of all districts enriched, 4 decimals (national rates are small)'),
  schedule_records: z.int().describe('Bell schedules of that year, fallbacks included'),
  states_represented: z.int().describe('States with at least one enriched district'),
  by_method: z
    .record(z.string(), z.int())
    .describe('Bell schedules per collection method, methods in alphabetical order'),
});
export type EnrichmentSummary = z.output<typeof enrichmentSummary>;

export async function getEnrichmentSummary(db: Queryable, year: string): Promise<EnrichmentSummary> {
  const result = await db.query<EnrichmentSummary>(
    `WITH schedules AS (
       SELECT district_id, method FROM bell_schedules WHERE year = $1
     ),
     enriched AS (
       SELECT DISTINCT district_id FROM schedules WHERE method <> $2
     ),
     counts AS (
       -- Totals from state_district_totals (kept by triggers on districts): 55 rows, not 17,800.
       SELECT (SELECT coalesce(sum(total_districts), 0) FROM state_district_totals)::integer AS total_districts,
              (SELECT count(*) FROM enriched)::integer AS enriched_districts,
              (SELECT count(*) FROM schedules)::integer AS schedule_records,
              (SELECT count(DISTINCT (SELECT d.state FROM districts d WHERE d.nces_id = e.district_id)) FROM enriched e)::integer AS states_represented,
              (SELECT coalesce(jsonb_object_agg(method, n), '{}')
               FROM (SELECT method, count(*)::integer AS n FROM schedules GROUP BY method) m) AS by_method
     )
     SELECT $1::text AS year, total_districts, enriched_districts,
            coalesce(round(100.0 * enriched_districts / nullif(total_districts, 0), 4), 0) AS enrichment_rate,
            schedule_records, states_represented, by_method
     FROM counts`,
    [requireSchoolYear(year), FALLBACK_METHOD],
  );
  const summary = result.rows[0]!;
  summary.by_method = Object.fromEntries(Object.entries(summary.by_method).sort(([a], [b]) => a.localeCompare(b)));
  return summary;
}
