/** `GET /api/runs` (newest first) and `GET /api/runs/:id` (one run with its QA summary). */
import type { Hono } from 'hono';
import { z } from 'zod';
import { listRuns } from '../../runs/list-runs.js';
import { getRun } from '../../calculate/get-run.js';
import { LctError } from '../../errors.js';
import { notFound } from '../errors.js';
import { runIdParam, wholeNumber, yearParam } from '../params.js';
import { type ApiContext, defineRoute, failure, json } from '../route-spec.js';
import { Run, RunListEntry } from '../schemas.js';

const runsQuery = z.strictObject({
  year: yearParam('Only runs of this school year'),
  limit: wholeNumber('At most this many runs', { min: 1, max: 1000, default: 100 }),
});

export function runRoutes(app: Hono, ctx: ApiContext): void {
  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/runs',
      tag: 'runs',
      summary: 'Calculation runs',
      description: 'Newest first: type, status, rows, QA status and pass rate, duration. `{ items }`.',
      query: runsQuery,
      responses: {
        200: json('The runs', z.object({ items: z.array(RunListEntry).describe('Newest first') })),
      },
    },
    async (_c, { query }, send) =>
      send(200, { items: await listRuns(ctx.db, { year: query.year, limit: query.limit }) }),
  );

  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/runs/:id',
      tag: 'runs',
      summary: 'One calculation run',
      description: 'The calculation_runs row, with its QA summary (qa_summary) and output files.',
      pathParams: { id: runIdParam },
      responses: {
        200: json('The run', Run),
        400: failure('A malformed id'),
        404: failure('No such run'),
      },
    },
    async (_c, { params }, send) => {
      const run = await getRun(ctx.db, params.id).catch((error: unknown) => {
        // getRun's only LctError is "no such run".
        if (error instanceof LctError) throw notFound(`No calculation run "${params.id}".`);
        throw error;
      });
      return send(200, run);
    },
  );
}
