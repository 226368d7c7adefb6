/**
 * What a database holds, in one cheap statement: how many districts, which years were calculated and
 * which have bell schedules, and the latest calculation run. For whoever arrives without knowing the
 * data (an assistant through `lct mcp`'s database_status) and must pick a year.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import { sqlIsoTimestamp } from '../calculate/sql-text.js';

const runs = rowSchema('calculation_runs').shape;

export const databaseOverview = z.object({
  total_districts: z.int().describe('Districts in the database'),
  calculated_years: z.array(z.string()).describe('School years with a completed calculation run, newest first'),
  bell_schedule_years: z
    .array(z.object({ year: z.string().describe('School year'), schedules: z.int().describe('Bell schedules') }))
    .describe('School years with bell schedules, newest first'),
  latest_run: z
    .object({ run_id: runs.run_id, year: runs.year, status: runs.status, completed_at: runs.completed_at })
    .nullable()
    .describe('The latest calculation run, if any'),
});
export type DatabaseOverview = z.output<typeof databaseOverview>;

export async function getDatabaseOverview(db: Queryable): Promise<DatabaseOverview> {
  // District totals come from state_district_totals (kept by triggers): 55 rows, not 17,800.
  const result = await db.query<DatabaseOverview>(
    `SELECT (SELECT coalesce(sum(total_districts), 0)::integer FROM state_district_totals) AS total_districts,
            coalesce((SELECT array_agg(year ORDER BY year DESC)
                      FROM (SELECT DISTINCT year FROM calculation_runs WHERE status = 'completed') y), '{}') AS calculated_years,
            coalesce((SELECT json_agg(json_build_object('year', year, 'schedules', n) ORDER BY year DESC)
                      FROM (SELECT year, count(*)::integer AS n FROM bell_schedules GROUP BY year) b), '[]') AS bell_schedule_years,
            (SELECT json_build_object('run_id', run_id, 'year', year, 'status', status,
                      'completed_at', ${sqlIsoTimestamp('completed_at')})
             FROM calculation_runs ORDER BY started_at DESC, run_id DESC LIMIT 1) AS latest_run`,
  );
  const overview = result.rows[0]!;
  const latest = overview.latest_run as
    | (Omit<NonNullable<DatabaseOverview['latest_run']>, 'completed_at'> & {
        completed_at: string | null;
      })
    | null;
  return {
    ...overview,
    latest_run: latest && { ...latest, completed_at: latest.completed_at ? new Date(latest.completed_at) : null },
  };
}
