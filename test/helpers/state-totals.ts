/** state_district_totals must always equal an aggregate over districts (migrations/0005_campaign.sql). */
import { expect } from 'vitest';
import type { Queryable } from '../../src/db/database.js';

export async function expectStateTotalsExact(db: Queryable): Promise<void> {
  const kept = await db.query(
    'SELECT state, total_districts, total_enrollment FROM state_district_totals ORDER BY state',
  );
  const counted = await db.query(
    'SELECT state, count(*)::integer AS total_districts, coalesce(sum(enrollment), 0)::bigint AS total_enrollment FROM districts GROUP BY state ORDER BY state',
  );
  expect(kept.rows).toEqual(counted.rows);
}
