/** `lct backup <file>` and `lct restore <file>`: portable across engines, or pg_dump/psql on a server. */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson, formatTable } from '../output.js';
import { collect } from '../parse.js';
import { LctError } from '../../errors.js';

type Format = 'lct' | 'pg_dump';

function parseFormat(value: string): Format {
  if (value !== 'lct' && value !== 'pg_dump')
    throw new LctError(`--format ${value}: use lct (portable, the default) or pg_dump.`);
  return value;
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('Back up the data (every table, or --table ones) to a file that restores on either engine')
    .argument('<file>', 'file to write, e.g. backup_20251228.lctbackup')
    .option('--table <name>', 'only this table (repeatable)', collect)
    .option(
      '--format <format>',
      'lct (portable, default) or pg_dump (a plain SQL script; PostgreSQL server only)',
      parseFormat,
      'lct',
    )
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { table?: string[]; format: Format; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        if (opts.format === 'pg_dump') {
          const { backupWithPgDump } = await import('../../backup/pg-dump.js');
          const result = await backupWithPgDump(db, file, { tables: opts.table });
          return console.log(
            opts.json
              ? formatJson(result)
              : `Wrote ${file} with pg_dump (${(result.bytes / 1e6).toFixed(1)} MB). Restore: lct restore ${file}`,
          );
        }
        const { backupDatabase } = await import('../../backup/backup-database.js');
        const { terminalProgress } = await import('../progress.js');
        const result = await backupDatabase(db, file, {
          tables: opts.table,
          progress: opts.json ? undefined : terminalProgress(),
        });
        if (opts.json) return console.log(formatJson(result));
        console.log(formatTable(result.tables));
        console.log(`Restore on either engine: lct restore ${file}`);
      });
    });

  program
    .command('restore')
    .description(
      'Restore a backup (lct or pg_dump format, detected) in one transaction; refuses to replace data without --force',
    )
    .argument('<file>', 'a file written by lct backup')
    .option('--force', 'replace the contents of the tables in the backup even if they hold data')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { force?: boolean; json?: boolean }, command: Command) => {
      await withDatabase(
        command,
        async (db) => {
          const { restoreDatabase } = await import('../../backup/restore-database.js');
          const { terminalProgress } = await import('../progress.js');
          const result = await restoreDatabase(db, file, {
            force: opts.force,
            progress: opts.json ? undefined : terminalProgress(),
          });
          if (opts.json) return console.log(formatJson(result));
          console.log(formatTable(result.tables));
          console.log(`Restored ${file} (${result.format} format); materialized views refreshed.`);
        },
        // A new, empty database is fine: the restore migrates it first.
        { requireSchema: false },
      );
    });
}
