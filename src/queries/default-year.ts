/** The year commands use when none is given: the latest year that has data, so reports show what exists. */
import type { Row } from '../db/schema.js';
import type { Queryable } from '../db/database.js';
import { currentSchoolYear } from '../domain/campaign.js';

/** The latest year with bell schedules, or the current school year when there are none yet. */
export async function defaultEnrichmentYear(db: Queryable): Promise<string> {
  const result = await db.query<{ year: Row<'bell_schedules'>['year'] | null }>(
    'SELECT max(year) AS year FROM bell_schedules',
  );
  return result.rows[0]?.year ?? currentSchoolYear();
}

/** The year of the latest completed calculation run, or null when nothing was calculated yet. */
export async function defaultCalculationYear(db: Queryable): Promise<string | null> {
  const result = await db.query<Pick<Row<'calculation_runs'>, 'year'>>(
    `SELECT year FROM calculation_runs WHERE status = 'completed' ORDER BY completed_at DESC, run_id DESC LIMIT 1`,
  );
  return result.rows[0]?.year ?? null;
}
