/**
 * Statistics of the valid current LCT values (view `lct_current`) of a year, for all districts or per state
 * or per scope, computed in the database with the formula of `mv_lct_summary_stats` (what
 * `GET /api/lct/summary` serves). Without grouping or state it is getLctSummaryByScope (read from the view
 * when it is current).
 */
import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import { LCT_STATISTICS_SQL, getLctSummaryByScope, lctScopeSummary } from './get-lct-summary-by-scope.js';
import { requireStateCode } from './arguments.js';

/** The statistics of one group: everything, one state or one scope (named by `state` or `scope`). */
export const lctGroupStatistics = lctScopeSummary.omit({ scope: true, year: true }).extend({
  state: rowSchema('districts').shape.state.optional().describe('The state, when grouped by state'),
  scope: lctScopeSummary.shape.scope.optional().describe('The scope, when grouped by scope'),
});
export type LctGroupStatistics = z.output<typeof lctGroupStatistics>;
export type LctStatistics = Omit<LctGroupStatistics, 'state' | 'scope'>;

export interface LctSummaryRequest {
  year: string;
  /** Required unless grouping by scope (then it narrows to that scope). */
  scope?: string;
  state?: string;
  group_by?: 'state' | 'scope';
}

export async function summarizeLct(db: Queryable, request: LctSummaryRequest): Promise<LctGroupStatistics[]> {
  const { year, scope, state, group_by } = request;
  if (!group_by && !state && scope) {
    const { scope: _scope, year: _year, ...statistics } = await getLctSummaryByScope(db, scope, year);
    return [statistics];
  }
  const filter = `WHERE c.valid AND c.year = $1 AND ($2::text IS NULL OR c.scope = $2) AND ($3::text IS NULL OR d.state = $3)`;
  const params = [year, scope ?? null, state ? requireStateCode(state) : null];
  const from = `FROM lct_current c JOIN districts d ON d.nces_id = c.district_id`;
  if (group_by === 'state') {
    return (
      await db.query<LctGroupStatistics>(
        `SELECT d.state, ${LCT_STATISTICS_SQL} ${from} ${filter} GROUP BY d.state ORDER BY d.state`,
        params,
      )
    ).rows;
  }
  if (group_by === 'scope') {
    return (
      await db.query<LctGroupStatistics>(
        `SELECT c.scope, ${LCT_STATISTICS_SQL} ${from} JOIN lct_scopes s ON s.scope = c.scope ${filter} GROUP BY c.scope, s.sort_order ORDER BY s.sort_order`,
        params,
      )
    ).rows;
  }
  return (await db.query<LctGroupStatistics>(`SELECT ${LCT_STATISTICS_SQL} ${from} ${filter}`, params)).rows;
}
