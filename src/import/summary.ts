/** What an import did, per file and in total, printed at the end of every import. */
import type { LoadCounts } from './load-rows.js';
import type { SelfCheck } from './ccd/self-check.js';

export interface FileSummary extends LoadCounts {
  file: string;
  kind: string;
  table: string;
  /** Input rows read but deliberately not stored, by reason (subtotal rows, rows without a grade, …). */
  skipped: Record<string, number>;
  /** Labels the mapping does not know, with how many rows carried each: reported, never silently dropped. */
  unknown_labels: Record<string, number>;
  encoding?: string;
  /** CCD files: the school year, the layout read, and the file's own totals against its details. */
  year?: string;
  layout?: string;
  self_check?: SelfCheck;
}

export interface ImportSummary {
  files: FileSummary[];
  dry_run: boolean;
  elapsed_seconds: number;
  views_refreshed: boolean;
}

export function emptyCounts(): LoadCounts {
  return { read: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, placeholders: 0 };
}

export function addCounts(into: LoadCounts, from: LoadCounts): void {
  into.read += from.read;
  into.inserted += from.inserted;
  into.updated += from.updated;
  into.unchanged += from.unchanged;
  into.deleted += from.deleted;
  into.placeholders += from.placeholders;
}

const n = (value: number) => value.toLocaleString('en-US');

export function formatImportSummary(summary: ImportSummary): string {
  const lines: string[] = [];
  const total = emptyCounts();
  for (const f of summary.files) {
    addCounts(total, f);
    const skipped = Object.values(f.skipped).reduce((a, b) => a + b, 0);
    lines.push(
      `${f.file} → ${f.table}: ${n(f.read)} rows, ${n(f.inserted)} inserted, ${n(f.updated)} updated, ${n(f.unchanged)} unchanged` +
        (f.deleted ? `, ${n(f.deleted)} deleted` : '') +
        (f.placeholders ? `, ${n(f.placeholders)} placeholder districts created` : '') +
        (skipped ? `, ${n(skipped)} input rows skipped` : ''),
    );
    for (const [reason, count] of Object.entries(f.skipped)) lines.push(`    skipped ${n(count)}: ${reason}`);
    const unknown = Object.entries(f.unknown_labels);
    if (unknown.length) {
      lines.push(`    ${unknown.length} label(s) not in the mapping (rows not stored):`);
      for (const [label, count] of unknown.sort((a, b) => b[1] - a[1]))
        lines.push(`      "${label}": ${n(count)} rows`);
    }
    if (f.self_check) lines.push(...formatSelfCheck(f.self_check));
  }
  lines.push(
    `${summary.dry_run ? 'Dry run (nothing written): would have' : 'Total:'} ${n(total.read)} rows read, ${n(total.inserted)} inserted, ${n(total.updated)} updated, ` +
      `${n(total.unchanged)} unchanged${total.deleted ? `, ${n(total.deleted)} deleted` : ''}, 0 rejected, in ${summary.elapsed_seconds.toFixed(1)} s.`,
  );
  return lines.join('\n');
}

/** The self-check in a few lines: the count, and the first differences (all of them with --json). */
export function formatSelfCheck(check: SelfCheck, shown = 5): string[] {
  const differing = new Set(check.differences.map((d) => d.nces_id)).size;
  const head =
    `    self-check: ${n(check.districts_checked)} districts checked against the file's own totals, ` +
    `${n(check.districts_agreeing)} agree, ${n(differing)} differ` +
    (check.districts_without_total ? `, ${n(check.districts_without_total)} without a total` : '');
  const lines = [head];
  for (const d of check.differences.slice(0, shown)) {
    lines.push(
      `      ${d.nces_id} ${d.total} (line ${d.line}): file ${d.file_total}, details ${d.detail_sum}, difference ${d.difference}` +
        (d.unreported_details ? `, ${d.unreported_details} detail(s) not reported` : '') +
        ` [${d.labels.slice(0, 6).join('; ')}${d.labels.length > 6 ? '; …' : ''}]`,
    );
  }
  if (check.differences.length > shown)
    lines.push(`      … ${n(check.differences.length - shown)} more (every difference: --json)`);
  return lines;
}
