/**
 * Runs one read-only statement someone else wrote (an AI assistant through `lct mcp`), so that it can
 * neither change anything nor run for ever nor return a million rows:
 * - only reads are taken: SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW; one statement (the extended
 *   protocol refuses a second), in a READ ONLY transaction that is always rolled back, so even a
 *   function with side effects or a session setting leaves nothing behind;
 * - a timeout stops it (PostgreSQL's statement_timeout on a server; on the embedded engine the database
 *   must be opened interruptible, see src/db/pglite-thread.ts);
 * - rows are fetched from a cursor, at most the row limit plus one (which says whether it was cut), so a
 *   huge result is never produced in full.
 */
import { z } from 'zod';
import { type Database, QUERY_CANCELED } from '../db/database.js';
import { LctError } from '../errors.js';
import { requirePositiveInteger } from './arguments.js';

export const DEFAULT_QUERY_TIMEOUT_MS = 5_000;
export const DEFAULT_QUERY_ROW_LIMIT = 1_000;

/** The statements taken; everything else is refused before it reaches the database. */
export const READ_STATEMENTS = ['SELECT', 'WITH', 'VALUES', 'TABLE', 'EXPLAIN', 'SHOW'] as const;
/** Those a cursor can read (the others run as they are and are cut after they return, which is small). */
const CURSOR_STATEMENTS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);

const CURSOR = 'lct_read_only_query';
const DECLARE = `DECLARE ${CURSOR} NO SCROLL CURSOR FOR `;

export const readOnlyQueryResult = z.object({
  columns: z
    .array(z.object({ name: z.string().describe('Column name'), type: z.string().describe('PostgreSQL type') }))
    .describe('The columns, in order (names may repeat)'),
  rows: z.array(z.array(z.unknown())).describe('The rows, each an array of values in column order'),
  row_count: z.int().describe('Rows returned'),
  truncated: z.boolean().describe('true: the statement had more rows than the row limit; only the first are here'),
  row_limit: z.int().describe('The most rows returned'),
});
export type ReadOnlyQueryResult = z.output<typeof readOnlyQueryResult>;

export interface ReadOnlyQueryOptions {
  /** Stop the statement after this long; default 5 s. */
  timeoutMs?: number;
  /** Return at most this many rows; default 1,000. */
  rowLimit?: number;
}

/** The first keyword, after comments, white space and opening parentheses; upper case. */
export function leadingKeyword(sql: string): string {
  let i = 0;
  for (;;) {
    while (i < sql.length && (/\s/.test(sql[i]!) || sql[i] === '(')) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      // Block comments nest in PostgreSQL.
      let depth = 0;
      do {
        if (sql.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (sql.startsWith('*/', i)) {
          depth--;
          i += 2;
        } else i++;
      } while (depth > 0 && i < sql.length);
    } else break;
  }
  return (/^[A-Za-z]+/.exec(sql.slice(i))?.[0] ?? '').toUpperCase();
}

class RolledBack {
  constructor(readonly result: ReadOnlyQueryResult) {}
}

interface DatabaseErrorLike {
  code?: string;
  message?: string;
  position?: string | number;
  hint?: string;
}

export async function runReadOnlyQuery(
  db: Database,
  sql: string,
  options: ReadOnlyQueryOptions = {},
): Promise<ReadOnlyQueryResult> {
  const timeoutMs = requirePositiveInteger('timeoutMs', options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS);
  const rowLimit = requirePositiveInteger('rowLimit', options.rowLimit ?? DEFAULT_QUERY_ROW_LIMIT);
  const keyword = leadingKeyword(sql);
  if (!keyword)
    throw new LctError('No SQL statement given.', 'Write one statement, e.g. SELECT count(*) FROM districts');
  if (!(READ_STATEMENTS as readonly string[]).includes(keyword))
    throw new LctError(
      `${keyword} is not a read: only ${READ_STATEMENTS.join(', ')} statements run here, in a read-only transaction.`,
      'Ask for data with SELECT; changes go through the write tools, never through SQL.',
    );
  const viaCursor = CURSOR_STATEMENTS.has(keyword);
  try {
    await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      await tx.query(`SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, MDY', true)`);
      const read = { rowMode: 'array', oneStatement: true, timeoutMs } as const;
      let result;
      if (viaCursor) {
        await tx.query(DECLARE + sql, [], read);
        result = await tx.query<unknown[]>(`FETCH FORWARD ${rowLimit + 1} FROM ${CURSOR}`, [], read);
      } else {
        result = await tx.query<unknown[]>(sql, [], read);
      }
      const types = await tx.query<{ oid: number; name: string }>(
        'SELECT oid::integer AS oid, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY ($1::oid[])',
        [[...new Set(result.fields.map((f) => f.dataTypeID))]],
      );
      const typeName = new Map(types.rows.map((t) => [t.oid, t.name]));
      const rows = result.rows.slice(0, rowLimit);
      // Rolled back whatever happened: a session setting made by the statement goes with it.
      throw new RolledBack({
        columns: result.fields.map((f) => ({ name: f.name, type: typeName.get(f.dataTypeID) ?? String(f.dataTypeID) })),
        rows,
        row_count: rows.length,
        truncated: result.rows.length > rowLimit,
        row_limit: rowLimit,
      });
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.result;
    throw explainQueryError(error, { timeoutMs, offset: viaCursor ? DECLARE.length : 0 });
  }
  throw new Error('unreachable: the transaction always rolls back');
}

/** The database's complaint about the statement, in words that help rewrite it. */
function explainQueryError(error: unknown, context: { timeoutMs: number; offset: number }): unknown {
  const e = error as DatabaseErrorLike;
  if (typeof e?.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return error;
  if (e.code === QUERY_CANCELED)
    return new LctError(
      `The query ran longer than ${context.timeoutMs} ms and was stopped.`,
      'Narrow it (a WHERE clause on an indexed column such as year, state or nces_id) or aggregate in SQL.',
      { cause: error },
    );
  if (e.code === '25006')
    return new LctError(
      `Refused: ${e.message} (queries run in a read-only transaction).`,
      'Changes go through the write tools, never through SQL.',
      { cause: error },
    );
  const position = Number(e.position);
  const at =
    Number.isFinite(position) && position > context.offset ? `, at character ${position - context.offset}` : '';
  return new LctError(`The database refused the query: ${e.message} (SQLSTATE ${e.code}${at}).`, e.hint, {
    cause: error,
  });
}
