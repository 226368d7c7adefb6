/** Refreshes every materialized view (the SQL function `refresh_all_materialized_views()`). */
import type { Queryable } from './database.js';

export interface ViewRefresh {
  view_name: string;
  refreshed_at: Date;
  duration_ms: number;
}

export async function refreshMaterializedViews(db: Queryable): Promise<ViewRefresh[]> {
  await db.query('SELECT refresh_all_materialized_views()');
  const result = await db.query<ViewRefresh>('SELECT view_name, refreshed_at, duration_ms FROM materialized_view_refreshes ORDER BY view_name');
  return result.rows;
}
