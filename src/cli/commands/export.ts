/** `lct export json|csv|query|xlsx`: bell schedules as JSON, tables as CSV, any query as CSV, a run's outputs as a workbook. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson, formatTable } from '../output.js';
import { collect } from '../parse.js';

export function registerExportCommands(program: Command): void {
  const exporter = program
    .command('export')
    .description('Export data: JSON, table CSVs, a query as CSV, a run as a spreadsheet');

  exporter
    .command('json')
    .description('Bell schedules in the original JSON shape (keyed by district id), for lct import bell-schedules')
    .option('--year <year>', "only this year (default: each district's latest year)")
    .option('--output <file>', 'write to this file (default: standard output)')
    .option('--json', 'print a JSON summary of what was written (with --output)')
    .action(async (opts: { year?: string; output?: string; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { exportBellSchedulesJson, formatBellSchedulesJson } =
          await import('../../export/export-bell-schedules-json.js');
        const schedules = await exportBellSchedulesJson(db, { year: opts.year });
        const text = formatBellSchedulesJson(schedules);
        if (!opts.output) return void process.stdout.write(text);
        const { writeFileFromChunks } = await import('../../export/write-file.js');
        await writeFileFromChunks(opts.output, [text]);
        const summary = { file: opts.output, districts: Object.keys(schedules).length };
        console.log(
          opts.json
            ? formatJson(summary)
            : `Wrote the bell schedules of ${summary.districts} districts to ${opts.output}.`,
        );
      });
    });

  exporter
    .command('csv')
    .description('One CSV per table (<table>.csv, header = column names), the format lct import csv reads back')
    .argument('<dir>', 'folder to write into (created if missing)')
    .option('--tables <names...>', 'only these tables (space- or comma-separated)', collect)
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: { tables?: string[]; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { exportTablesCsv } = await import('../../export/export-tables-csv.js');
        const { terminalProgress } = await import('../progress.js');
        const exported = await exportTablesCsv(db, dir, {
          tables: opts.tables,
          progress: opts.json ? undefined : terminalProgress(),
        });
        console.log(
          opts.json
            ? formatJson(exported)
            : formatTable(exported.map((e) => ({ table: e.table, rows: e.rows, bytes: e.bytes, file: e.file }))),
        );
      });
    });

  exporter
    .command('query')
    .description("A query's result as CSV with a header (like COPY (…) TO … CSV HEADER), streamed from either engine")
    .argument('<sql>', 'a SELECT (or WITH … SELECT)')
    .option('--output <file>', 'write to this file (default: standard output)')
    .option('--json', 'print a JSON summary (with --output)')
    .action(async (sql: string, opts: { output?: string; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        if (!opts.output) {
          const { queryCsvChunks } = await import('../../export/export-query-csv.js');
          const { inReadSnapshot } = await import('../../db/in-transaction.js');
          await inReadSnapshot(db, async (tx) => {
            for await (const chunk of queryCsvChunks(tx, sql)) {
              if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
            }
          });
          return;
        }
        const { exportQueryCsv } = await import('../../export/export-query-csv.js');
        const result = await exportQueryCsv(db, sql, opts.output);
        console.log(
          opts.json ? formatJson(result) : `Wrote ${result.rows.toLocaleString('en-US')} rows to ${result.file}.`,
        );
      });
    });

  exporter
    .command('xlsx')
    .description("A calculation run's CSV outputs as one Excel workbook, one sheet per output")
    .option('--run <run_id>', 'the run (default: the latest completed run)')
    .option('--output <file>', "workbook to write (default: <run_id>.xlsx beside the run's outputs)")
    .option('--json', 'print JSON')
    .action(async (opts: { run?: string; output?: string; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { exportRunXlsx } = await import('../../export/export-run-xlsx.js');
        const result = await exportRunXlsx(db, { runId: opts.run, output: opts.output });
        if (opts.json) return console.log(formatJson(result));
        console.log(
          `Wrote ${result.file} (run ${result.run_id}, ${(fs.statSync(result.file).size / 1e6).toFixed(1)} MB):`,
        );
        console.log(formatTable(result.sheets));
      });
    });
}
