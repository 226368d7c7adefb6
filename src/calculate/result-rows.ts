/**
 * A run's result rows as they come out of the database with COPY, once, for the QA summary and the row
 * files: the columns to select (from the rows just inserted, or from `lct_current`), and the reading of
 * the CSV they arrive as. Each row is handed over parsed (for the QA summary) and as its CSV line (for
 * the files). District names and states are added here, from one read of `districts`, so that the rows
 * can come straight from an INSERT's RETURNING, which sees only the inserted table.
 */
import type { Queryable } from '../db/database.js';

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

export const RESULT_HEADER = `${RESULT_COLUMNS.join(',')}\n`;

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

export type ResultRowHandler = (record: ResultRecord, line: string) => void;

/**
 * What the QA summary needs, first on each line, in a form that never needs CSV quoting (booleans, ids,
 * scope names, decimals, flag names joined with '|'; NULL rather than an empty string, which CSV would
 * quote): the rest of the line is the files', from the scope on.
 */
const PREFIX = (c: string) => [`${c}.valid`, `${c}.district_id`, `${c}.scope`, `${c}.lct_value`, `${c}.calculation_notes IS NOT NULL`, `nullif(array_to_string(${c}.qa_flags, '|'), '')`];

/** The file columns after district_id, name and state, which come from `districts`. */
const FILE_COLUMNS = (c: string) => [
  `${c}.scope`,
  `${c}.lct_value`,
  `${c}.instructional_minutes`,
  `${c}.minutes_source`,
  `${c}.minutes_year`,
  `${c}.staff_count`,
  `${c}.staff_year`,
  `${c}.enrollment`,
  `${c}.enrollment_type`,
  `${c}.enrollment_year`,
  `array_to_string(${c}.qa_flags, '; ')`,
  `${c}.calculation_notes`,
];
const PREFIX_FIELDS = PREFIX('c').length;
if (FILE_COLUMNS('c').length !== RESULT_COLUMNS.length - 3) throw new Error('FILE_COLUMNS must follow RESULT_COLUMNS');

/** The select list (or RETURNING list) of a result row COPY, over `lct_calculations` rows aliased `alias`. */
export function resultRowColumns(alias: string): string {
  return [...PREFIX(alias), ...FILE_COLUMNS(alias)].join(', ');
}

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

/** An LCT value as the database prints it (two decimals at most) in exact hundredths. */
const hundredths = (text: string): number | null => (text === '' ? null : Math.round(Number(text) * 100));

/** Per district: its state, and its name and state as CSV fields (`"Name, with comma",AL`). */
export type DistrictLabels = ReadonlyMap<string, { state: string; nameAndState: string }>;

/** Every district's label, in one COPY: the name arrives CSV-quoted exactly as the files want it. */
export async function readDistrictLabels(tx: Queryable): Promise<DistrictLabels> {
  const labels = new Map<string, { state: string; nameAndState: string }>();
  // Ids and state codes hold no commas: everything after the second comma is the name's CSV field.
  for await (const block of recordBlocks(tx.copyTo('COPY (SELECT nces_id, state, name FROM districts) TO STDOUT WITH (FORMAT csv)'))) {
    for (const line of block) {
      const first = line.indexOf(',');
      const second = line.indexOf(',', first + 1);
      const state = line.slice(first + 1, second);
      labels.set(line.slice(0, first), { state, nameAndState: `${line.slice(second + 1, line.length - 1)},${state}` });
    }
  }
  return labels;
}

/** Reads result rows (selected with `resultRowColumns`) from a COPY … TO STDOUT (FORMAT csv), in order. */
export async function readResultRows(chunks: AsyncIterable<Uint8Array>, labels: DistrictLabels, onRow: ResultRowHandler): Promise<number> {
  let rows = 0;
  for await (const block of recordBlocks(chunks)) {
    for (const raw of block) {
      const cut = nthComma(raw, PREFIX_FIELDS);
      const [valid, districtId, scope, lct, hasNotes, flags] = raw.slice(0, cut).split(',') as [string, string, string, string, string, string];
      const label = labels.get(districtId);
      if (!label) throw new Error(`result row for district ${districtId}, which is not in districts`);
      onRow(
        { valid: valid === 't', district_id: districtId, state: label.state, scope, lct_hundredths: hundredths(lct), qa_flags: flags ? flags.split('|') : [], has_notes: hasNotes === 't' },
        `${districtId},${label.nameAndState},${raw.slice(cut + 1)}`,
      );
      rows++;
    }
  }
  return rows;
}
