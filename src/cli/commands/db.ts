/** `lct db …`: engine status, migrations, creating, resetting and refreshing the database, and maintenance. */
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
        throw new LctError(
          'lct db reset deletes all data in the database and needs confirmation.',
          'Run: lct db reset --yes',
        );
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

  registerMaintenanceCommands(db);
}

/** The database's upkeep: sizes, indexes, ANALYZE, VACUUM, EXPLAIN and view status, on either engine. */
function registerMaintenanceCommands(db: Command): void {
  db.command('sizes')
    .description('Database size, and each table and materialized view with its size (largest first)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withDatabase(command, async (database) => {
        const { getDatabaseSizes } = await import('../../maintenance/get-database-sizes.js');
        const sizes = await getDatabaseSizes(database);
        if (opts.json) return console.log(formatJson(sizes));
        console.log(`database ${sizes.database}: ${sizes.database_size}`);
        console.log(
          formatTable(
            sizes.relations.map((r) => ({
              name: r.name,
              kind: r.kind,
              rows_estimate: r.rows_estimate,
              size: r.total_size,
              table_bytes: r.table_bytes,
              index_bytes: r.index_bytes,
            })),
          ),
        );
      });
    });

  db.command('indexes')
    .description('Every index: table, definition, size and how often it was used')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withDatabase(command, async (database) => {
        const { listIndexes } = await import('../../maintenance/list-indexes.js');
        const indexes = await listIndexes(database);
        console.log(
          opts.json ? formatJson(indexes) : formatTable(indexes, ['table', 'index', 'size', 'scans', 'definition']),
        );
      });
    });

  db.command('analyze')
    .description("Update the planner's statistics (ANALYZE), of all tables or the ones named")
    .argument('[tables...]', 'tables to analyze')
    .option('--json', 'print JSON')
    .action(async (tables: string[], opts: { json?: boolean }, command: Command) => {
      await withDatabase(command, async (database) => {
        const { analyzeTables } = await import('../../maintenance/analyze-tables.js');
        const analyzed = await analyzeTables(database, tables);
        console.log(
          opts.json ? formatJson({ analyzed }) : `Analyzed ${analyzed === 'all' ? 'all tables' : analyzed.join(', ')}.`,
        );
      });
    });

  db.command('vacuum')
    .description(
      'VACUUM ANALYZE (monthly maintenance), of all tables or the ones named; --full gives space back to the OS',
    )
    .argument('[tables...]', 'tables to vacuum')
    .option('--full', 'rewrite the tables (locks them while it runs)')
    .option('--json', 'print JSON')
    .action(async (tables: string[], opts: { full?: boolean; json?: boolean }, command: Command) => {
      await withDatabase(command, async (database) => {
        const { vacuumTables } = await import('../../maintenance/vacuum-tables.js');
        const vacuumed = await vacuumTables(database, { tables, full: opts.full });
        console.log(
          opts.json
            ? formatJson({ vacuumed, full: Boolean(opts.full) })
            : `Vacuumed${opts.full ? ' (full)' : ''} and analyzed ${vacuumed === 'all' ? 'all tables' : vacuumed.join(', ')}.`,
        );
      });
    });

  db.command('explain')
    .description(
      'The query plan of a statement; --analyze runs it (in a transaction rolled back afterwards) and shows real times',
    )
    .argument('<sql>', 'the statement, e.g. "SELECT … FROM districts WHERE state = \'WI\'"')
    .option('--analyze', 'run it and show actual rows and times')
    .option('--buffers', 'with --analyze, show buffer usage')
    .option('--json', 'print the plan as JSON (EXPLAIN FORMAT JSON)')
    .action(async (sql: string, opts: { analyze?: boolean; buffers?: boolean; json?: boolean }, command: Command) => {
      await withDatabase(command, async (database) => {
        const { explainQuery } = await import('../../maintenance/explain-query.js');
        const result = await explainQuery(database, sql, {
          analyze: opts.analyze,
          buffers: opts.buffers,
          format: opts.json ? 'json' : 'text',
        });
        console.log(opts.json ? formatJson(result.plan) : (result.plan as string[]).join('\n'));
      });
    });

  db.command('views')
    .description('Each materialized view: rows, size, and when it was last refreshed')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withDatabase(command, async (database) => {
        const { listMaterializedViews } = await import('../../maintenance/list-materialized-views.js');
        const views = await listMaterializedViews(database);
        if (opts.json) return console.log(formatJson(views));
        console.log(
          formatTable(
            views.map((v) => ({
              view: v.view,
              rows: v.rows,
              size: v.size,
              refreshed_at: v.refreshed_at ?? 'never (lct db refresh)',
              refresh_ms: v.refresh_ms,
            })),
          ),
        );
      });
    });
}
