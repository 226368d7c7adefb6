/**
 * `lct db explain "<sql>" [--analyze]`: the query plan, as `EXPLAIN [ANALYZE] SELECT …` prints it.
 * With analyze the statement really runs, inside a transaction that is then rolled back, so explaining an
 * UPDATE or DELETE changes nothing. A leading EXPLAIN [ANALYZE] in the text is accepted too.
 */
import type { Database, Queryable } from '../db/database.js';
import { isDatabase } from '../db/in-transaction.js';
import { LctError } from '../errors.js';

export interface ExplainOptions {
  analyze?: boolean;
  buffers?: boolean;
  format?: 'text' | 'json';
}

export interface QueryPlan {
  statement: string;
  analyzed: boolean;
  /** Text plan lines, or for format json the parsed plan. */
  plan: string[] | unknown;
}

class RollBack extends Error {
  constructor(readonly result: QueryPlan) {
    super('rolled back on purpose');
  }
}

export async function explainQuery(
  db: Database | Queryable,
  sql: string,
  options: ExplainOptions = {},
): Promise<QueryPlan> {
  let statement = sql.trim().replace(/;\s*$/, '');
  let analyze = options.analyze ?? false;
  const written = /^explain\s+(analyze\s+)?/i.exec(statement);
  if (written) {
    analyze ||= Boolean(written[1]);
    statement = statement.slice(written[0].length);
  }
  if (!statement) throw new LctError('No statement to explain.', 'Run: lct db explain "SELECT …"');
  const settings = [
    analyze ? 'ANALYZE' : null,
    options.buffers ? 'BUFFERS' : null,
    `FORMAT ${options.format === 'json' ? 'JSON' : 'TEXT'}`,
  ]
    .filter(Boolean)
    .join(', ');
  const run = async (q: Queryable): Promise<QueryPlan> => {
    const result = await q.query<Record<string, unknown>>(`EXPLAIN (${settings}) ${statement}`);
    const column = result.fields[0]!.name;
    const values = result.rows.map((r) => r[column]);
    const plan =
      options.format === 'json'
        ? typeof values[0] === 'string'
          ? JSON.parse(values[0])
          : values[0]
        : (values as string[]);
    return { statement, analyzed: analyze, plan };
  };
  if (!analyze || !isDatabase(db)) return run(db);
  try {
    await db.transaction(async (tx) => {
      throw new RollBack(await run(tx));
    });
  } catch (error) {
    if (error instanceof RollBack) return error.result;
    throw error;
  }
  throw new Error('unreachable');
}
