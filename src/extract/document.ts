/**
 * A document read into lines, whatever it came from: an HTML page's blocks and table rows, a PDF's rows
 * rebuilt from the positions of its text, or the lines of a text file. The extractor only sees these.
 */

export type DocumentKind = 'html' | 'pdf' | 'text';

export interface DocLine {
  /** The line's text; the cells joined with " | " for a table row. */
  text: string;
  /** The cells of a table row (or of a text line laid out in columns); one cell for running text. */
  cells: string[];
  /**
   * A structural heading: 1-6 for <h1>-<h6> or a PDF line in a larger font, 7 for a caption or a line in
   * bold on its own; null for everything else.
   */
  heading: number | null;
  /** The table a row belongs to (rows of one table share it), or null. */
  table: number | null;
  /** A row of header cells (<th>, <thead>). */
  header: boolean;
  /** The PDF page, for the evidence. */
  page?: number;
}

export interface DocumentLink {
  url: string;
  text: string;
}

export interface ReadDocument {
  kind: DocumentKind;
  lines: DocLine[];
  /** The HTML <title> or the PDF's title. */
  title: string | null;
  /** Links to PDFs on an HTML page (listed for the collector, never followed). */
  pdfLinks: DocumentLink[];
}

export function textLine(text: string, extra: Partial<DocLine> = {}): DocLine {
  return { text, cells: [text], heading: null, table: null, header: false, ...extra };
}

export function normalizeSpace(text: string): string {
  // \s covers the no-break and narrow spaces and the BOM; the zero-width space is added.
  return text.replace(/[\s\u200b]+/g, ' ').trim();
}

/** Splits a text line laid out in columns: tabs, " | ", or runs of 3+ spaces. */
export function splitColumns(line: string): string[] {
  if (/\t/.test(line)) return line.split(/\t+/).map(normalizeSpace).filter(Boolean);
  if (/\s\|\s|^\||\|$/.test(line))
    return line
      .split('|')
      .map(normalizeSpace)
      .filter((c) => c && !/^[-:\s]+$/.test(c));
  if (/\S {3,}\S/.test(line)) return line.split(/ {3,}/).map(normalizeSpace).filter(Boolean);
  return [normalizeSpace(line)];
}
