/** `GET /api/lct` (results, JSON pages or CSV), `/api/lct/summary` and `/api/lct/histogram`. */
import type { Context, Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import { LctError } from '../../errors.js';
import { defaultCalculationYear } from '../../queries/default-year.js';
import {
  MAX_LCT_PAGE_OFFSET,
  decodeCursor,
  lctResult,
  listLctResults,
  streamLctResultsCsv,
} from '../../queries/list-lct-results.js';
import { summarizeLct } from '../../queries/summarize-lct.js';
import { getLctHistogram } from '../../queries/get-lct-histogram.js';
import { badRequest } from '../errors.js';
import { booleanParam, pageParams, scopeParam, stateParam, wholeNumber, yearParam } from '../params.js';
import { type ApiContext, defineRoute, json } from '../route-spec.js';
import { LctHistogram, LctResultPage, LctSummary } from '../schemas.js';

const DEFAULT_SCOPE = 'teachers_only';
/** A CSV download whose client reads nothing for this long is cut off. */
const CSV_STALL_MS = 30_000;
const YEAR_DEFAULT = 'School year; default: the year of the latest completed calculation run';

const resultsQuery = z.strictObject({
  year: yearParam(YEAR_DEFAULT),
  scope: scopeParam('Only this scope'),
  state: stateParam(),
  valid: booleanParam('Only valid (true) or invalid (false) results'),
  ...pageParams,
  page: pageParams.page.meta({
    description: `Page number, from 1, while the page starts at most ${MAX_LCT_PAGE_OFFSET.toLocaleString('en-US')} rows deep; deeper, follow \`next\``,
  }),
  cursor: z
    .string()
    .max(200, { error: 'must be at most 200 characters' })
    .optional()
    .meta({ description: 'Where the next page starts: given in the `next` link of the page before (any depth)' }),
  format: z
    .enum(['json', 'csv'], { error: 'must be json or csv' })
    .default('json')
    .meta({ description: 'csv: every matching row (no paging), streamed, with a header row' }),
});

const CSV_COLUMNS = Object.keys(lctResult.shape).join(',');

const summaryQuery = z.strictObject({
  year: yearParam(YEAR_DEFAULT),
  scope: scopeParam(`The scope; default ${DEFAULT_SCOPE}, or every scope with group_by=scope`),
  state: stateParam('Only this state'),
  group_by: z
    .enum(['state', 'scope'], { error: 'must be state or scope' })
    .optional()
    .meta({ description: 'One item per state or per scope; none: one item for everything' }),
});

const histogramQuery = z.strictObject({
  year: yearParam(YEAR_DEFAULT),
  scope: scopeParam(`The scope; default ${DEFAULT_SCOPE}`),
  state: stateParam('Only this state'),
  bins: wholeNumber('Number of equal-width bins from the lowest to the highest value', {
    min: 1,
    max: 200,
    default: 30,
  }),
});

/** The year asked for, or the latest calculated one (null: nothing calculated yet). */
async function resolveYear(db: Queryable, year: string | undefined): Promise<string | null> {
  return year ?? (await defaultCalculationYear(db));
}

function csvFileName(parts: (string | boolean | undefined)[]): string {
  return (
    [
      'lct',
      ...parts.filter((p) => p !== undefined).map((p) => (typeof p === 'boolean' ? (p ? 'valid' : 'invalid') : p)),
    ].join('-') + '.csv'
  );
}

/** The URL of the page after this one: the same filters (the year made explicit), and its cursor. */
function nextLink(
  path: string,
  query: { scope?: string; state?: string; valid?: boolean; per_page: number },
  year: string,
  cursor: string,
): string {
  const params = new URLSearchParams({ year });
  if (query.scope) params.set('scope', query.scope);
  if (query.state) params.set('state', query.state);
  if (query.valid !== undefined) params.set('valid', String(query.valid));
  params.set('per_page', String(query.per_page));
  params.set('cursor', cursor);
  return `${path}?${params}`;
}

export function lctRoutes(app: Hono, ctx: ApiContext): void {
  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/lct',
      tag: 'lct',
      summary: 'Current LCT results',
      description:
        'The current result of each district and scope (view lct_current) for a year, in district id and scope order. `{ items, total, page, per_page, next }`: follow `next` for the following page (each costs the same at any depth; the total is counted on the first), or with format=csv every matching row as CSV.',
      query: resultsQuery,
      responses: {
        200: {
          description: 'A page of results, or with format=csv every matching row',
          content: {
            'application/json': LctResultPage,
            'text/csv': z
              .string()
              .describe(
                `A header row, then one row per result: ${CSV_COLUMNS} (valid as true/false, qa_flags joined with "; ")`,
              ),
          },
        },
      },
    },
    async (c, { query }, send) => {
      const year = await resolveYear(ctx.db, query.year);
      const filter = { year: year ?? '', scope: query.scope, state: query.state, valid: query.valid };
      if (query.format === 'csv')
        return csvResponse(c, ctx, filter, csvFileName([year ?? undefined, query.scope, query.state, query.valid]));
      if (query.cursor !== undefined && c.req.query('page') !== undefined)
        throw badRequest({ page: 'cannot go with cursor (the cursor says which page it is)' });
      if ((query.page - 1) * query.per_page > MAX_LCT_PAGE_OFFSET)
        throw badRequest({
          page: `starts more than ${MAX_LCT_PAGE_OFFSET.toLocaleString('en-US')} rows deep: follow the \`next\` link (cursor) of an earlier page instead`,
        });
      if (query.cursor !== undefined) {
        try {
          decodeCursor(query.cursor, { ...filter, year: year ?? '' });
        } catch (error) {
          if (error instanceof LctError) throw badRequest({ cursor: error.message.replace(/^The cursor /, '') });
          throw error;
        }
      }
      if (!year) return send(200, { items: [], total: 0, page: query.page, per_page: query.per_page, next: null });
      const page = await listLctResults(ctx.db, {
        ...filter,
        year,
        page: query.page,
        per_page: query.per_page,
        cursor: query.cursor,
      });
      const { next_cursor, ...rest } = page;
      return send(200, { ...rest, next: next_cursor ? nextLink(c.req.path, query, year, next_cursor) : null });
    },
  );

  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/lct/summary',
      tag: 'lct',
      summary: 'LCT statistics, overall or per state or scope',
      description:
        'Count, mean, median, sample standard deviation, min and max of the valid current values, computed in the database. `{ year, scope, state, group_by, items }`.',
      query: summaryQuery,
      responses: { 200: json('The statistics', LctSummary) },
    },
    async (_c, { query }, send) => {
      const year = await resolveYear(ctx.db, query.year);
      const scope = query.scope ?? (query.group_by === 'scope' ? undefined : DEFAULT_SCOPE);
      const group_by = query.group_by ?? null;
      const items = year
        ? await summarizeLct(ctx.db, { year, scope, state: query.state, group_by: query.group_by })
        : [];
      return send(200, { year, scope: scope ?? null, state: query.state ?? null, group_by, items });
    },
  );

  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/lct/histogram',
      tag: 'lct',
      summary: 'Distribution of LCT values',
      description:
        'Equal-width bins over the valid current values of a year and scope. `{ year, scope, state, total, bins: [{ from, to, count }] }`.',
      query: histogramQuery,
      responses: { 200: json('The histogram', LctHistogram) },
    },
    async (_c, { query }, send) => {
      const year = await resolveYear(ctx.db, query.year);
      const scope = query.scope ?? DEFAULT_SCOPE;
      const histogram = year
        ? await getLctHistogram(ctx.db, { year, scope, state: query.state, bins: query.bins })
        : { total: 0, bins: [] };
      return send(200, { year, scope, state: query.state ?? null, ...histogram });
    },
  );
}

