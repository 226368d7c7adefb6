/** `GET /health`: is the server up, on which engine, how migrated, and the latest calculation run. */
import type { Hono } from 'hono';
import { migrationStatus } from '../../db/migrate.js';
import type { Row } from '../../db/schema.js';
import { LCT_VERSION } from '../version.js';
import { type ApiContext, defineRoute, json } from '../route-spec.js';
import { Health } from '../schemas.js';

export function healthRoutes(app: Hono, ctx: ApiContext): void {
  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/health',
      tag: 'server',
      summary: 'Server and database status',
      description:
        'Engine, lct and PostgreSQL versions, migrations applied and pending, and the latest calculation run. Never cached.',
      responses: { 200: json('The server is up and the database answers', Health) },
    },
    async (_c, _input, send) => {
      const [status, server, latest] = await Promise.all([
        migrationStatus(ctx.db),
        ctx.db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`),
        ctx.db
          .query<Pick<Row<'calculation_runs'>, 'run_id' | 'year' | 'status' | 'completed_at'>>(
            `SELECT run_id, year, status, completed_at FROM calculation_runs ORDER BY started_at DESC, run_id DESC LIMIT 1`,
          )
          .catch(() => ({ rows: [] })),
      ]);
      return send(200, {
        status: status.pending.length ? 'migrations_pending' : 'ok',
        engine: ctx.db.engine,
        version: LCT_VERSION,
        postgres_version: server.rows[0]?.version ?? null,
        migrations_applied: status.applied.length,
        migrations_pending: status.pending.length,
        latest_run: latest.rows[0] ?? null,
      });
    },
  );
}
