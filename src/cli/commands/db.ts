/** `lct db …`: engine status, migrations, creating, resetting and refreshing the database. */
import type { Command } from 'commander';
import { withDatabase, configOverrides } from '../context.js';
import { formatJson, formatTable } from '../output.js';
import { LctError } from '../../errors.js';

export interface EngineStatus {
  engine: string;
  version: string;
  location: string;
  applied: { version: number; name: string; applied_at: Date }[];
  pending: { version: number; name: string }[];
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('Database engine, schema and maintenance');

  db.command('status')
    .description('Engine, version, where the data lives, applied and pending migrations')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withDatabase(
        command,
        async (database) => {
          const { migrationStatus } = await import('../../db/migrate.js');
          const version = (await database.query<{ version: string }>('SELECT version()')).rows[0]!.version;
          const status = await migrationStatus(database);
          const result: EngineStatus = {
            engine: database.engine === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL server',
            version,
            location: database.location,
            applied: status.applied.map(({ version: v, name, applied_at }) => ({ version: v, name, applied_at })),
            pending: status.pending.map(({ version: v, name }) => ({ version: v, name })),
          };
          if (opts.json) return console.log(formatJson(result));
          console.log(`engine:     ${result.engine}`);
          console.log(`version:    ${result.version}`);
          console.log(`data:       ${result.location}`);
          console.log(`migrations: ${result.applied.length} applied, ${result.pending.length} pending`);
          for (const m of result.applied) console.log(`  [x] ${m.name}  (applied ${m.applied_at.toISOString()})`);
          for (const m of result.pending) console.log(`  [ ] ${m.name}`);
          if (result.pending.length > 0) console.log('Next: lct db migrate');
        },
        { requireSchema: false },
      );
    });

  db.command('migrate')
    .description('Apply pending migrations, each in its own transaction')
    .action(async (_opts: unknown, command: Command) => {
      await withDatabase(
        command,
        async (database) => {
          const { migrate } = await import('../../db/migrate.js');
          const result = await migrate(database, { onApply: (file) => console.log(`applying ${file.name}`) });
          console.log(
            result.applied.length === 0
              ? `Schema up to date (${result.alreadyApplied} migrations applied).`
              : `Applied ${result.applied.length} migration(s); ${result.alreadyApplied + result.applied.length} in total.`,
          );
        },
        { requireSchema: false },
      );
    });

  db.command('create')
    .description('Create the database named in DATABASE_URL on the server (or the embedded data folder)')
    .action(async (_opts: unknown, command: Command) => {
      const { resolveEngineConfig } = await import('../../config.js');
      const { createDatabase } = await import('../../db/create-database.js');
      const result = await createDatabase(resolveEngineConfig(configOverrides(command)));
      console.log(result.created ? `Created database ${result.name}.` : `Database ${result.name} already exists.`);
      console.log('Next: lct db migrate');
    });

  db.command('reset')
    .description('Drop every table, view and function, then migrate from scratch')
    .option('--yes', 'confirm: all data in the database is deleted')
    .action(async (opts: { yes?: boolean }, command: Command) => {
      if (!opts.yes) {
        throw new LctError('lct db reset deletes all data in the database and needs confirmation.', 'Run: lct db reset --yes');
      }
      await withDatabase(
        command,
        async (database) => {
          const { resetDatabase } = await import('../../db/migrate.js');
          const result = await resetDatabase(database);
          console.log(`Database reset: ${result.applied.length} migration(s) applied.`);
        },
        { requireSchema: false },
      );
    });

  db.command('refresh')
    .description('Refresh all materialized views')
    .action(async (_opts: unknown, command: Command) => {
      await withDatabase(command, async (database) => {
        const { refreshMaterializedViews } = await import('../../db/refresh-views.js');
        const refreshed = await refreshMaterializedViews(database);
        console.log(formatTable(refreshed));
      });
    });
}
