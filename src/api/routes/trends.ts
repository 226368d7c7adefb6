/**
 * LCT across years: `GET /api/districts/:id/trend`, `GET /api/trends` (a state, or the nation) and
 * `GET /api/trends/movers`, as JSON or, with format=csv, one row per year (or per mover).
 */
import type { Context, Hono } from 'hono';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { getDistrictTrend } from '../../queries/get-district-trend.js';
import { getMovers } from '../../queries/get-movers.js';
import { getNationalTrend } from '../../queries/get-national-trend.js';
import { getStateTrend } from '../../queries/get-state-trend.js';
import { notFound, badRequest } from '../errors.js';
import { districtIdParam, scopeParam, stateParam, wholeNumber, yearParam } from '../params.js';
import { type ApiContext, defineRoute, failure } from '../route-spec.js';
import { AreaTrend, DistrictTrend, Movers } from '../schemas.js';

const DEFAULT_SCOPE = 'teachers_only';
const MAX_MOVERS = 200;

const format = z
  .enum(['json', 'csv'], { error: 'must be json or csv' })
  .default('json')
  .meta({ description: 'csv: the same answer as CSV with a header row, one row per year' });

const range = {
  scope: scopeParam(`The scope; default ${DEFAULT_SCOPE}`),
  from: yearParam('The first school year shown; default: the first with data'),
  to: yearParam('The last school year shown; default: the last with data'),
};

const districtTrendQuery = z.strictObject({ ...range, format });
const areaTrendQuery = z.strictObject({
  state: stateParam('A state; without it, the nation'),
  ...range,
  format,
});
const moversQuery = z.strictObject({
  from: yearParam('The earlier school year; default: the year before to among the calculated years'),
  to: yearParam('The later school year; default: the latest calculated year'),
  scope: scopeParam(`The scope; default ${DEFAULT_SCOPE}`),
  state: stateParam('Only districts of this state'),
  limit: wholeNumber(`Rises and falls listed, each (at most ${MAX_MOVERS})`, { min: 1, max: MAX_MOVERS, default: 20 }),
  format: format.meta({ description: 'csv: one row per mover (direction rise or fall, then its rank)' }),
});

/** Checks that `from` is not after `to` (both school years, so text order is year order). */
function checkRange(query: { from?: string; to?: string }): void {
  if (query.from && query.to && query.from > query.to)
    throw badRequest({ from: `is after to (${query.from} > ${query.to})` });
}

function csvAnswer(c: Context, rows: Record<string, unknown>[], columns: string[], fileName: string): Response {
  const text = stringify(
    rows.map((row) =>
      columns.map((column) => {
        const value = row[column];
        if (Array.isArray(value)) return value.join('; ');
        if (typeof value === 'boolean') return value ? 'true' : 'false';
        return value ?? '';
      }),
    ),
    { header: true, columns },
  );
  return c.body(text, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
  });
}

const csv = (columns: string[]) =>
  z.string().describe(`A header row, then one row per year: ${columns.join(',')} (qa_flags joined with "; ")`);

const DISTRICT_COLUMNS = Object.keys(DistrictTrend.shape.years.element.shape);
const AREA_COLUMNS = Object.keys(AreaTrend.shape.years.element.shape);
const MOVER_COLUMNS = ['direction', 'rank', ...Object.keys(Movers.shape.rises.element.shape)];

export function trendRoutes(app: Hono, ctx: ApiContext): void {
  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/districts/:id/trend',
      tag: 'trends',
      summary: "A district's LCT over the years",
      description:
        'Per year: LCT, enrollment, staff FTE, minutes and their source, valid, flags, the change from the year before and the series break (null, or why a new segment starts); over the series the first and last valid years, the change between them and the compound annual rate. A year the district is missing is absent (a gap). With format=csv, one row per year.',
      pathParams: { id: districtIdParam },
      query: districtTrendQuery,
      responses: {
        200: {
          description: 'The trend, or with format=csv its years',
          content: { 'application/json': DistrictTrend, 'text/csv': csv(DISTRICT_COLUMNS) },
        },
        400: failure('A malformed id or parameter'),
        404: failure('No such district'),
      },
    },
    async (c, { params, query }, send) => {
      checkRange(query);
      const scope = query.scope ?? DEFAULT_SCOPE;
      const trend = await getDistrictTrend(ctx.db, params.id, { scope, from: query.from, to: query.to });
      if (!trend) throw notFound(`No district ${params.id}.`);
      if (query.format === 'csv')
        return csvAnswer(c, trend.years, DISTRICT_COLUMNS, `lct-trend-${params.id}-${scope}.csv`);
      return send(200, trend);
    },
  );

  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/trends',
      tag: 'trends',
      summary: 'LCT over the years in a state or the nation',
      description:
        'Per year over the valid current results: the median district LCT and the enrollment-weighted LCT (Σ minutes × staff / Σ enrollment), with districts counted, enrollment, staff and the change from the year before; over the series the first and last years, the change and the compound annual rate. Without state, the nation. With format=csv, one row per year.',
      query: areaTrendQuery,
      responses: {
        200: {
          description: 'The trend, or with format=csv its years',
          content: { 'application/json': AreaTrend, 'text/csv': csv(AREA_COLUMNS) },
        },
      },
    },
    async (c, { query }, send) => {
      checkRange(query);
      const scope = query.scope ?? DEFAULT_SCOPE;
      const options = { scope, from: query.from, to: query.to };
      const trend = query.state
        ? await getStateTrend(ctx.db, query.state, options)
        : await getNationalTrend(ctx.db, options);
      if (query.format === 'csv')
        return csvAnswer(c, trend.years, AREA_COLUMNS, `lct-trend-${query.state ?? 'US'}-${scope}.csv`);
      return send(200, trend);
    },
  );

  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/trends/movers',
      tag: 'trends',
      summary: 'The largest rises and falls between two years',
      description:
        'Among districts valid in both years with no series break between them, the largest rises and falls of LCT, in minutes. `{ from, to, scope, rises, falls }`. With format=csv, one row per mover.',
      query: moversQuery,
      responses: {
        200: {
          description: 'The movers, or with format=csv one row per mover',
          content: {
            'application/json': Movers,
            'text/csv': z
              .string()
              .describe(`A header row, then one row per mover: ${MOVER_COLUMNS.join(',')} (rises first)`),
          },
        },
      },
    },
    async (c, { query }, send) => {
      checkRange(query);
      const scope = query.scope ?? DEFAULT_SCOPE;
      const movers = await getMovers(ctx.db, {
        from: query.from,
        to: query.to,
        scope,
        state: query.state,
        limit: query.limit,
      });
      if (query.format === 'csv') {
        const rows = [
          ...movers.rises.map((m, i) => ({ direction: 'rise', rank: i + 1, ...m })),
          ...movers.falls.map((m, i) => ({ direction: 'fall', rank: i + 1, ...m })),
        ];
        return csvAnswer(
          c,
          rows,
          MOVER_COLUMNS,
          `lct-movers-${[movers.from, movers.to, scope, query.state].filter(Boolean).join('-')}.csv`,
        );
      }
      return send(200, movers);
    },
  );
}
