/** A plain-text document into lines: columns split on tabs, pipes or wide spaces; markdown headings kept. */
import { type DocLine, type ReadDocument, normalizeSpace, splitColumns } from './document.js';

export function readText(content: string): ReadDocument {
  const lines: DocLine[] = [];
  let table = 0;
  let inTable = false;
  for (const raw of content.split(/\r\n|\r|\n/)) {
    if (!raw.trim()) {
      inTable = false;
      continue;
    }
    const markdownHeading = /^(#{1,6})\s+(.*)$/.exec(raw.trim());
    if (markdownHeading) {
      const text = normalizeSpace(markdownHeading[2]!.replace(/[*_]+/g, ''));
      lines.push({ text, cells: [text], heading: markdownHeading[1]!.length, table: null, header: false });
      inTable = false;
      continue;
    }
    // Markdown table separators (|---|---|) carry nothing.
    if (/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(raw)) continue;
    const cells = splitColumns(raw.replace(/^\s*[-*•·]\s+/, ''));
    const text = normalizeSpace(cells.join(' | '));
    if (!text) continue;
    if (cells.length > 1) {
      if (!inTable) table++;
      inTable = true;
    } else inTable = false;
    lines.push({ text, cells, heading: null, table: cells.length > 1 ? table : null, header: false });
  }
  return { kind: 'text', lines, title: null, pdfLinks: [] };
}
