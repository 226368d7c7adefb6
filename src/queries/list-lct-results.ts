/**
 * The current LCT results (view `lct_current`) of a year with their districts, filtered by scope, state and
 * validity, a page at a time with the total, or all of them as CSV (what `GET /api/lct` serves).
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable } from '../db/database.js';
import { rowSchema } from '../db/schema.js';
import { inReadSnapshot } from '../db/in-transaction.js';
import { LctError } from '../errors.js';
import { pageSchema } from './page.js';
import { requireStateCode } from './arguments.js';
import { NATION_AREA } from '../calculate/refresh-area-trends.js';
import { sqlLiteral } from '../calculate/sql-text.js';

const current = rowSchema('lct_current').shape;
const district = rowSchema('districts').shape;

/** A current result with its district's name and state: a row of `GET /api/lct` and of its CSV. */
export const lctResult = z.object({
  district_id: current.district_id,
  name: district.name.describe('District name'),
  state: district.state,
  year: current.year,
  scope: current.scope,
  lct_value: current.lct_value,
  instructional_minutes: current.instructional_minutes,
  staff_count: current.staff_count,
  enrollment: current.enrollment,
  valid: current.valid,
  qa_flags: current.qa_flags,
});
export type LctResult = z.output<typeof lctResult>;

/** A page of results and the cursor of the next one (null on the last page). */
export const lctResultPage = pageSchema(lctResult).extend({
  next_cursor: z
    .string()
    .nullable()
    .describe('Pass as `cursor` to get the next page (null on the last one); it keeps the total of the first page'),
});
export type LctResultPage = z.output<typeof lctResultPage>;

export interface LctResultFilter {
  year: string;
  scope?: string;
  state?: string;
  valid?: boolean;
}

/**
 * Page numbers reach this many rows deep; further, follow the cursor. A numbered page is read from the
 * start of the order (its offset is scanned), a cursor page from where the last one ended. Each row before
 * a page costs about 3 µs in the database on a slow 2-core machine: 5,000 rows deep (where pages used to
 * stop) took 20-28 ms there, 2,000 rows about 12 ms.
 */
export const MAX_LCT_PAGE_OFFSET = 2_000;

/** Where a page ends: the last row's district and scope. */
interface ResultKey {
  district_id: string;
  scope: string;
}

/**
 * What a cursor carries: where to continue, the page number and total to report, which filter it is for,
 * and how many districts the last page's rows spanned (where the next page's window starts: sparse filters
 * need wide windows, found once per walk instead of once per page).
 */
interface Cursor extends ResultKey {
  page: number;
  total: number;
  filter: string;
  window: number;
}

const filterKey = (f: LctResultFilter) =>
  crypto
    .createHash('sha256')
    .update(JSON.stringify([f.year, f.scope ?? null, f.state ?? null, f.valid ?? null]))
    .digest('base64url')
    .slice(0, 8);

function encodeCursor(cursor: Cursor): string {
  const { district_id, scope, page, total, filter, window } = cursor;
  return Buffer.from(JSON.stringify([district_id, scope, page, total, filter, window])).toString('base64url');
}

/** The cursor's contents; an LctError when it is not one this query handed out. */
export function decodeCursor(text: string, filter: LctResultFilter): Cursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const [district_id, scope, page, total, key, window] = Array.isArray(parts) ? parts : [];
  if (
    typeof district_id !== 'string' ||
    !/^\d{7}$/.test(district_id) ||
    typeof scope !== 'string' ||
    !/^[a-z_]{1,50}$/.test(scope) ||
    !Number.isSafeInteger(page) ||
    page < 2 ||
    !Number.isSafeInteger(total) ||
    total < 0 ||
    typeof key !== 'string' ||
    !Number.isSafeInteger(window) ||
    window < 1
  )
    throw new LctError('The cursor is not one this API handed out.', 'Start again without a cursor and follow `next`.');
  if (key !== filterKey(filter))
    throw new LctError(
      'The cursor belongs to other filters (year, scope, state, valid must stay the same).',
      'Follow the `next` link as it is, or start again without a cursor.',
    );
  return { district_id, scope, page, total, filter: key, window };
}

const COLUMNS = `c.district_id, d.name, d.state, c.year, c.scope, c.lct_value, c.instructional_minutes, c.staff_count, c.enrollment, c.valid, c.qa_flags`;
const FROM = `FROM lct_current c JOIN districts d ON d.nces_id = c.district_id JOIN lct_scopes s ON s.scope = c.scope`;
const ORDER = `ORDER BY c.district_id, s.sort_order`;
const FILTER = `c.year = $1 AND ($2::text IS NULL OR c.scope = $2) AND ($3::text IS NULL OR d.state = $3) AND ($4::boolean IS NULL OR c.valid = $4)`;

