/**
 * Streams the results a run's outputs and QA describe, once, out of the database with COPY (a few
 * thousand districts at a time): the year's current rows (`lct_current`) for the run's scopes, with
 * district names and states, sorted by district and scope. For a full run these are exactly its own rows (it processed every district), read by run id.
 * Each row is handed over parsed (for the QA summary) and as its CSV line (for the files).
 */
import type { Queryable } from '../db/database.js';
import { ALL_SCOPES } from '../domain/scopes.js';
import { sqlList, sqlLiteral } from './sql-text.js';

/** The columns of the all-rows and valid-rows files, in order (DOMAIN.md). */
export const RESULT_COLUMNS = [
  'district_id',
  'district_name',
  'state',
  'scope',
  'lct_value',
  'instructional_minutes',
  'minutes_source',
  'minutes_year',
  'staff_count',
  'staff_year',
  'enrollment',
  'enrollment_type',
  'enrollment_year',
  'qa_flags',
  'notes',
] as const;

export interface ResultRecord {
  valid: boolean;
  district_id: string;
  state: string;
  scope: string;
  /** LCT in hundredths of a minute (exact), or null. */
  lct_hundredths: number | null;
  qa_flags: string[];
  has_notes: boolean;
}

/**
 * What the QA summary needs, first on each line, in a form that never needs CSV quoting (booleans, ids,
 * state codes, scope names, decimals, flag names joined with '|'; NULL rather than an empty string, which CSV
 * would quote): the rest of the line is the files'.
 */
const PREFIX = [`c.valid`, `c.district_id`, `d.state`, `c.scope`, `c.lct_value`, `c.calculation_notes IS NOT NULL`, `nullif(array_to_string(c.qa_flags, '|'), '')`];

const SELECTED: Readonly<Record<(typeof RESULT_COLUMNS)[number], string>> = {
  district_id: 'c.district_id',
  district_name: 'd.name',
  state: 'd.state',
  scope: 'c.scope',
  lct_value: 'c.lct_value',
  instructional_minutes: 'c.instructional_minutes',
  minutes_source: 'c.minutes_source',
  minutes_year: 'c.minutes_year',
  staff_count: 'c.staff_count',
  staff_year: 'c.staff_year',
  enrollment: 'c.enrollment',
  enrollment_type: 'c.enrollment_type',
  enrollment_year: 'c.enrollment_year',
  qa_flags: `array_to_string(c.qa_flags, '; ')`,
  notes: 'c.calculation_notes',
};

/** Districts per COPY on the embedded engine, which holds a COPY's whole output in memory (twice) until it is read. */
export const DISTRICTS_PER_BATCH = 2500;

/**
 * Districts as a whole, hashed once: a run's new id has no statistics yet, and the planner, expecting few
 * rows, would otherwise look every one of the 121,000 rows' district up in the index (0.8 s instead of 0.05).
 */
const DISTRICTS = '(SELECT nces_id, name, state FROM districts OFFSET 0)';

/** COPY takes no parameters: the run id, year, scopes and district range are written as quoted literals. */
function copySql(
  run: { runId: string; year: string; runType: 'full' | 'incremental'; scopes: readonly string[] },
  range: { from: string | null; to: string | null },
  header: boolean,
  lastFullRun: string | null,
): string {
  const since =
    lastFullRun === null
      ? ''
      : ` AND c.run_id IN (SELECT run_id FROM calculation_runs WHERE year = ${sqlLiteral(run.year)} AND status = 'completed'
            AND (completed_at, run_id) >= (SELECT completed_at, run_id FROM calculation_runs WHERE run_id = ${sqlLiteral(lastFullRun)}))`;
  const source =
    run.runType === 'full'
      ? `lct_calculations c JOIN ${DISTRICTS} d ON d.nces_id = c.district_id WHERE c.run_id = ${sqlLiteral(run.runId)}`
      : `lct_current c JOIN ${DISTRICTS} d ON d.nces_id = c.district_id WHERE c.year = ${sqlLiteral(run.year)} AND c.scope IN (${sqlList(run.scopes)})${since}`;
  const from = range.from === null ? '' : ` AND c.district_id >= ${sqlLiteral(range.from)}`;
  const to = range.to === null ? '' : ` AND c.district_id < ${sqlLiteral(range.to)}`;
  // The C collation sorts the ASCII ids like the locale would, without its cost.
  return `COPY (SELECT ${PREFIX.map((expr, i) => `${expr} AS p${i}`).join(', ')}, ${RESULT_COLUMNS.map((column) => `${SELECTED[column]} AS ${column}`).join(', ')}
                FROM ${source}${from}${to}
                ORDER BY c.district_id COLLATE "C", array_position(ARRAY[${sqlList(ALL_SCOPES)}], c.scope::text))
          TO STDOUT WITH (FORMAT csv, HEADER ${header})`;
}

