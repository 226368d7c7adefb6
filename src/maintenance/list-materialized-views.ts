/** `lct db views`: each materialized view, its rows, size and when it was last refreshed (table materialized_view_refreshes). */
import type { Queryable } from '../db/database.js';
import { escapeIdentifier } from 'pg';

export interface MaterializedViewInfo {
  view: string;
  populated: boolean;
  rows: number | null;
  bytes: number;
  size: string;
  /** null: never refreshed through refresh_all_materialized_views() (lct db refresh). */
  refreshed_at: Date | null;
  refresh_ms: number | null;
}

export async function listMaterializedViews(db: Queryable): Promise<MaterializedViewInfo[]> {
  const views = await db.query<Omit<MaterializedViewInfo, 'rows'>>(
    `SELECT m.matviewname::text AS view, m.ispopulated AS populated,
            pg_total_relation_size(quote_ident(m.matviewname)::regclass) AS bytes,
            pg_size_pretty(pg_total_relation_size(quote_ident(m.matviewname)::regclass)) AS size,
            r.refreshed_at, r.duration_ms AS refresh_ms
     FROM pg_matviews m
     LEFT JOIN materialized_view_refreshes r ON r.view_name = m.matviewname
     WHERE m.schemaname = current_schema()
     ORDER BY m.matviewname`,
  );
  const out: MaterializedViewInfo[] = [];
  for (const v of views.rows) {
    const rows = v.populated
      ? (await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${escapeIdentifier(v.view)}`)).rows[0]!.n
      : null;
    out.push({
      view: v.view,
      populated: v.populated,
      rows,
      bytes: v.bytes,
      size: v.size,
      refreshed_at: v.refreshed_at,
      refresh_ms: v.refresh_ms,
    });
  }
  return out;
}
