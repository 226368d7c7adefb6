/**
 * A run's result rows as they come out of the database with COPY, once, for the QA summary and the row
 * files: the columns to select (from the rows just inserted, or from `lct_current`), and the reading of
 * the CSV they arrive as. Each row is handed over parsed (for the QA summary) and as its CSV line (for
 * the files). District names and states are added here, from one read of `districts`, so that the rows
 * can come straight from an INSERT's RETURNING, which sees only the inserted table.
 */
import type { Queryable } from '../db/database.js';

/** The columns of the all-rows and valid-rows files, in order (docs/calculation.md). */
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
 * The columns of a result row COPY: valid and district_id, then the files' columns from the scope on (the
 * district's name and state come from `districts`, see readDistrictLabels). The QA summary reads the
 * scope, LCT and flags from the same fields the files get; up to the flags none needs CSV quoting.
 */
const COPY_COLUMNS = (c: string) => [
  `${c}.valid`,
  `${c}.district_id`,
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
if (COPY_COLUMNS('c').length !== RESULT_COLUMNS.length - 1) throw new Error('COPY_COLUMNS must follow RESULT_COLUMNS');
/** Fields before the flags: valid, district_id, then scope … enrollment_year. */
const FIELDS_BEFORE_FLAGS = 12;
/** Flag names joined with '; ', or "" (COPY quotes an empty string, to tell it from NULL). */
const FLAGS_FIELD = /^(""|[A-Z_]+(; [A-Z_]+)*)$/;

/** The select list (or RETURNING list) of a result row COPY, over `lct_calculations` rows aliased `alias`. */
export function resultRowColumns(alias: string): string {
  return COPY_COLUMNS(alias).join(', ');
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

/** The index of the n-th comma (the fields before it never contain one). */
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
  for await (const block of recordBlocks(
    tx.copyTo('COPY (SELECT nces_id, state, name FROM districts) TO STDOUT WITH (FORMAT csv)'),
  )) {
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
export async function readResultRows(
  chunks: AsyncIterable<Uint8Array>,
  labels: DistrictLabels,
  onRow: ResultRowHandler,
): Promise<number> {
  let rows = 0;
  for await (const block of recordBlocks(chunks)) {
    for (const raw of block) {
      const afterValid = raw.indexOf(',');
      const afterId = raw.indexOf(',', afterValid + 1);
      const afterScope = raw.indexOf(',', afterId + 1);
      const afterLct = raw.indexOf(',', afterScope + 1);
      const beforeFlags = nthComma(raw, FIELDS_BEFORE_FLAGS);
      const afterFlags = raw.indexOf(',', beforeFlags + 1);
      const districtId = raw.slice(afterValid + 1, afterId);
      const flags = raw.slice(beforeFlags + 1, afterFlags);
      const label = labels.get(districtId);
      if (!label) throw new Error(`result row for district ${districtId}, which is not in districts`);
      if (!FLAGS_FIELD.test(flags))
        throw new Error(
          `result row for district ${districtId}: unexpected fields before the notes: ${raw.slice(afterId + 1, afterFlags)}`,
        );
      onRow(
        {
          valid: raw.startsWith('t'),
          district_id: districtId,
          state: label.state,
          scope: raw.slice(afterId + 1, afterScope),
          lct_hundredths: hundredths(raw.slice(afterScope + 1, afterLct)),
          qa_flags: flags === '""' ? [] : flags.split('; '),
          // Notes are NULL (an empty last field) or never empty.
          has_notes: afterFlags + 2 < raw.length,
        },
        `${districtId},${label.nameAndState}${raw.slice(afterId)}`,
      );
      rows++;
    }
  }
  return rows;
}