/**
 * The year's latest completed full run that calculated all the scopes: it processed every district, so no
 * current row for those scopes comes from an earlier run, and reading `lct_current` can skip their rows.
 */
async function lastFullRun(tx: Queryable, run: { year: string; scopes: readonly string[] }): Promise<string | null> {
  const result = await tx.query<{ run_id: string }>(
    `SELECT run_id FROM calculation_runs WHERE year = $1 AND status = 'completed' AND run_type = 'full' AND scopes @> $2::text[]
     ORDER BY completed_at DESC, run_id DESC LIMIT 1`,
    [run.year, run.scopes],
  );
  return result.rows[0]?.run_id ?? null;
}

/** District id ranges of about DISTRICTS_PER_BATCH districts each, in order; null = open end. */
async function districtRanges(tx: Queryable): Promise<{ from: string | null; to: string | null }[]> {
  const starts = (
    await tx.query<{ nces_id: string }>(
      `SELECT nces_id FROM (SELECT nces_id, row_number() OVER (ORDER BY nces_id COLLATE "C") AS n FROM districts) numbered
       WHERE n % $1 = 1 AND n > 1 ORDER BY nces_id COLLATE "C"`,
      [DISTRICTS_PER_BATCH],
    )
  ).rows.map((r) => r.nces_id);
  return [null, ...starts].map((from, i) => ({ from, to: starts[i] ?? null }));
}

/** An LCT value as the database prints it (two decimals at most) in exact hundredths. */
const hundredths = (text: string): number | null => (text === '' ? null : Math.round(Number(text) * 100));

/**
 * Splits COPY CSV text into records, a block of about a megabyte at a time (one await per block, not per
 * row): a newline inside a quoted field (an odd number of quotes so far) is data.
 */
async function* recordBlocks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  let pending = '';
  const split = (text: string): string[] => {
    const lines: string[] = [];
    let start = 0;
    let quotes = 0;
    let nextQuote = text.indexOf('"');
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', end + 1)) {
      while (nextQuote !== -1 && nextQuote < end) {
        quotes++;
        nextQuote = text.indexOf('"', nextQuote + 1);
      }
      if (quotes % 2 === 1) continue;
      lines.push(text.slice(start, end + 1));
      start = end + 1;
      quotes = 0;
    }
    pending = text.slice(start);
    return lines;
  };
  // The embedded engine hands COPY output over in ~1 KB pieces: decode and split a megabyte at a time.
  let parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.byteLength;
    if (size < 1 << 20) continue;
    yield split(pending + decoder.decode(Buffer.concat(parts), { stream: true }));
    parts = [];
    size = 0;
  }
  const last = split(pending + decoder.decode(Buffer.concat(parts)));
  if (pending) last.push(pending.endsWith('\n') ? pending : `${pending}\n`);
  yield last;
}

/** The index of the n-th comma (the prefix fields never contain one). */
function nthComma(line: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) at = line.indexOf(',', at + 1);
  return at;
}

/**
 * Calls `onHeader` with the files' header line, then `onRow` for every row, in order. The lines handed
 * over are the files' lines: the leading fields used for the QA summary are cut off.
 */
export async function streamCurrentResults(
  tx: Queryable,
  run: { runId: string; year: string; runType: 'full' | 'incremental'; scopes: readonly string[] },
  handlers: { onHeader(line: string): void; onRow(record: ResultRecord, line: string): void },
  options: { batched: boolean },
): Promise<void> {
  // Batches for a full run on the embedded engine only: the server streams COPY output as it comes, and
  // `lct_current` would re-evaluate its whole anti-join for every batch.
  const ranges = run.runType === 'full' && options.batched ? await districtRanges(tx) : [{ from: null, to: null }];
  const since = run.runType === 'full' ? null : await lastFullRun(tx, run);
  for (const [i, range] of ranges.entries()) {
    let header = i === 0;
    for await (const block of recordBlocks(tx.copyTo(copySql(run, range, header, since)))) {
      for (const raw of block) {
        const cut = nthComma(raw, PREFIX.length);
        const line = raw.slice(cut + 1);
        if (header) {
          header = false;
          handlers.onHeader(line);
          continue;
        }
        const [valid, districtId, state, scope, lct, hasNotes, flags] = raw.slice(0, cut).split(',') as [string, string, string, string, string, string, string];
        handlers.onRow(
          { valid: valid === 't', district_id: districtId, state, scope, lct_hundredths: hundredths(lct), qa_flags: flags ? flags.split('|') : [], has_notes: hasNotes === 't' },
          line,
        );
      }
    }
  }
}
