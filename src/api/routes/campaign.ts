/** `GET /api/states` (campaign progress per state) and `GET /api/campaign/candidates` (who is next in a state). */
import type { Hono } from 'hono';
import { z } from 'zod';
import { defaultEnrichmentYear } from '../../queries/default-year.js';
import { getStateCampaignProgress } from '../../queries/get-state-campaign-progress.js';
import { getNextEnrichmentCandidates } from '../../queries/get-next-enrichment-candidates.js';
import { DEFAULT_CANDIDATE_LIMIT } from '../../domain/campaign.js';
import { badRequest } from '../errors.js';
import { stateParam, wholeNumber, yearParam } from '../params.js';
import { type ApiContext, defineRoute, json } from '../route-spec.js';
import { Candidate, StateProgress } from '../schemas.js';

const YEAR_DEFAULT = 'Campaign school year; default: the latest year that has bell schedules (as lct progress)';

const statesQuery = z.strictObject({ year: yearParam(YEAR_DEFAULT) });

const candidatesQuery = z.strictObject({
  state: stateParam('The state (required)'),
  year: yearParam(YEAR_DEFAULT),
  limit: wholeNumber('How many candidates', { min: 1, max: 1000, default: DEFAULT_CANDIDATE_LIMIT }),
});

const campaignYear = z.string().describe('The campaign school year the answer is about');

export function campaignRoutes(app: Hono, ctx: ApiContext): void {
  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/states',
      tag: 'campaign',
      summary: 'Campaign progress per state',
      description:
        'Per state: total_districts, enriched (a bell schedule that year other than a statutory fallback), unenriched, pct_enriched, total_enrollment, complete (at least 3 enriched); most enriched first. `{ year, items }`.',
      query: statesQuery,
      responses: {
        200: json(
          'Every state with districts',
          z.object({ year: campaignYear, items: z.array(StateProgress).describe('One item per state') }),
        ),
      },
    },
    async (_c, { query }, send) => {
      const year = query.year ?? (await defaultEnrichmentYear(ctx.db));
      return send(200, { year, items: await getStateCampaignProgress(ctx.db, year) });
    },
  );

  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/campaign/candidates',
      tag: 'campaign',
      summary: 'Next districts to enrich in a state',
      description:
        'The largest districts of the state without a bell schedule that year, with any active claim. `{ state, year, items }`.',
      query: candidatesQuery,
      responses: {
        200: json(
          'The candidates, largest first',
          z.object({
            state: z.string().describe('The state'),
            year: campaignYear,
            items: z.array(Candidate).describe('Largest first'),
          }),
        ),
      },
    },
    async (_c, { query }, send) => {
      if (!query.state) throw badRequest({ state: 'is required (a two-letter state code like WI)' });
      const year = query.year ?? (await defaultEnrichmentYear(ctx.db));
      return send(200, {
        state: query.state,
        year,
        items: await getNextEnrichmentCandidates(ctx.db, query.state, year, { limit: query.limit }),
      });
    },
  );
}
