/**
 * The distribution of the valid current LCT values of a year and scope: `bins` equal-width bins from the
 * lowest value to the highest (the last bin includes the highest), counted in the database.
 */
import type { Queryable } from '../db/database.js';

export interface LctHistogramBin {
  from: number;
  to: number;
  count: number;
}

export interface LctHistogram {
  total: number;
  bins: LctHistogramBin[];
}

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
    [request.year, request.scope, request.state ?? null, bins],
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
