/**
 * The changes an assistant may make, only on a server started with --allow-writes: add a bell schedule,
 * claim a campaign district, release a claim. Each is recorded in data_lineage with the source
 * `mcp:<client name>` (the name the client gave in its initialize request).
 */
import { z } from 'zod';
import { LctError } from '../../errors.js';
import { formatTable } from '../../export/text-table.js';
import { rowSchema } from '../../db/schema.js';
import { DEFAULT_CLAIM_HOURS } from '../../domain/campaign.js';
import { addBellSchedule, bellScheduleRow } from '../../queries/add-bell-schedule.js';
import { claimNextCandidate } from '../../queries/claim-next-candidate.js';
import { releaseClaim } from '../../queries/release-claim.js';
import { defaultEnrichmentYear } from '../../queries/default-year.js';
import { BELL_SCHEDULE_BODY } from '../../api/routes/bell-schedules.js';
import { campaignYear, districtId, schoolYear, stateCode } from '../arguments.js';
import { defineTool, type ToolContext } from '../tool.js';

/** `data_lineage.source` of what this client changes. */
export const lineageSource = (ctx: ToolContext) => `mcp:${ctx.clientName()}`;

const claimRow = rowSchema('campaign_claims');
const districts = rowSchema('districts').shape;
const claimedDistrict = claimRow.extend({
  name: districts.name,
  state: districts.state,
  enrollment: districts.enrollment,
});

const collector = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(100, { error: 'must be at most 100 characters' });

export const addBellScheduleTool = defineTool({
  name: 'add_bell_schedule',
  title: 'Add a bell schedule',
  description:
    'Record the daily instructional minutes of a district for a school year and level (elementary, middle or high), with where they were found. Validated like every import (100-600 minutes, no COVID years); replaces the schedule already stored for that district, year and level (fields left out keep their values); completes an open campaign claim on the district.',
  writes: true,
  input: BELL_SCHEDULE_BODY,
  output: z.object({
    schedule: bellScheduleRow,
    inserted: z
      .boolean()
      .describe('true: a new schedule; false: the one for that district, year and level was updated'),
    completed_claim_id: z.int().nullable().describe('The campaign claim this schedule completed, if any'),
  }),
  run: (args, ctx) => addBellSchedule(ctx.db, args, { source: lineageSource(ctx) }),
  text: ({ schedule: s, inserted, completed_claim_id }) =>
    `${inserted ? 'Added' : 'Updated'} the ${s.year} ${s.grade_level} bell schedule of district ${s.district_id}: ${s.instructional_minutes} minutes (${s.method}, ${s.confidence} confidence, id ${s.id}).${completed_claim_id === null ? '' : ` Completed campaign claim ${completed_claim_id}.`}`,
});

export const claimDistrict = defineTool({
  name: 'claim_district',
  title: 'Claim the next district to collect',
  description:
    'Reserve the next district of a state for bell-schedule collection (the largest one without a schedule that nobody else holds) so that no other collector works on it; the claim lapses after some hours. Add its schedule with add_bell_schedule, or give it back with release_claim.',
  writes: true,
  input: z.strictObject({
    state: stateCode(),
    year: campaignYear(
      'Campaign school year, like 2025-26; default: the latest year that has bell schedules',
    ).optional(),
    collector: collector.optional().describe('Who collects, shown to the other collectors; default: mcp:<client name>'),
    hours: z
      .number({ error: 'must be a number' })
      .positive({ error: 'must be more than 0' })
      .max(720, { error: 'must be at most 720 (30 days)' })
      .default(DEFAULT_CLAIM_HOURS)
      .describe(`How long the claim lasts, in hours (default ${DEFAULT_CLAIM_HOURS})`),
  }),
  output: z.object({ claim: claimedDistrict.describe('The claim, with its district') }),
  async run(args, ctx) {
    const year = args.year ?? (await defaultEnrichmentYear(ctx.db));
    const claim = await claimNextCandidate(ctx.db, args.state, year, {
      claimedBy: args.collector ?? lineageSource(ctx),
      hours: args.hours,
      source: lineageSource(ctx),
    });
    if (!claim)
      throw new LctError(
        `No district left to claim in ${args.state} for ${year}: every district is enriched or claimed.`,
        'See who holds them with query_next_candidates.',
      );
    return { claim };
  },
  text: ({ claim: c }) =>
    `Claimed ${c.district_id} ${c.name} (${c.state}, ${c.enrollment?.toLocaleString('en-US') ?? 'unknown'} students) for ${c.claimed_by} until ${c.expires_at.toISOString()} (claim ${c.id}, ${c.year}).`,
});

export const releaseClaimTool = defineTool({
  name: 'release_claim',
  title: 'Release a claimed district',
  description:
    'Give a claimed district back to the campaign before its claim lapses, so another collector can take it.',
  writes: true,
  input: z.strictObject({
    district_id: districtId(),
    year: schoolYear('Only the claim of this school year; default: its active claims of any year').optional(),
    collector: collector.optional().describe('Only if this collector holds it'),
  }),
  output: z.object({ released: z.array(claimRow).describe('The claims released') }),
  async run(args, ctx) {
    const released = await releaseClaim(ctx.db, args.district_id, {
      year: args.year,
      claimedBy: args.collector,
      source: lineageSource(ctx),
    }).catch((error: unknown) => {
      if (error instanceof LctError && /has no active claim/.test(error.message))
        throw new LctError(error.message, 'Claims are listed by query_next_candidates (claimed_by).');
      throw error;
    });
    return { released };
  },
  text: ({ released }) =>
    `Released ${released.length} claim(s):\n${formatTable(
      released.map((c) => ({ claim: c.id, district_id: c.district_id, year: c.year, claimed_by: c.claimed_by })),
    )}`,
});
