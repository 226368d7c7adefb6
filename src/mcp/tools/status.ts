/** database_status (the original LCT MCP server's name): the engine, the schema, and what the data holds. */
import { z } from 'zod';
import { migrationStatus } from '../../db/migrate.js';
import { LCT_VERSION } from '../../paths.js';
import { databaseOverview, getDatabaseOverview } from '../../queries/get-database-overview.js';
import { defineTool } from '../tool.js';

export const databaseStatus = defineTool({
  name: 'database_status',
  title: 'Database status',
  description:
    'Which database this server reads (embedded or a PostgreSQL server), its versions, whether its schema is up to date, how many districts it holds, which school years were calculated and which have bell schedules, the latest calculation run, and whether writes are allowed. Call it first to learn which years to ask about.',
  input: z.strictObject({}),
  output: z.object({
    engine: z.enum(['pglite', 'postgres']).describe('pglite (the embedded database) or postgres (a server)'),
    location: z.string().describe('The data folder, or the server URL without its password'),
    lct_version: z.string().describe('lct version'),
    postgres_version: z.string().describe('PostgreSQL server_version'),
    migrations_applied: z.int().describe('Schema migrations applied'),
    migrations_pending: z.int().describe('Schema migrations not applied yet (then run lct db migrate)'),
    data: databaseOverview.nullable().describe('What the data holds; null before the schema exists'),
    writes_allowed: z.boolean().describe('The server was started with --allow-writes'),
    query_timeout_ms: z.int().describe('The query tool stops a statement after this long'),
    query_row_limit: z.int().describe('The query tool returns at most this many rows'),
  }),
  async run(_args, { db, allowWrites, query }) {
    const status = await migrationStatus(db);
    const version = await db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
    return {
      engine: db.engine,
      location: db.location,
      lct_version: LCT_VERSION,
      postgres_version: version.rows[0]!.version,
      migrations_applied: status.applied.length,
      migrations_pending: status.pending.length,
      data: status.applied.length === 0 ? null : await getDatabaseOverview(db),
      writes_allowed: allowWrites,
      query_timeout_ms: query.timeoutMs,
      query_row_limit: query.rowLimit,
    };
  },
  text(s) {
    const lines = [
      `${s.engine === 'pglite' ? 'Embedded database' : 'PostgreSQL server'} ${s.location} (PostgreSQL ${s.postgres_version}, lct ${s.lct_version}).`,
      `Schema: ${s.migrations_applied} migrations applied, ${s.migrations_pending} pending${s.migrations_pending ? ' (run lct db migrate)' : ''}.`,
    ];
    if (s.data) {
      const d = s.data;
      lines.push(
        `${d.total_districts.toLocaleString('en-US')} districts. Calculated years: ${d.calculated_years.join(', ') || 'none'}.`,
        `Bell schedules: ${d.bell_schedule_years.map((b) => `${b.year} (${b.schedules})`).join(', ') || 'none'}.`,
        d.latest_run
          ? `Latest calculation run: ${d.latest_run.run_id} (${d.latest_run.year}, ${d.latest_run.status}).`
          : 'No calculation run yet.',
      );
    }
    lines.push(
      `Writes ${s.writes_allowed ? 'allowed' : 'not allowed (read-only server)'}; query: ${s.query_timeout_ms} ms, ${s.query_row_limit} rows at most.`,
    );
    return lines.join('\n');
  },
});
