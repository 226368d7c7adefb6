/**
 * Refreshes every materialized view (the SQL function `refresh_all_materialized_views()`), or only the
 * named ones (`refresh_materialized_views(names)`, e.g. the views built on calculation results).
 */
import type { Queryable } from './database.js';

export interface ViewRefresh {
  view_name: string;
  refreshed_at: Date;
  duration_ms: number;
}

export async function refreshMaterializedViews(db: Queryable, only?: readonly string[]): Promise<ViewRefresh[]> {
  if (only) await db.query('SELECT refresh_materialized_views($1::text[])', [only]);
  else await db.query('SELECT refresh_all_materialized_views()');
  const result = await db.query<ViewRefresh>(
    `SELECT view_name, refreshed_at, duration_ms FROM materialized_view_refreshes ${only ? 'WHERE view_name = ANY ($1::text[])' : ''} ORDER BY view_name`,
    only ? [only] : [],
  );
  return result.rows;
}
