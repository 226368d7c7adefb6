/**
 * Rows on their way into a table: encoded once as COPY CSV text, in chunks, with the input line each
 * came from, so any problem the database finds can be reported at its line.
 */
import { copyCsvField } from '../db/csv.js';

const CHUNK_CHARS = 1 << 20;

export class StagedRows {
  /** Finished chunks as bytes: no reference back to the input strings the values came from. */
  private readonly chunks: Buffer[] = [];
  private current = '';
  private lineNumbers = new Int32Array(1024);
  count = 0;

  constructor(readonly columns: readonly string[]) {}

  /** Set by close() or fail(): no more rows will come. */
  private finished = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  add(values: readonly (string | null)[], line: number): void {
    let text = '';
    for (let i = 0; i < values.length; i++) text += (i ? ',' : '') + copyCsvField(values[i]!);
    this.current += text + '\n';
    if (this.current.length >= CHUNK_CHARS) {
      this.chunks.push(Buffer.from(this.current));
      this.current = '';
      this.notify();
    }
    if (this.count === this.lineNumbers.length) {
      const grown = new Int32Array(this.lineNumbers.length * 2);
      grown.set(this.lineNumbers);
      this.lineNumbers = grown;
    }
    this.lineNumbers[this.count++] = line;
  }

  /** The input line of the n-th row (1-based, in the order added). */
  lineOf(record: number): number {
    return this.lineNumbers[record - 1] ?? 0;
  }

  *copyData(): Generator<string | Buffer> {
    yield* this.chunks;
    if (this.current) yield this.current;
  }

  /** All rows are added. */
  close(): void {
    this.finished = true;
    this.notify();
  }

  /** Reading failed: a COPY consuming copyDataWhileAdding() is aborted with this error. */
  fail(error: unknown): void {
    this.failure = error;
    this.close();
  }

  /**
   * The rows as they are added, chunk by chunk, until close(): a COPY can load them while the file is
   * still being read. The rows stay staged, for a second look if the COPY fails.
   */
  async *copyDataWhileAdding(): AsyncGenerator<string | Buffer> {
    for (let sent = 0; ;) {
      if (this.failure) throw this.failure;
      if (sent < this.chunks.length) yield this.chunks[sent++]!;
      else if (this.finished) {
        if (this.current) yield this.current;
        return;
      } else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
