/** `query`: one read-only SQL statement, with a timeout and a row limit (runReadOnlyQuery). */
import { z } from 'zod';
import { formatTableArrays } from '../../export/text-table.js';
import { READ_STATEMENTS, readOnlyQueryResult, runReadOnlyQuery } from '../../queries/run-read-only-query.js';
import { wholeNumber } from '../arguments.js';
import { defineTool } from '../tool.js';

/** Rows shown in the text rendering; the structured content has them all. */
const TEXT_ROWS = 100;

export const queryTool = defineTool({
  name: 'query',
  title: 'Read-only SQL',
  description: `Run one read-only SQL statement (${READ_STATEMENTS.join(', ')}) against the LCT database (PostgreSQL) when no other tool answers the question. It runs in a READ ONLY transaction with a timeout and returns at most a row limit of rows (database_status says both; the result says when it cut). The lct://schema resource describes every table and view; the main ones: districts, lct_current (the current LCT per district, year and scope), bell_schedules, grade_level_enrollment, grade_level_staffing, calculation_runs, state_requirements. Aggregate in SQL rather than fetching many rows.`,
  input: z.strictObject({
    sql: z
      .string({ error: 'must be a string holding one SQL statement' })
      .min(1, { error: 'must hold one SQL statement' })
      .max(100_000, { error: 'must be at most 100,000 characters' })
      .describe('One SQL statement, e.g. SELECT state, count(*) FROM districts GROUP BY state ORDER BY 2 DESC'),
    row_limit: wholeNumber(
      'Return at most this many rows (default and most: the server’s row limit)',
      1,
      1_000_000,
    ).optional(),
  }),
  output: readOnlyQueryResult.extend({ timeout_ms: z.int().describe('The statement was stopped after this long') }),
  async run(args, { db, query }) {
    const rowLimit = Math.min(args.row_limit ?? query.rowLimit, query.rowLimit);
    const result = await runReadOnlyQuery(db, args.sql, { timeoutMs: query.timeoutMs, rowLimit });
    return { ...result, timeout_ms: query.timeoutMs };
  },
  text(r) {
    const shown = r.rows.slice(0, TEXT_ROWS);
    return [
      formatTableArrays(
        r.columns.map((c) => c.name),
        shown,
      ),
      ...(r.rows.length > shown.length ? [`(the first ${shown.length} of ${r.row_count} rows shown here)`] : []),
      ...(r.truncated
        ? [`Cut at ${r.row_limit} rows: the statement had more. Narrow it or aggregate (GROUP BY, count, LIMIT).`]
        : []),
    ].join('\n');
  },
});
