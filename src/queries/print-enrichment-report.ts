/**
 * The enrichment report (print_enrichment_report in the original LCT system): the enrichment summary of a year as a
 * readable block of text.
 */
import type { Queryable } from '../db/database.js';
import { getEnrichmentSummary, type EnrichmentSummary } from './get-enrichment-summary.js';
import { defaultEnrichmentYear } from './default-year.js';

const RULE = '='.repeat(60);
const count = (n: number) => n.toLocaleString('en-US');

export function formatEnrichmentReport(summary: EnrichmentSummary): string {
  const methods = Object.entries(summary.by_method);
  return [
    RULE,
    `Bell Schedule Enrichment Report - ${summary.year}`,
    RULE,
    `Total U.S. districts:     ${count(summary.total_districts)}`,
    `Enriched districts:       ${count(summary.enriched_districts)}`,
    `Enrichment rate:          ${summary.enrichment_rate.toFixed(2)}%`,
    `Bell schedule records:    ${count(summary.schedule_records)}`,
    `States represented:       ${summary.states_represented}`,
    '',
    'By Collection Method:',
    ...(methods.length ? methods.map(([method, n]) => `  ${method}: ${count(n)}`) : ['  (none)']),
    RULE,
    '',
  ].join('\n');
}

/**
 * Writes the report (to stdout unless `write` says otherwise) and returns its text. Without a year, the
 * latest year that has bell schedules.
 */
export async function printEnrichmentReport(
  db: Queryable,
  year?: string,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<string> {
  const text = formatEnrichmentReport(await getEnrichmentSummary(db, year ?? (await defaultEnrichmentYear(db))));
  write(text);
  return text;
}
