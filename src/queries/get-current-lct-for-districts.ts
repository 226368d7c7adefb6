/**
 * The current LCT of some districts in one year, every scope (view `lct_current`): what a list of
 * districts shows beside each one (`lct mcp`'s search). One statement for the whole list.
 */
import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import { requireDistrictId, requireSchoolYear } from './arguments.js';

/** A current result, short: the scope, its value and whether it counts. */
export const currentLctValue = rowSchema('lct_current').pick({ scope: true, lct_value: true, valid: true });
export type CurrentLctValue = z.output<typeof currentLctValue>;

/** District id → its current values of the year, in scope order (absent: nothing calculated). */
export async function getCurrentLctForDistricts(
  db: Queryable,
  districtIds: readonly string[],
  year: string,
): Promise<Map<string, CurrentLctValue[]>> {
  const ids = districtIds.map((id) => requireDistrictId(id));
  const byDistrict = new Map<string, CurrentLctValue[]>();
  if (ids.length === 0) return byDistrict;
  const result = await db.query<CurrentLctValue & { district_id: string }>(
    `SELECT c.district_id, c.scope, c.lct_value, c.valid
     FROM lct_current c JOIN lct_scopes s ON s.scope = c.scope
     WHERE c.district_id = ANY ($1::text[]) AND c.year = $2
     ORDER BY c.district_id, s.sort_order`,
    [ids, requireSchoolYear(year)],
  );
  for (const { district_id, ...value } of result.rows)
    byDistrict.set(district_id, [...(byDistrict.get(district_id) ?? []), value]);
  return byDistrict;
}
