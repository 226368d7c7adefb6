/** The nation's LCT across years for one scope: getAreaTrend over every district. */
import type { Queryable } from '../db/database.js';
import { getAreaTrend } from './get-area-trend.js';
import type { AreaTrend, TrendOptions } from './trend-shapes.js';

export function getNationalTrend(db: Queryable, options: TrendOptions = {}): Promise<AreaTrend> {
  return getAreaTrend(db, null, options);
}
