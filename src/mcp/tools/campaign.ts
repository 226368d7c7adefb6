/**
 * The bell-schedule campaign, under the original LCT MCP server's tool names (query_campaign_progress,
 * query_enrichment_summary, query_next_candidates) so its users' prompts keep working, and a state's
 * summary (campaign and LCT together).
 */
import { z } from 'zod';
import { formatTable } from '../../export/text-table.js';
import { DEFAULT_CANDIDATE_LIMIT, STATE_CAMPAIGN_TARGET } from '../../domain/campaign.js';
import { stateByCode } from '../../domain/states.js';
import { defaultCalculationYear, defaultEnrichmentYear } from '../../queries/default-year.js';
import { getStateCampaignProgress, stateCampaignProgress } from '../../queries/get-state-campaign-progress.js';
import { enrichmentSummary, getEnrichmentSummary } from '../../queries/get-enrichment-summary.js';
import { formatEnrichmentReport } from '../../queries/print-enrichment-report.js';
import {
  enrichmentCandidate,
  getNextEnrichmentCandidates,
  type EnrichmentCandidate,
} from '../../queries/get-next-enrichment-candidates.js';
import { lctGroupStatistics, summarizeLct } from '../../queries/summarize-lct.js';
import { schoolYear, stateCode, wholeNumber } from '../arguments.js';
import { defineTool } from '../tool.js';

const CAMPAIGN_YEAR = 'Campaign school year, like 2025-26; default: the latest year that has bell schedules';
const campaignYearOut = z.string().describe('The campaign school year the answer is about');

const candidateTable = (candidates: EnrichmentCandidate[]) =>
  formatTable(
    candidates.map((c) => ({
      rank: c.rank_in_state,
      nces_id: c.nces_id,
      name: c.name,
      enrollment: c.enrollment,
      claimed_by: c.claimed_by ?? '',
    })),
  );

export const queryCampaignProgress = defineTool({
  name: 'query_campaign_progress',
  title: 'Campaign progress per state',
  description:
    'Bell-schedule collection progress of every state for one school year: districts, enriched (with a real bell schedule, not a statutory fallback), unenriched, percent enriched, enrollment, and whether the state reached the campaign target of 3 enriched districts. Most enriched first. Use it for "which states still need schedules?" or "how far along is the campaign?".',
  input: z.strictObject({ year: schoolYear(CAMPAIGN_YEAR).optional() }),
  output: z.object({
    year: campaignYearOut,
    states: z.array(stateCampaignProgress).describe('One item per state with districts, most enriched first'),
  }),
  async run(args, { db }) {
    const year = args.year ?? (await defaultEnrichmentYear(db));
    return { year, states: await getStateCampaignProgress(db, year) };
  },
  text({ year, states }) {
    const complete = states.filter((s) => s.complete).length;
    return [
      `Campaign progress ${year}: ${complete} of ${states.length} states complete (at least ${STATE_CAMPAIGN_TARGET} enriched districts).`,
      formatTable(
        states.map((s) => ({
          state: s.state,
          enriched: s.enriched,
          districts: s.total_districts,
          pct_enriched: s.pct_enriched,
          complete: s.complete ? 'yes' : '',
        })),
      ),
    ].join('\n');
  },
});

export const queryEnrichmentSummary = defineTool({
  name: 'query_enrichment_summary',
  title: 'Enrichment summary',
  description:
    'How many U.S. districts have a collected bell schedule for one school year, the national enrichment rate, the number of schedule records and states represented, and schedules per collection method.',
  input: z.strictObject({ year: schoolYear(CAMPAIGN_YEAR).optional() }),
  output: enrichmentSummary,
  async run(args, { db }) {
    return getEnrichmentSummary(db, args.year ?? (await defaultEnrichmentYear(db)));
  },
  text: (summary) => formatEnrichmentReport(summary).trimEnd(),
});

