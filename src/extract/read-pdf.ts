/**
 * A PDF's text layer into lines (pdfjs-dist, no browser, no network): the text pieces of each page are
 * grouped into rows by their baseline, split into cells where the gap between pieces is wider than a
 * word space, and two schedules laid side by side are read one after the other (a gutter that no row
 * crosses, with labels and times on both sides). Scanned PDFs have no text layer: they read as empty.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocLine, ReadDocument } from './document.js';
import { normalizeSpace } from './document.js';
import { findTimes } from './times.js';

interface Piece {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface PdfCell {
  text: string;
  x0: number;
  x1: number;
}

interface PdfRow {
  y: number;
  height: number;
  cells: PdfCell[];
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

function pdfjsAssets(): { standardFontDataUrl: string; cMapUrl: string } {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return {
    standardFontDataUrl: pathToFileURL(path.join(root, 'standard_fonts') + path.sep).pathname,
    cMapUrl: pathToFileURL(path.join(root, 'cmaps') + path.sep).pathname,
  };
}

function rowsOf(pieces: Piece[]): PdfRow[] {
  const sorted = [...pieces].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: { y: number; height: number; pieces: Piece[] }[] = [];
  for (const piece of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row.y - piece.y) <= 0.45 * Math.max(row.height, piece.height)) {
      row.pieces.push(piece);
      row.height = Math.max(row.height, piece.height);
    } else rows.push({ y: piece.y, height: piece.height, pieces: [piece] });
  }
  return rows.map((row) => {
    const ordered = row.pieces.sort((a, b) => a.x - b.x);
    const cells: PdfCell[] = [];
    for (const piece of ordered) {
      const last = cells[cells.length - 1];
      const gap = last ? piece.x - last.x1 : Infinity;
      if (last && gap <= Math.max(0.9 * piece.height, 3)) {
        last.text += gap > 0.12 * piece.height && !last.text.endsWith(' ') ? ` ${piece.text}` : piece.text;
        last.x1 = Math.max(last.x1, piece.x + piece.width);
      } else cells.push({ text: piece.text, x0: piece.x, x1: piece.x + piece.width });
    }
    for (const cell of cells) cell.text = normalizeSpace(cell.text);
    return { y: row.y, height: row.height, cells: cells.filter((c) => c.text) };
  });
}

const hasLabel = (text: string) =>
  /[a-z]{2,}/i.test(text.replace(/\b(?:a\.?m\.?|p\.?m\.?|noon|min(?:utes?)?|mins)\b/gi, '').replace(/\d/g, ''));
const hasTime = (text: string) => findTimes(text).length > 0;

/** A vertical gutter two side-by-side schedules leave between them, or null. */
function findGutter(rows: PdfRow[]): number | null {
  const candidates = new Set<number>();
  for (const row of rows)
    for (let i = 1; i < row.cells.length; i++) {
      const gap = row.cells[i]!.x0 - row.cells[i - 1]!.x1;
      if (gap >= 1.5 * row.height) candidates.add(Math.round((row.cells[i]!.x0 + row.cells[i - 1]!.x1) / 2));
    }
  let best: { x: number; score: number } | null = null;
  for (const x of candidates) {
    let crossing = 0;
    let leftSchedule = 0;
    let rightSchedule = 0;
    let both = 0;
    for (const row of rows) {
      if (row.cells.some((c) => c.x0 < x && c.x1 > x)) {
        crossing++;
        continue;
      }
      const left = row.cells.filter((c) => c.x1 <= x).map((c) => c.text);
      const right = row.cells.filter((c) => c.x0 >= x).map((c) => c.text);
      const l = left.join(' ');
      const r = right.join(' ');
      if (hasLabel(l) && hasTime(l)) leftSchedule++;
      if (hasLabel(r) && hasTime(r)) rightSchedule++;
      if (left.length && right.length) both++;
    }
    if (leftSchedule >= 3 && rightSchedule >= 3 && both >= 3 && crossing <= Math.max(2, rows.length * 0.25)) {
      const score = Math.min(leftSchedule, rightSchedule);
      if (!best || score > best.score) best = { x, score };
    }
  }
  return best?.x ?? null;
}

function toLine(cells: PdfCell[], heading: number | null, page: number, table: number | null): DocLine {
  const texts = cells.map((c) => c.text);
  return { text: texts.join(' | '), cells: texts, heading, table, header: false, page };
}

/** Reads a PDF's text layer. */
export async function readPdf(data: Uint8Array): Promise<ReadDocument> {
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    // pdfjs takes ownership of the buffer; give it a copy.
    data: new Uint8Array(data),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    ...pdfjsAssets(),
    cMapPacked: true,
  });
  const pdf = await task.promise;
  try {
    const pages: PdfRow[][] = [];
    const heights: number[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const pieces: Piece[] = [];
      for (const item of content.items) {
        if (!('str' in item) || !item.str.trim()) continue;
        const [a, b, , d, x, y] = item.transform as number[];
        const height = item.height || Math.hypot(b!, d!) || Math.abs(a!);
        pieces.push({ text: item.str, x: x!, y: y!, width: item.width, height });
        heights.push(height);
      }
      pages.push(rowsOf(pieces));
      page.cleanup();
    }
    heights.sort((a, b) => a - b);
    const body = heights[Math.floor(heights.length / 2)] ?? 10;
    const lines: DocLine[] = [];
    let table = 0;
    pages.forEach((rows, index) => {
      const page = index + 1;
      const headingOf = (row: PdfRow) =>
        row.cells.length === 1 && row.height >= 1.45 * body
          ? 1
          : row.cells.length === 1 && row.height >= 1.15 * body
            ? 2
            : null;
      const gutter = findGutter(rows);
      let previousCells = 0;
      const push = (cells: PdfCell[], row: PdfRow) => {
        if (!cells.length) return;
        if (cells.length > 1 && previousCells <= 1) table++;
        previousCells = cells.length;
        lines.push(toLine(cells, headingOf({ ...row, cells }), page, cells.length > 1 ? table : null));
      };
      if (gutter === null) {
        for (const row of rows) push(row.cells, row);
        return;
      }
      // Rows crossing the gutter are read in place; between them, the left column first, then the right.
      let block: PdfRow[] = [];
      const flush = () => {
        for (const row of block)
          push(
            row.cells.filter((c) => c.x1 <= gutter),
            row,
          );
        previousCells = 0;
        for (const row of block)
          push(
            row.cells.filter((c) => c.x0 >= gutter),
            row,
          );
        previousCells = 0;
        block = [];
      };
      for (const row of rows) {
        if (row.cells.some((c) => c.x0 < gutter && c.x1 > gutter)) {
          flush();
          push(row.cells, row);
        } else block.push(row);
      }
      flush();
    });
    let title: string | null = null;
    try {
      const meta = await pdf.getMetadata();
      const info = meta.info as { Title?: unknown } | undefined;
      title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : null;
    } catch {
      // Metadata is optional.
    }
    return { kind: 'pdf', lines, title, pdfLinks: [] };
  } finally {
    await pdf.destroy();
  }
}
