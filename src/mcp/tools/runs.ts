/** Calculation runs: the list, one run with its QA summary, and what changed between two runs. */
import { z } from 'zod';
import { LctError } from '../../errors.js';
import { formatTable } from '../../export/text-table.js';
import { rowSchema } from '../../db/schema.js';
import { getRun } from '../../calculate/get-run.js';
import { listRuns, runListEntry } from '../../runs/list-runs.js';
import { diffRuns, lctChange, runDiff } from '../../runs/diff-runs.js';
import { runId, schoolYear, wholeNumber } from '../arguments.js';
import { defineTool } from '../tool.js';

/** The library's "no such run" names the CLI; here the tool that lists them. */
async function knownRun<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LctError && error.message.startsWith('No calculation run'))
      throw new LctError(error.message, 'List the runs with list_runs.');
    throw error;
  }
}

export const listRunsTool = defineTool({
  name: 'list_runs',
  title: 'Calculation runs',
  description:
    'The calculation runs, newest first, optionally of one school year: type (full or incremental), status, districts processed, rows written, QA status and pass rate, minutes policy, duration. Run ids are what get_run and diff_runs take.',
  input: z.strictObject({
    year: schoolYear('Only runs of this school year, like 2023-24').optional(),
    limit: wholeNumber('At most this many runs (default 20)', 1, 1000).default(20),
  }),
  output: z.object({ runs: z.array(runListEntry).describe('Newest first') }),
  async run(args, { db }) {
    return { runs: await listRuns(db, { year: args.year, limit: args.limit }) };
  },
  text: ({ runs }) =>
    runs.length === 0
      ? 'No calculation run yet.'
      : formatTable(
          runs.map((r) => ({
            run_id: r.run_id,
            year: r.year,
            type: r.run_type,
            status: r.status,
            districts: r.districts_processed,
            rows: r.calculations_created,
            qa: r.qa_status ?? '',
            pass_rate: r.pass_rate,
            completed_at: r.completed_at,
          })),
        ),
});

export const getRunTool = defineTool({
  name: 'get_run',
  title: 'One calculation run',
  description:
    'One calculation run with its QA summary: data quality (valid rows, pass rate), statistics per scope, QA flag counts, the scope hierarchy checks, outliers, the overall QA status with its reasons, its options and output files.',
  input: z.strictObject({ run_id: runId('Calculation run id (list_runs gives them)') }),
  output: rowSchema('calculation_runs'),
  run: ({ run_id }, { db }) => knownRun(() => getRun(db, run_id)),
  text(r) {
    const qa = r.qa_summary;
    return [
      `Run ${r.run_id}: ${r.year}, ${r.run_type}, ${r.status}${r.completed_at ? `, completed ${r.completed_at.toISOString()}` : ''}; ${r.districts_processed} districts, ${r.calculations_created} rows.`,
      qa
        ? `QA ${qa.overall_status}${qa.status_reasons.length ? ` (${qa.status_reasons.join('; ')})` : ''}: ${qa.data_quality.valid_rows} of ${qa.data_quality.total_rows} rows valid (${qa.data_quality.pass_rate}%).`
        : r.error
          ? `Failed: ${r.error}`
          : 'No QA summary yet.',
      ...(qa ? [formatTable(qa.scope_summary)] : []),
    ].join('\n');
  },
});

export const diffRunsTool = defineTool({
  name: 'diff_runs',
  title: 'What changed between two runs',
  description:
    'The districts whose LCT differs between the results after run_a and after run_b (two completed runs of the same year), largest change first, each with the values before and after and why: which inputs changed (enrollment, staffing, bell schedule, state requirement, SPED estimate) or the options. Counts cover every change; the list stops at limit.',
  input: z.strictObject({
    run_a: runId('The earlier run'),
    run_b: runId('The later run'),
    limit: wholeNumber('List at most this many changes (default 50)', 1, 1000).default(50),
  }),
  output: runDiff.extend({
    changes: z.array(lctChange).describe('The largest changes first, at most limit'),
    truncated: z.boolean().describe('true: more rows changed than listed (rows_changed counts them all)'),
  }),
  async run(args, { db }) {
    const diff = await knownRun(() => diffRuns(db, args.run_a, args.run_b));
    return { ...diff, changes: diff.changes.slice(0, args.limit), truncated: diff.changes.length > args.limit };
  },
  text(d) {
    const reasons = Object.entries(d.by_reason)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    return [
      `${d.year}, ${d.run_a} → ${d.run_b}: ${d.rows_changed} rows changed in ${d.districts_moved} districts${reasons ? ` (${reasons})` : ''}.`,
      ...(d.changes.length
        ? [
            formatTable(
              d.changes.map((c) => ({
                district_id: c.district_id,
                name: c.district_name,
                scope: c.scope,
                lct_a: c.lct_a,
                lct_b: c.lct_b,
                change: c.change,
                why: c.changed_inputs.join(' '),
              })),
            ),
          ]
        : []),
      ...(d.truncated ? [`(the ${d.changes.length} largest shown)`] : []),
    ].join('\n');
  },
});
