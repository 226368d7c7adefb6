/**
 * The API requests of the overview's LCT cards, built in one place: the overview sends them, and the
 * inline boot script of index.html (boot.ts) starts the first ones before app.js has even arrived.
 */
import { apiUrl } from './api.js';

export const DEFAULT_SCOPE = 'teachers_only';
/** Fine bins from the API; the chart merges them and cuts the long tail (charts.ts histogramBars). */
export const HISTOGRAM_BINS = 120;

export function lctRequests(
  year: string | null,
  scope: string,
): { stateSummary: string; histogram: string; scopeSummary: string } {
  return {
    stateSummary: apiUrl('/api/lct/summary', { year, scope, group_by: 'state' }),
    histogram: apiUrl('/api/lct/histogram', { year, scope, bins: HISTOGRAM_BINS }),
    scopeSummary: apiUrl('/api/lct/summary', { year, group_by: 'scope' }),
  };
}
