/**
 * The distribution of the valid current LCT values of a year and scope: `bins` equal-width bins from the
 * lowest value to the highest (the last bin includes the highest), counted in the database.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { requireStateCode } from './arguments.js';

export const lctHistogramBin = z.object({
  from: z.number().describe('Lower edge (LCT minutes)'),
  to: z.number().describe('Upper edge; the last bin includes it'),
  count: z.int().describe('Valid values in the bin'),
});
export type LctHistogramBin = z.output<typeof lctHistogramBin>;

export const lctHistogram = z.object({
  total: z.int().describe('Valid values counted'),
  bins: z.array(lctHistogramBin).describe('Equal-width bins from the lowest value to the highest; none without values'),
});
export type LctHistogram = z.output<typeof lctHistogram>;

export async function getLctHistogram(
  db: Queryable,
  request: { year: string; scope: string; state?: string; bins?: number },
): Promise<LctHistogram> {
  const bins = request.bins ?? 30;
  const result = await db.query<{
    lo: number | null;
    hi: number | null;
    total: number;
    counts: Record<string, number> | null;
  }>(
    `WITH v AS (
       SELECT c.lct_value AS x FROM lct_current c JOIN districts d ON d.nces_id = c.district_id
       WHERE c.valid AND c.lct_value IS NOT NULL AND c.year = $1 AND c.scope = $2 AND ($3::text IS NULL OR d.state = $3)
     ), r AS (SELECT min(x) AS lo, max(x) AS hi, count(*)::integer AS total FROM v)
     SELECT r.lo, r.hi, r.total,
            (SELECT json_object_agg(bucket, n) FROM (
               SELECT CASE WHEN r.hi = r.lo THEN 1 ELSE least(width_bucket(v.x, r.lo, r.hi, $4), $4) END AS bucket, count(*)::integer AS n
               FROM v GROUP BY 1) b) AS counts
     FROM r`,
    [request.year, request.scope, request.state ? requireStateCode(request.state) : null, bins],
  );
  const { lo, hi, total, counts } = result.rows[0]!;
  if (lo === null || hi === null || total === 0) return { total: 0, bins: [] };
  if (hi === lo) return { total, bins: [{ from: lo, to: hi, count: total }] };
  const width = (hi - lo) / bins;
  const edge = (i: number) => (i === bins ? hi : Math.round((lo + i * width) * 10_000) / 10_000);
  return {
    total,
    bins: Array.from({ length: bins }, (_, i) => ({
      from: edge(i),
      to: edge(i + 1),
      count: counts?.[String(i + 1)] ?? 0,
    })),
  };
}