/**
 * A window of at most `$2` districts after `$1`: its first and last district and how many it has (fewer than
 * `$2`: it reaches the last one). Within a state, the state's districts are read in order by the index on
 * (state, nces_id) (migration 0013): walking the primary key past the state's last district read every later
 * one.
 */
const WINDOW_SQL = `SELECT min(nces_id) AS first, max(nces_id) AS last, count(*)::integer AS districts
  FROM (SELECT nces_id FROM districts WHERE nces_id > $1 ORDER BY nces_id LIMIT $2) w`;
const STATE_WINDOW_SQL = `SELECT min(nces_id) AS first, max(nces_id) AS last, count(*)::integer AS districts
  FROM (SELECT nces_id FROM districts WHERE state = $3 AND nces_id > $1 ORDER BY nces_id LIMIT $2) w`;

// Keyset: rows after ($5 district, $6 scope), or from district $5 on when $6 is null, only among districts up
// to $7, so that the planner reads the results of a small range of districts by index instead of sorting every
// current row of the year.
const PAGE_SQL = `SELECT ${COLUMNS} ${FROM}
  WHERE ${FILTER}
    AND c.district_id >= $5 AND c.district_id <= $7
    AND ($6::text IS NULL OR c.district_id > $5 OR s.sort_order > (SELECT sort_order FROM lct_scopes WHERE scope = $6))
  ${ORDER} LIMIT $8 OFFSET $9`;

const COUNT_SQL = `SELECT count(*)::integer AS n FROM lct_current c JOIN districts d ON d.nces_id = c.district_id WHERE ${FILTER}`;
// Without a state, the count need not join districts.
const COUNT_ALL_STATES_SQL = `SELECT count(*)::integer AS n FROM lct_current c
  WHERE c.year = $1 AND ($2::text IS NULL OR c.scope = $2) AND ($3::text IS NULL) AND ($4::boolean IS NULL OR c.valid = $4)`;

// The same total from lct_result_counts (migration 0011): per scope of the year's runs, the row of the area
// written by the latest run of the year that processed districts for the scope. `stored` is false when a
// scope has no such row (a deleted run, a restore, a year without runs): then lct_current is counted.
const STORED_COUNT_SQL = `
WITH latest AS (
  SELECT DISTINCT ON (s.scope) s.scope, r.run_id
  FROM calculation_runs r
  CROSS JOIN LATERAL unnest(r.scopes) AS s (scope)
  WHERE r.year = $1 AND r.status = 'completed' AND r.districts_processed > 0 AND ($2::text IS NULL OR s.scope = $2)
  ORDER BY s.scope, r.completed_at DESC, r.run_id DESC
)
SELECT coalesce(bool_and(EXISTS (
         SELECT 1 FROM lct_result_counts n
         WHERE n.area = ${sqlLiteral(NATION_AREA)} AND n.scope = l.scope AND n.year = $1 AND n.run_id = l.run_id)), false)
         AS stored,
       coalesce(sum(CASE WHEN $4::boolean IS NULL THEN c.valid_count + c.invalid_count
                         WHEN $4 THEN c.valid_count ELSE c.invalid_count END), 0)::integer AS n,
       coalesce(sum(c.valid_count + c.invalid_count), 0)::integer AS unfiltered
FROM latest l
LEFT JOIN lct_result_counts c
  ON c.area = coalesce($3::text, ${sqlLiteral(NATION_AREA)}) AND c.scope = l.scope AND c.year = $1 AND c.run_id = l.run_id`;

/**
 * How many current results match the filter: stored by the latest runs when they can tell, counted otherwise;
 * with stored counts, also how many there are whatever their validity (`unfiltered`).
 */
async function countResults(
  db: Queryable,
  params: unknown[],
  byState: boolean,
): Promise<{ n: number; unfiltered: number | null }> {
  const stored = (
    await db.query<{ stored: boolean; n: number; unfiltered: number }>(STORED_COUNT_SQL, params, {
      name: 'lct_results_count',
    })
  ).rows[0]!;
  if (stored.stored) return stored;
  const counted = (await db.query<{ n: number }>(byState ? COUNT_SQL : COUNT_ALL_STATES_SQL, params)).rows[0]!;
  return { n: counted.n, unfiltered: null };
}

/**
 * Current rows per district and year without a scope filter, at least (7 staff scopes; the SPED scopes
 * where estimated): a window sized by it holds the rows asked for when districts have their usual rows.
 */
const ROWS_PER_DISTRICT = 7;

/** The widest window (in districts) read by the prepared page statement; wider ones are planned per page. */
const PREPARED_WINDOW_DISTRICTS = 100;

