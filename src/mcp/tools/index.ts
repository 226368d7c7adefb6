/**
 * Every tool of `lct mcp`, in the order clients list them. A new family of tools is a module of this folder
 * exporting its tools (defineTool) and one line here.
 */
import type { Tool } from '../tool.js';
import { databaseStatus } from './status.js';
import { queryCampaignProgress, queryEnrichmentSummary, queryNextCandidates, stateSummary } from './campaign.js';
import { queryLctSummary } from './lct.js';
import { getDistrictProfileTool, lookupDistrict, searchDistrictsTool } from './districts.js';
import { diffRunsTool, getRunTool, listRunsTool } from './runs.js';
import { queryTool } from './query.js';
import { addBellScheduleTool, claimDistrict, releaseClaimTool } from './writes.js';
import { extractBellSchedule } from './extract.js';
import { areaTrendTool, districtTrendTool, moversTool } from './trends.js';

export const TOOL_FAMILIES: Readonly<Record<string, readonly Tool[]>> = {
  // The original LCT MCP server's five, under its names.
  original: [queryCampaignProgress, queryLctSummary, queryEnrichmentSummary, queryNextCandidates, databaseStatus],
  districts: [searchDistrictsTool, lookupDistrict, getDistrictProfileTool, stateSummary],
  runs: [listRunsTool, getRunTool, diffRunsTool],
  // LCT across years (issue 12).
  trends: [districtTrendTool, areaTrendTool, moversTool],
  sql: [queryTool],
  // Bell schedules read from the documents schools publish (issue 13); stores only with --allow-writes.
  extract: [extractBellSchedule],
  writes: [addBellScheduleTool, claimDistrict, releaseClaimTool],
};

export const TOOLS: readonly Tool[] = Object.values(TOOL_FAMILIES).flat();