function csvResponse(
  c: Context,
  ctx: ApiContext,
  filter: { year: string; scope?: string; state?: string; valid?: boolean },
  fileName: string,
): Response {
  if (!filter.year) throw badRequest({ year: 'is required: nothing has been calculated yet' });
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  c.header('Cache-Control', 'no-store');
  return stream(
    c,
    async (out) => {
      if (ctx.db.engine === 'pglite') {
        // The embedded engine runs one transaction at a time and has the whole result in memory anyway:
        // finish the transaction first, so a slow client never holds up everyone else.
        const chunks: Uint8Array[] = [];
        await streamLctResultsCsv(ctx.db, filter, async (chunk) => void chunks.push(chunk));
        for (const chunk of chunks) {
          if (out.aborted) break;
          await out.write(chunk);
        }
        return;
      }
      await streamLctResultsCsv(ctx.db, filter, async (chunk) => {
        if (out.aborted) return false;
        // A client that stops reading would hold a database connection: cut it off after a while.
        let timer: NodeJS.Timeout | undefined;
        const stalled = new Promise<'stalled'>(
          (resolve) => (timer = setTimeout(() => resolve('stalled'), CSV_STALL_MS)),
        );
        const outcome = await Promise.race([out.write(chunk), stalled]);
        clearTimeout(timer);
        if (outcome === 'stalled') out.abort();
        return !out.aborted;
      });
    },
    async (error, out) => {
      // Headers are gone: the only way to say the file is incomplete is to cut the response.
      console.error(`lct serve: CSV export failed: ${error.message}`);
      out.abort();
    },
  );
}
