/**
 * Refreshes the views built on calculation results when a completed run that wrote rows is newer than their
 * last refresh: after several years calculated together (one refresh instead of one per year), and after such a
 * batch was interrupted between two years.
 */
import type { Database } from '../db/database.js';
import { refreshMaterializedViews } from '../db/refresh-views.js';
import { silentProgress, type ProgressSink } from '../progress.js';
import { RESULT_VIEWS } from './calculate.js';

export async function refreshResultViewsIfStale(
  db: Database,
  progress: ProgressSink = silentProgress,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ stale: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM calculation_runs
         WHERE status = 'completed' AND calculations_created > 0
           AND completed_at > COALESCE(
             (SELECT min(refreshed_at) FROM materialized_view_refreshes WHERE view_name = ANY ($1::text[])),
             '-infinity')
       ) AS stale`,
      [RESULT_VIEWS],
    );
    if (!rows[0]!.stale) return false;
    progress.begin(`Refreshing ${RESULT_VIEWS.join(', ')}`);
    await refreshMaterializedViews(tx, RESULT_VIEWS);
    progress.end();
    return true;
  });
}
