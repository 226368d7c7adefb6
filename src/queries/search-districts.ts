/**
 * Districts by state, name or id, and enrollment range, largest first, a page at a time with the total
 * (what `GET /api/districts` serves). `q` matches the name case-insensitively anywhere, or the start of
 * the id (`55` → Wisconsin's ids; a 6-digit id also matches its zero-padded form).
 */
import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import type { Page } from './page.js';
import { requireStateCode } from './arguments.js';

export type { Page } from './page.js';

/** A district as lists show it. */
export const districtListItem = rowSchema('districts').pick({
  nces_id: true,
  name: true,
  state: true,
  enrollment: true,
  schools: true,
  locale_code: true,
});
export type DistrictListItem = z.output<typeof districtListItem>;

export interface DistrictSearch {
  state?: string;
  q?: string;
  min_enrollment?: number;
  max_enrollment?: number;
  page?: number;
  per_page?: number;
}

/** `%`, `_` and `\` in a search are characters to find, not LIKE wildcards. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchDistricts(db: Queryable, search: DistrictSearch = {}): Promise<Page<DistrictListItem>> {
  const page = search.page ?? 1;
  const perPage = search.per_page ?? 50;
  const q = search.q?.trim() || null;
  const idPrefix = q && /^\d{1,7}$/.test(q) ? q : null;
  const where = `($1::text IS NULL OR state = $1)
       AND ($2::text IS NULL OR name ILIKE $2 OR nces_id LIKE $3 || '%' OR nces_id = lpad($3, 7, '0'))
       AND ($4::integer IS NULL OR enrollment >= $4)
       AND ($5::integer IS NULL OR enrollment <= $5)`;
  const params = [
    search.state ? requireStateCode(search.state) : null,
    q === null ? null : likeContains(q),
    idPrefix,
    search.min_enrollment ?? null,
    search.max_enrollment ?? null,
  ];
  const result = await db.query<DistrictListItem & { total: number }>(
    `SELECT nces_id, name, state, enrollment, schools, locale_code, count(*) OVER ()::integer AS total
     FROM districts
     WHERE ${where}
     ORDER BY enrollment DESC NULLS LAST, nces_id
     LIMIT $6 OFFSET $7`,
    [...params, perPage, (page - 1) * perPage],
  );
  let total = result.rows[0]?.total ?? 0;
  if (result.rows.length === 0 && page > 1) {
    // Past the last page: the rows are gone, the total is still wanted.
    total = (await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM districts WHERE ${where}`, params))
      .rows[0]!.n;
  }
  return { items: result.rows.map(({ total: _total, ...item }) => item), total, page, per_page: perPage };
}
