/** `GET /api/districts` (search, a page at a time) and `GET /api/districts/:id` (everything about one). */
import type { Hono } from 'hono';
import { z } from 'zod';
import { searchDistricts } from '../../queries/search-districts.js';
import { getDistrictProfileJson } from '../../queries/get-district-profile.js';
import { notFound } from '../errors.js';
import { districtIdParam, pageParams, searchText, stateParam, wholeNumber } from '../params.js';
import { type ApiContext, defineRoute, failure, json } from '../route-spec.js';
import { sendJsonText } from '../respond.js';
import { DistrictPage, DistrictProfile } from '../schemas.js';

const listQuery = z.strictObject({
  state: stateParam(),
  q: searchText('Part of the name (any case), or the start of the NCES id'),
  min_enrollment: wholeNumber('Only districts with at least this K-12 enrollment', { min: 0, max: 100_000_000 }),
  max_enrollment: wholeNumber('Only districts with at most this K-12 enrollment', { min: 0, max: 100_000_000 }),
  ...pageParams,
});

export function districtRoutes(app: Hono, ctx: ApiContext): void {
  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/districts',
      tag: 'districts',
      summary: 'Search districts',
      description: 'Largest enrollment first (unknown enrollment last). `{ items, total, page, per_page }`.',
      query: listQuery,
      responses: { 200: json('A page of districts and the total matching', DistrictPage) },
    },
    async (_c, { query }, send) => send(200, await searchDistricts(ctx.db, query)),
  );

  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/districts/:id',
      tag: 'districts',
      summary: 'One district',
      description:
        'The districts row, enrollment by grade, staffing by category, bell schedules, current LCT by year and scope, and the latest 100 changes to its rows (data_lineage).',
      pathParams: { id: districtIdParam },
      responses: {
        200: json('The district', DistrictProfile),
        400: failure('A malformed id'),
        404: failure('No such district'),
      },
    },
    // The answer is the JSON text PostgreSQL builds in the shape of DistrictProfile (the API tests check
    // every answer against the schema): parsing and writing it out again took about a third of the server's
    // JavaScript time per request.
    async (c, { params }) => {
      const profile = await getDistrictProfileJson(ctx.db, params.id);
      if (profile === null) throw notFound(`No district ${params.id}.`);
      return sendJsonText(c, profile);
    },
  );
}
