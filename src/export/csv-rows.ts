/**
 * Finds row boundaries in CSV text as PostgreSQL's COPY … CSV writes it (quote and escape `"`): a newline
 * outside quotes ends a row, one inside a quoted field does not. Used to count exported rows and to cut
 * COPY input into chunks that end on whole rows (the embedded engine loads each chunk batch as a blob).
 */
const QUOTE = 0x22;
const NEWLINE = 0x0a;

export class CsvRowSplitter {
  /** Complete rows seen so far. */
  rows = 0;
  private inQuotes = false;
  private pending: Uint8Array[] = [];

  /** Feeds bytes; returns the bytes of the rows completed so far (possibly empty). */
  push(chunk: Uint8Array): Uint8Array {
    const boundary = this.scan(chunk);
    if (boundary < 0) {
      this.pending.push(chunk);
      return new Uint8Array(0);
    }
    const complete = concat([...this.pending, chunk.subarray(0, boundary + 1)]);
    this.pending = boundary + 1 < chunk.length ? [chunk.slice(boundary + 1)] : [];
    return complete;
  }

  /** Counts the rows in `chunk` without keeping any bytes (for exports that only report counts). */
  observe(chunk: Uint8Array): void {
    const boundary = this.scan(chunk);
    this.trailing = boundary + 1 < chunk.length || (boundary < 0 && this.trailing);
  }

  /** Rows counted by `observe`, a final row without a newline included. */
  get observedRows(): number {
    return this.rows + (this.trailing ? 1 : 0);
  }

  private trailing = false;

  /** Updates the quote state and row count; returns the index of the last row-ending newline, or -1. */
  private scan(chunk: Uint8Array): number {
    let boundary = -1;
    let inQuotes = this.inQuotes;
    let rows = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (byte === NEWLINE && !inQuotes) {
        rows++;
        boundary = i;
      }
    }
    this.inQuotes = inQuotes;
    this.rows += rows;
    return boundary;
  }

  /** The bytes after the last newline (a final row without one), counted as a row if not empty. */
  end(): Uint8Array {
    const rest = concat(this.pending);
    this.pending = [];
    if (rest.length > 0) this.rows++;
    return rest;
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Re-chunks CSV bytes so that every chunk ends on a row boundary. */
export async function* wholeCsvRows(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, splitter = new CsvRowSplitter()): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    const rows = splitter.push(chunk);
    if (rows.length > 0) yield rows;
  }
  const rest = splitter.end();
  if (rest.length > 0) yield rest;
}
