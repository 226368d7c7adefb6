/** LCT statistics, under the original LCT MCP server's tool name (query_lct_summary). */
import { z } from 'zod';
import { LctError } from '../../errors.js';
import { formatTable } from '../../export/text-table.js';
import { ALL_SCOPES } from '../../domain/scopes.js';
import { defaultCalculationYear } from '../../queries/default-year.js';
import { getLctSummaryByScope, lctScopeSummary } from '../../queries/get-lct-summary-by-scope.js';
import type { Database } from '../../db/database.js';
import { schoolYear, scope } from '../arguments.js';
import { defineTool } from '../tool.js';

/** The year asked for, or the year of the latest completed calculation run. */
export async function calculatedYear(db: Database, year: string | undefined): Promise<string> {
  const resolved = year ?? (await defaultCalculationYear(db));
  if (!resolved)
    throw new LctError(
      'Nothing has been calculated yet: there are no LCT results.',
      'Calculate first (lct calculate --year 2023-24, or lct start); database_status lists what the database holds.',
    );
  return resolved;
}

export const CALCULATED_YEAR = 'School year, like 2023-24; default: the year of the latest calculation run';

export const queryLctSummary = defineTool({
  name: 'query_lct_summary',
  title: 'LCT statistics per scope',
  description:
    'National LCT statistics (minutes of individual attention per student per day): count, mean, median, sample standard deviation, min and max over the valid current results of a school year, for one scope or for every scope that has results. Scopes go from teachers_only to all staff (the lct://scopes resource defines them). For one state use state_summary.',
  input: z.strictObject({
    scope: scope('LCT scope, e.g. teachers_only; default: every scope with results').optional(),
    year: schoolYear(CALCULATED_YEAR).optional(),
  }),
  output: z.object({
    year: z.string().describe('School year summarised'),
    summaries: z.array(lctScopeSummary).describe('One item per scope, in scope order'),
  }),
  async run(args, { db }) {
    const year = await calculatedYear(db, args.year);
    const summaries = [];
    for (const s of args.scope ? [args.scope] : ALL_SCOPES) {
      const summary = await getLctSummaryByScope(db, s, year);
      if (args.scope || summary.district_count > 0) summaries.push(summary);
    }
    return { year, summaries };
  },
  text: ({ year, summaries }) =>
    [
      `LCT in minutes per student per day, ${year}, valid current results:`,
      formatTable(summaries.map(({ year: _year, ...s }) => s)),
    ].join('\n'),
});
