/** `lct runs …`: list the calculation runs, show one (its QA summary), compare two. */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson, formatTable } from '../output.js';

export function registerRunsCommands(program: Command): void {
  const runs = program.command('runs').description('Calculation runs: list, show, diff');

  runs
    .command('list')
    .description('Calculation runs, newest first')
    .option('--year <year>', 'only this school year')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { year?: string; limit: string; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { listRuns } = await import('../../runs/list-runs.js');
        const { failInterruptedRuns } = await import('../../calculate/fail-interrupted-runs.js');
        await failInterruptedRuns(db);
        const rows = await listRuns(db, { year: opts.year, limit: Number(opts.limit) || 50 });
        if (opts.json) return console.log(formatJson(rows));
        if (rows.length === 0)
          return console.log(
            `No calculation runs${opts.year ? ` for ${opts.year}` : ''} yet. Next: lct calculate --year ${opts.year ?? '2023-24'}`,
          );
        console.log(
          formatTable(
            rows.map((r) => ({
              run_id: r.run_id,
              year: r.year,
              type: r.run_type,
              status: r.status,
              districts: r.districts_processed,
              rows: r.calculations_created,
              qa: r.qa_status ?? '',
              pass_rate: r.pass_rate,
              policy: r.minutes_policy ?? '',
              seconds: r.duration_seconds,
              error: r.error ?? '',
            })),
          ),
        );
      });
    });

  runs
    .command('show')
    .description("A run's record and QA summary")
    .argument('<run_id>')
    .option('--json', 'print the run, its QA summary included, as JSON')
    .action(async (runId: string, opts: { json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { getRun } = await import('../../calculate/get-run.js');
        const { formatReport } = await import('../../calculate/report.js');
        const run = await getRun(db, runId);
        if (opts.json) return console.log(formatJson(run));
        process.stdout.write(formatReport(run, run.qa_summary));
      });
    });

  runs
    .command('diff')
    .description(
      'Districts whose LCT differs between the results after run a and after run b, by how much, and which input changed',
    )
    .argument('<a>', 'the earlier run')
    .argument('<b>', 'the later run')
    .option('--limit <n>', 'rows to print (the largest changes first)', '30')
    .option('--json', 'print every change as JSON')
    .action(async (a: string, b: string, opts: { limit: string; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { diffRuns } = await import('../../runs/diff-runs.js');
        const diff = await diffRuns(db, a, b);
        if (opts.json) return console.log(formatJson(diff));
        if (diff.rows_changed === 0)
          return console.log(`No LCT value differs between runs ${a} and ${b} (${diff.year}).`);
        const reasons = Object.entries(diff.by_reason)
          .map(([reason, n]) => `${reason} ${n.toLocaleString('en-US')}`)
          .join(', ');
        console.log(
          `${diff.districts_moved.toLocaleString('en-US')} district(s) moved between ${a} and ${b} (${diff.year}): ${diff.rows_changed.toLocaleString('en-US')} row(s). Changed inputs: ${reasons || 'none recorded'}.`,
        );
        const limit = Number(opts.limit) || 30;
        console.log(
          formatTable(
            diff.changes.slice(0, limit).map((c) => ({
              district_id: c.district_id,
              name: c.district_name ?? '',
              state: c.state ?? '',
              scope: c.scope,
              lct_a: c.lct_a,
              lct_b: c.lct_b,
              change: c.change,
              why: c.changed_inputs.join(', '),
              enrollment:
                c.enrollment_a === c.enrollment_b ? '' : `${c.enrollment_a ?? '-'} → ${c.enrollment_b ?? '-'}`,
              staff: c.staff_a === c.staff_b ? '' : `${c.staff_a ?? '-'} → ${c.staff_b ?? '-'}`,
              minutes: c.minutes_a === c.minutes_b ? '' : `${c.minutes_a ?? '-'} → ${c.minutes_b ?? '-'}`,
            })),
          ),
        );
        if (diff.changes.length > limit)
          console.log(`(the ${limit} largest of ${diff.changes.length}; --limit or --json for more)`);
      });
    });
}
