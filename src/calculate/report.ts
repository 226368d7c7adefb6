/** The readable report of a run: what was calculated, the QA status and why, statistics, flags, files. */
import type { CalculationRun, QaSummary } from './types.js';

const n = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : value.toLocaleString('en-US');

function table(header: string[], rows: (string | number | null)[][]): string[] {
  const cells = rows.map((r) => r.map((c) => (c === null ? '-' : typeof c === 'number' ? n(c) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}

export function formatReport(
  run: Pick<
    CalculationRun,
    | 'run_id'
    | 'year'
    | 'run_type'
    | 'status'
    | 'districts_processed'
    | 'calculations_created'
    | 'input_hash'
    | 'previous_run_id'
    | 'output_files'
    | 'duration_seconds'
    | 'error'
  >,
  qa: QaSummary | null,
): string {
  const lines: string[] = [];
  lines.push(
    `LCT calculation ${run.run_id}: ${run.year}, ${run.run_type} run, ${run.status}${run.duration_seconds !== null ? ` in ${run.duration_seconds.toFixed(2)} s` : ''}`,
  );
  if (qa) lines.push(`Minutes policy: ${qa.minutes_policy}. Scopes: ${qa.scopes.join(', ')}.`);
  lines.push(
    `Districts processed: ${n(run.districts_processed)}. Rows written: ${n(run.calculations_created)}.${run.previous_run_id ? ` Previous run: ${run.previous_run_id}.` : ''}`,
  );
  if (run.input_hash) lines.push(`Input hash: ${run.input_hash}`);
  if (run.error) lines.push(`Error: ${run.error}`);
  if (
    run.run_type === 'incremental' &&
    run.status === 'completed' &&
    run.calculations_created === 0 &&
    run.districts_processed === 0
  ) {
    lines.push('Nothing changed since the previous run: no rows were recalculated.');
  }
  if (!qa) return `${lines.join('\n')}\n`;

  const q = qa.data_quality;
  lines.push(
    '',
    `QA status: ${qa.overall_status}${qa.status_reasons.length ? ` (${qa.status_reasons.join('; ')})` : ''}`,
  );
  lines.push(
    `Current results: ${n(q.total_rows)} rows for ${n(q.districts_with_rows)} districts, ${n(q.valid_rows)} valid (pass rate ${q.pass_rate}%), ${n(q.rows_with_flags)} with QA flags, ${n(q.rows_with_notes)} with notes (${qa.basis}).`,
  );

  lines.push('', 'LCT of valid rows by scope (minutes per student per day)');
  lines.push(
    ...table(
      ['scope', 'count', 'mean', 'median', 'std', 'min', 'max'],
      qa.scope_summary.map((s) => [s.scope, s.count, s.mean, s.median, s.std, s.min, s.max]),
    ),
  );

  lines.push('', 'Hierarchy checks (means of valid rows, each must hold strictly)');
  for (const h of qa.hierarchy) {
    const verdict = h.passed === null ? 'not checked (scope missing)' : h.passed ? 'ok' : 'FAILED';
    lines.push(
      `  ${h.check.padEnd(50)} ${String(h.lower_mean ?? '-').padStart(8)} < ${String(h.higher_mean ?? '-').padEnd(8)} ${verdict}`,
    );
  }

  lines.push('', 'QA flags');
  lines.push(
    ...table(
      ['flag', 'rows', 'districts', 'definition'],
      qa.flags.map((f) => [f.flag, f.rows, f.districts, f.definition]),
    ).map((l) => l),
  );

  const c = qa.state_coverage;
  lines.push(
    '',
    `States: ${c.states_with_valid_rows} of ${c.states_in_districts} have valid results${c.states_without_valid_rows.length ? ` (none for ${c.states_without_valid_rows.join(', ')})` : ''}.`,
  );

  lines.push('', 'Lowest and highest valid values');
  for (const o of qa.outliers) {
    const show = (list: typeof o.lowest) =>
      list.map((x) => `${x.lct_value} ${x.district_name} (${x.state} ${x.district_id})`).join('; ');
    lines.push(`  ${o.scope}`, `    lowest:  ${show(o.lowest)}`, `    highest: ${show(o.highest)}`);
  }

  if (run.output_files.length) {
    lines.push('', 'Files');
    for (const f of run.output_files) lines.push(`  ${f.name.padEnd(17)} ${f.path}`);
  }
  return `${lines.join('\n')}\n`;
}
