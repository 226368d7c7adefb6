/** `lct sql`: run SQL on the configured engine (how embedded users run what others type into psql). */
import fs from 'node:fs';
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatCsvArrays, formatJson, formatTableArrays, type OutputFormat } from '../output.js';
import { LctError } from '../../errors.js';

interface SqlOptions {
  file?: string;
  json?: boolean;
  csv?: boolean;
}

export function registerSqlCommand(program: Command): void {
  program
    .command('sql')
    .description('Run SQL and print the result as a table (or --json, --csv)')
    .argument('[statement]', 'SQL to run (or use -f)')
    .option('-f, --file <file>', 'run the SQL in this file')
    .option('--json', 'print a JSON array with one object per row')
    .option('--csv', 'print CSV with a header')
    .action(async (statement: string | undefined, opts: SqlOptions, command: Command) => {
      const sql = opts.file ? readSqlFile(opts.file) : statement;
      if (!sql || !sql.trim())
        throw new LctError('No SQL given.', 'Run: lct sql "SELECT count(*) FROM districts"  or  lct sql -f file.sql');
      const format: OutputFormat = opts.json ? 'json' : opts.csv ? 'csv' : 'table';
      await withDatabase(
        command,
        async (db) => {
          let results;
          try {
            results = await db.execScript(sql, { rowMode: 'array' });
          } catch (error) {
            if ((error as { code?: string }).code === '25001') {
              throw new LctError(
                `${(error as Error).message}.`,
                'Run that statement on its own: lct sql "VACUUM ANALYZE"',
              );
            }
            throw error;
          }
          const withRows = results.filter((r) => r.fields.length > 0);
          if (format === 'json') {
            // JSON prints the last result set that returned rows, one object per row.
            const last = withRows.at(-1);
            const names = last?.fields.map((f) => f.name) ?? [];
            const objects = (last?.rows ?? []).map((row) =>
              Object.fromEntries(names.map((n, i) => [n, (row as unknown[])[i]])),
            );
            console.log(formatJson(objects));
            return;
          }
          if (format === 'csv') {
            const last = withRows.at(-1);
            process.stdout.write(
              formatCsvArrays(last?.fields.map((f) => f.name) ?? [], (last?.rows ?? []) as unknown[][]),
            );
            return;
          }
          if (withRows.length === 0) {
            const affected = results.reduce((n, r) => n + r.rowCount, 0);
            console.log(`OK${affected ? ` (${affected} row${affected === 1 ? '' : 's'} affected)` : ''}`);
            return;
          }
          console.log(
            withRows
              .map((r) =>
                formatTableArrays(
                  r.fields.map((f) => f.name),
                  r.rows as unknown[][],
                ),
              )
              .join('\n\n'),
          );
        },
        { requireSchema: false },
      );
    });
}

function readSqlFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new LctError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}