export const queryNextCandidates = defineTool({
  name: 'query_next_candidates',
  title: 'Next districts to collect',
  description:
    'The largest districts of a state that still have no real bell schedule for the year (the next ones to collect), largest first, with whoever holds an active campaign claim on them. Use it for "what is left to collect in Ohio?".',
  input: z.strictObject({
    state: stateCode(),
    year: schoolYear(CAMPAIGN_YEAR).optional(),
    limit: wholeNumber(`How many districts (default ${DEFAULT_CANDIDATE_LIMIT})`, 1, 100).default(
      DEFAULT_CANDIDATE_LIMIT,
    ),
  }),
  output: z.object({
    state: z.string().describe('The state'),
    year: campaignYearOut,
    candidates: z.array(enrichmentCandidate).describe('Largest first'),
  }),
  async run(args, { db }) {
    const year = args.year ?? (await defaultEnrichmentYear(db));
    return {
      state: args.state,
      year,
      candidates: await getNextEnrichmentCandidates(db, args.state, year, { limit: args.limit }),
    };
  },
  text({ state, year, candidates }) {
    if (candidates.length === 0) return `Every district of ${state} has a bell schedule for ${year}.`;
    return [`Next districts to collect in ${state} for ${year}, largest first:`, candidateTable(candidates)].join('\n');
  },
});

export const stateSummary = defineTool({
  name: 'state_summary',
  title: 'A state at a glance',
  description:
    'One state: its LCT statistics per scope (count, mean, median, standard deviation, min, max over the valid current results of a year), its campaign progress for a campaign year, and its largest districts still without a bell schedule. Use it for questions about a state as a whole; query_lct_summary gives national figures.',
  input: z.strictObject({
    state: stateCode(),
    year: schoolYear('School year of the LCT figures; default: the year of the latest calculation run').optional(),
    campaign_year: schoolYear(CAMPAIGN_YEAR).optional(),
  }),
  output: z.object({
    state: z.string().describe('Two-letter state code'),
    name: z.string().describe('The state’s name'),
    year: z.string().nullable().describe('School year of the LCT figures; null when nothing was calculated yet'),
    lct_by_scope: z.array(lctGroupStatistics).describe('LCT statistics per scope, valid current results'),
    campaign_year: campaignYearOut,
    campaign: stateCampaignProgress.nullable().describe('Campaign progress; null when the state has no districts'),
    next_candidates: z.array(enrichmentCandidate).describe('Its five largest districts without a bell schedule'),
  }),
  async run(args, { db }) {
    const year = args.year ?? (await defaultCalculationYear(db));
    const campaignYear = args.campaign_year ?? (await defaultEnrichmentYear(db));
    const progress = await getStateCampaignProgress(db, campaignYear);
    return {
      state: args.state,
      name: stateByCode(args.state)!.name,
      year,
      lct_by_scope: year ? await summarizeLct(db, { year, state: args.state, group_by: 'scope' }) : [],
      campaign_year: campaignYear,
      campaign: progress.find((p) => p.state === args.state) ?? null,
      next_candidates: await getNextEnrichmentCandidates(db, args.state, campaignYear, { limit: 5 }),
    };
  },
  text(r) {
    const lines = [`${r.name} (${r.state})`];
    lines.push(
      r.year
        ? `LCT ${r.year}, minutes per student per day, valid current results:\n${formatTable(r.lct_by_scope)}`
        : 'No LCT calculated yet.',
    );
    lines.push(
      r.campaign
        ? `Campaign ${r.campaign_year}: ${r.campaign.enriched} of ${r.campaign.total_districts} districts enriched (${r.campaign.pct_enriched}%)${r.campaign.complete ? ', complete' : ''}.`
        : `No districts of ${r.state} in the database.`,
    );
    if (r.next_candidates.length) lines.push('Largest still without a schedule:', candidateTable(r.next_candidates));
    return lines.join('\n');
  },
});
