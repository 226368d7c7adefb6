/** One district by its NCES id, with or without the leading zero that many inputs lose. */
import type { Queryable } from '../db/database.js';
import type { Row } from '../db/schema.js';
import { requireDistrictId } from './arguments.js';

/** A row of `districts`. */
export type District = Row<'districts'>;

/** `getDistrictById(db, '100005')` and `getDistrictById(db, '0100005')` find the same district; null when there is none. */
export async function getDistrictById(db: Queryable, id: string | number): Promise<District | null> {
  const result = await db.query<District>(
    `SELECT nces_id, name, state, enrollment, schools, locale_code, metadata, created_at, updated_at
     FROM districts WHERE nces_id = $1`,
    [requireDistrictId(id)],
  );
  return result.rows[0] ?? null;
}
