/**
 * The current LCT results (view `lct_current`) of a year with their districts, filtered by scope, state and
 * validity, a page at a time with the total, or all of them as CSV (what `GET /api/lct` serves).
 */
import type { Database, Queryable } from '../db/database.js';
import { inReadSnapshot } from '../db/in-transaction.js';
import type { Page } from './search-districts.js';

export interface LctResult {
  district_id: string;
  name: string;
  state: string;
  year: string;
  scope: string;
  lct_value: number | null;
  instructional_minutes: number | null;
  staff_count: number | null;
  enrollment: number | null;
  valid: boolean;
  qa_flags: string[];
}

export interface LctResultFilter {
  year: string;
  scope?: string;
  state?: string;
  valid?: boolean;
}

const COLUMNS = `c.district_id, d.name, d.state, c.year, c.scope, c.lct_value, c.instructional_minutes, c.staff_count, c.enrollment, c.valid`;
const FROM = `FROM lct_current c JOIN districts d ON d.nces_id = c.district_id JOIN lct_scopes s ON s.scope = c.scope`;
const ORDER = `ORDER BY c.district_id, s.sort_order`;

export async function listLctResults(
  db: Queryable,
  filter: LctResultFilter & { page?: number; per_page?: number },
): Promise<Page<LctResult>> {
  const page = filter.page ?? 1;
  const perPage = filter.per_page ?? 50;
  const where = `WHERE c.year = $1 AND ($2::text IS NULL OR c.scope = $2) AND ($3::text IS NULL OR d.state = $3) AND ($4::boolean IS NULL OR c.valid = $4)`;
  const params = [filter.year, filter.scope ?? null, filter.state ?? null, filter.valid ?? null];
  // The page stops after its rows (the view comes in district order); the total has to see every row, so
  // it is a separate, leaner query (districts joined only to filter by state), run alongside.
  const countSql = filter.state
    ? `SELECT count(*)::integer AS n FROM lct_current c JOIN districts d ON d.nces_id = c.district_id ${where}`
    : `SELECT count(*)::integer AS n FROM lct_current c WHERE c.year = $1 AND ($2::text IS NULL OR c.scope = $2) AND ($3::text IS NULL) AND ($4::boolean IS NULL OR c.valid = $4)`;
  const [rows, count] = await Promise.all([
    db.query<LctResult>(`SELECT ${COLUMNS}, c.qa_flags ${FROM} ${where} ${ORDER} LIMIT $5 OFFSET $6`, [
      ...params,
      perPage,
      (page - 1) * perPage,
    ]),
    db.query<{ n: number }>(countSql, params),
  ]);
  return { items: rows.rows, total: count.rows[0]!.n, page, per_page: perPage };
}

// COPY takes no bind parameters. The filter values travel as bind parameters of set_config (transaction-local
// settings) and the COPY reads them back with current_setting(): its text is a constant, never built from values.
const FILTER_SETTINGS = ['lct.filter_year', 'lct.filter_scope', 'lct.filter_state', 'lct.filter_valid'] as const;
const CSV_SELECT = `SELECT c.district_id, d.name, d.state, c.year, c.scope, c.lct_value, c.instructional_minutes, c.staff_count, c.enrollment,
    c.valid::text AS valid, nullif(array_to_string(c.qa_flags, '; '), '') AS qa_flags ${FROM}
  WHERE c.year = current_setting('lct.filter_year')
    AND (current_setting('lct.filter_scope') = '' OR c.scope = current_setting('lct.filter_scope'))
    AND (current_setting('lct.filter_state') = '' OR d.state = current_setting('lct.filter_state'))
    AND (current_setting('lct.filter_valid') = '' OR c.valid::text = current_setting('lct.filter_valid'))
  ${ORDER}`;

/**
 * Every matching row as CSV with a header row, from one snapshot, handed to `consume` chunk by chunk as the
 * database produces it. `consume` returning false means the rest is not wanted (the client went away): the
 * COPY still runs to its end, unread, because a COPY left half-read would keep its connection forever.
 */
export async function streamLctResultsCsv(
  db: Database | Queryable,
  filter: LctResultFilter,
  consume: (chunk: Uint8Array) => Promise<boolean | void>,
): Promise<void> {
  await inReadSnapshot(db, async (tx) => {
    const values = [
      filter.year,
      filter.scope ?? '',
      filter.state ?? '',
      filter.valid === undefined ? '' : String(filter.valid),
    ];
    await tx.query(
      `SELECT ${FILTER_SETTINGS.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
      FILTER_SETTINGS.flatMap((name, i) => [name, values[i]]),
    );
    let wanted = true;
    for await (const chunk of tx.copyTo(`COPY (${CSV_SELECT}) TO STDOUT WITH (FORMAT csv, HEADER)`)) {
      if (wanted && (await consume(chunk)) === false) wanted = false;
    }
  });
}