/**
 * `take` rows after `after` (from the start when null), skipping `skip`: read from a window of districts just
 * large enough when each district has `rowsPerDistrict` (or as large as the last page needed), widened while
 * it falls short (by what it lacked, or sixteen times while it held no row past the skipped ones) until it has
 * the rows or reaches the last district. Also says how large a window the next `take` rows need.
 *
 * A window of a few districts (a page followed by its cursor) runs the prepared statement: its generic plan
 * of nested loops by index suits it and costs no planning. A wider one (a numbered page deep in the order, a
 * sparse filter) is planned for its values: hash joins, and for valid=false the partial index of invalid
 * results; the generic plan read every row of such a window by nested loops, half again as slow.
 */
async function readRows(
  db: Queryable,
  filter: LctResultFilter,
  params: unknown[],
  after: (ResultKey & { window?: number }) | null,
  skip: number,
  take: number,
  rowsPerDistrict: number,
): Promise<{ rows: LctResult[]; window: number }> {
  let window = after?.window ?? Math.ceil((skip + take) / rowsPerDistrict) + 1;
  const from = after?.district_id ?? '';
  for (;;) {
    type Window = { first: string | null; last: string | null; districts: number };
    const bounds = filter.state
      ? await db.query<Window>(STATE_WINDOW_SQL, [from, window, filter.state], { name: 'lct_results_state_window' })
      : await db.query<Window>(WINDOW_SQL, [from, window], { name: 'lct_results_window' });
    const { first, last, districts } = bounds.rows[0]!;
    // From the start: the window's first district on. After a key: the rest of its district, then the window
    // (no district after it: only its own remaining scopes).
    const rows = await db.query<LctResult>(
      PAGE_SQL,
      [...params, after?.district_id ?? first ?? '', after?.scope ?? null, last ?? from, take, skip],
      window <= PREPARED_WINDOW_DISTRICTS ? { name: 'lct_results_page' } : undefined,
    );
    const found = rows.rows.length;
    if (found === take || districts < window)
      return { rows: rows.rows, window: Math.max(1, Math.ceil((window * take) / (skip + take))) };
    // Some rows past the skipped ones: the window held skip + found of the skip + take rows wanted.
    window = found > 0 ? Math.ceil(((window * (skip + take)) / (skip + found)) * 1.25) + 1 : window * 16;
  }
}

/**
 * One page of current results, in district id and scope order: page `page` (from the start, at most
 * MAX_LCT_PAGE_OFFSET rows deep) or the page after `cursor` (any depth: each page costs the same). The
 * total is counted on the page a walk starts from and carried by its cursors.
 */
export async function listLctResults(
  db: Queryable,
  filter: LctResultFilter & { page?: number; per_page?: number; cursor?: string },
): Promise<LctResultPage> {
  const perPage = filter.per_page ?? 50;
  const params = [
    filter.year,
    filter.scope ?? null,
    filter.state ? requireStateCode(filter.state) : null,
    filter.valid ?? null,
  ];
  const cursor = filter.cursor ? decodeCursor(filter.cursor, filter) : null;
  const page = cursor ? cursor.page : (filter.page ?? 1);
  const skip = cursor ? 0 : (page - 1) * perPage;
  if (skip > MAX_LCT_PAGE_OFFSET)
    throw new LctError(
      `Page ${page} of ${perPage} starts ${skip.toLocaleString('en-US')} rows deep; page numbers reach ${MAX_LCT_PAGE_OFFSET.toLocaleString('en-US')}.`,
      'Follow the `next` cursor from an earlier page instead.',
    );
  // The total (on a page that starts a walk) is counted alongside the page, on another connection.
  const counted = cursor ? null : countResults(db, params, filter.state !== undefined);
  counted?.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  // Districts have about ROWS_PER_DISTRICT rows, one of a scope; a validity filter can keep far fewer (31 of
  // 130,000 invalid): its windows start as wide as the share of rows it keeps says, known from the counts.
  let rowsPerDistrict = filter.scope ? 1 : ROWS_PER_DISTRICT;
  if (counted && filter.valid !== undefined) {
    const { n, unfiltered } = await counted;
    if (unfiltered) rowsPerDistrict *= Math.max(n, 1) / unfiltered;
  }
  // One row more than the page says whether there is a next one.
  const { rows, window } = await readRows(db, filter, params, cursor, skip, perPage + 1, rowsPerDistrict);
  const items = rows.slice(0, perPage);
  const hasNext = rows.length > perPage;
  const total = cursor ? cursor.total : (await counted!).n;
  const last = items.at(-1);
  const next_cursor =
    hasNext && last
      ? encodeCursor({
          district_id: last.district_id,
          scope: last.scope,
          page: page + 1,
          total,
          filter: filterKey(filter),
          window,
        })
      : null;
  return { items, total, page, per_page: perPage, next_cursor };
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
      filter.state ? requireStateCode(filter.state) : '',
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
