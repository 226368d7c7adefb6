/** A state's LCT across years for one scope: getAreaTrend over the districts of the state. */
import type { Queryable } from '../db/database.js';
import { getAreaTrend } from './get-area-trend.js';
import type { AreaTrend, TrendOptions } from './trend-shapes.js';

export function getStateTrend(db: Queryable, state: string, options: TrendOptions = {}): Promise<AreaTrend> {
  return getAreaTrend(db, state, options);
}
