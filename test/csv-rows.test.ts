import { describe, expect, it } from 'vitest';
import { CsvRowSplitter, wholeCsvRows } from '../src/export/csv-rows.js';

/** Rows as COPY … CSV writes them: fields quoted when they hold a comma, quote or newline. */
function csvRows(seed: number, count: number): string[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pieces = ['a', 'bc', ',', '"', '\n', ' ', 'x"y', '\r\n', '{"k": [1, "v"]}', ''];
  const field = () => {
    let text = '';
    for (let i = Math.floor(random() * 4); i > 0; i--) text += pieces[Math.floor(random() * pieces.length)];
    return /[",\n\r]/.test(text) || (text === '' && random() < 0.3) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return Array.from(
    { length: count },
    () => `${Array.from({ length: 1 + Math.floor(random() * 4) }, field).join(',')}\n`,
  );
}

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('CsvRowSplitter', () => {
  it('cuts only at row ends and counts rows, whatever the chunk boundaries', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rows = csvRows(seed, 60);
      const text = bytes(rows.join(''));
      const ends = new Set<number>();
      let offset = 0;
      for (const r of rows) ends.add((offset += bytes(r).length));
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < text.length;) {
        const size = 1 + ((seed * 7919 + i * 31) % 23);
        chunks.push(text.subarray(i, i + size));
        i += size;
      }
      const splitter = new CsvRowSplitter();
      const out: Uint8Array[] = [];
      for await (const piece of wholeCsvRows(chunks, splitter)) out.push(piece);
      expect(Buffer.concat(out).equals(text)).toBe(true);
      let at = 0;
      for (const piece of out) expect(ends.has((at += piece.length))).toBe(true);
      expect(splitter.rows).toBe(rows.length);

      const counter = new CsvRowSplitter();
      for (const c of chunks) counter.observe(c);
      expect(counter.observedRows).toBe(rows.length);
    }
  });

  it('counts a last row without a newline', () => {
    const counter = new CsvRowSplitter();
    counter.observe(bytes('a,b\n"c\n",d'));
    expect(counter.observedRows).toBe(2);
    const splitter = new CsvRowSplitter();
    expect(Buffer.from(splitter.push(bytes('a,b\n"c\n",d'))).toString()).toBe('a,b\n');
    expect(Buffer.from(splitter.end()).toString()).toBe('"c\n",d');
    expect(splitter.rows).toBe(2);
  });
});
