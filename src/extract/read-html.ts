/**
 * An HTML page into lines (htmlparser2, streaming): each block (paragraph, list item, heading, line
 * broken by <br>) is a line, each table row a line of cells. Scripts, styles and the like are skipped;
 * links to PDFs are kept for the collector.
 */
import { Parser } from 'htmlparser2';
import { type DocLine, type DocumentLink, type ReadDocument, normalizeSpace, splitColumns } from './document.js';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'select', 'button']);
const BLOCKS = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'br',
  'hr',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'blockquote',
  'pre',
  'table',
  'caption',
  'form',
  'figure',
  'figcaption',
  'address',
  'center',
  'fieldset',
  'legend',
  'details',
  'summary',
  'tbody',
  'thead',
  'tfoot',
]);
const HEADINGS: Record<string, number> = {
  h1: 1,
  h2: 2,
  h3: 3,
  h4: 4,
  h5: 5,
  h6: 6,
  caption: 7,
  legend: 7,
  summary: 7,
};
const BOLD = new Set(['strong', 'b']);
/** Inline elements that sit side by side without spaces in minified pages ("<span>Period 1</span><span>8:00</span>"). */
const SEPARATED_INLINE = new Set([
  'span',
  'a',
  'label',
  'time',
  'em',
  'i',
  'b',
  'strong',
  'font',
  'small',
  'big',
  'abbr',
  'button',
]);

interface Cell {
  /** The cell's own lines (blocks inside a cell). */
  lines: string[];
  current: string;
  header: boolean;
}

interface TableState {
  id: number;
  row: Cell[] | null;
  cell: Cell | null;
  inHead: boolean;
  /** A table used for page layout (it holds another table): its cells are running text. */
  layout: boolean;
}

const isPdfHref = (href: string) => /\.pdf(?:$|[?#])/i.test(href) || /[?&](?:format|type)=pdf\b/i.test(href);

/** Reads an HTML page. `baseUrl` resolves relative links. */
export function readHtml(html: string, baseUrl?: string): ReadDocument {
  const lines: DocLine[] = [];
  const pdfLinks: DocumentLink[] = [];
  let title: string | null = null;
  let skipDepth = 0;
  let inTitle = false;
  let inPre = false;
  let titleText = '';

  // The running (non-table) line.
  let text = '';
  let boldChars = 0;
  let bold = 0;
  let heading: number | null = null;
  const tables: TableState[] = [];
  let tableCount = 0;
  let link: { href: string; text: string } | null = null;

  const flushText = () => {
    if (inPre) {
      for (const part of text.split('\n')) {
        const cells = splitColumns(part);
        const joined = cells.join(' | ');
        if (joined) lines.push({ text: joined, cells, heading: null, table: null, header: false });
      }
    } else {
      const line = normalizeSpace(text);
      if (line) {
        const allBold = boldChars >= line.replace(/\s/g, '').length && line.length <= 120;
        lines.push({
          text: line,
          cells: [line],
          heading: heading ?? (allBold ? 7 : null),
          table: null,
          header: false,
        });
      }
    }
    text = '';
    boldChars = 0;
  };

  const currentTable = () => tables[tables.length - 1];

  const flushCellLine = (cell: Cell) => {
    const line = normalizeSpace(cell.current);
    if (line) cell.lines.push(line);
    cell.current = '';
  };

  const flushRow = (table: TableState) => {
    if (table.cell) {
      flushCellLine(table.cell);
      table.cell = null;
    }
    const row = table.row;
    table.row = null;
    if (!row) return;
    const filled = row.filter((c) => c.lines.length > 0);
    if (filled.length === 0) return;
    // A layout table (a whole page in a cell): cells holding many blocks are running text, not cells.
    if (table.layout || filled.some((c) => c.lines.length > 4)) {
      for (const cell of filled)
        for (const line of cell.lines)
          lines.push({ text: line, cells: [line], heading: null, table: null, header: false });
      return;
    }
    const cells = row.map((c) => c.lines.join(' '));
    while (cells.length && !cells[cells.length - 1]) cells.pop();
    const nonEmpty = cells.filter(Boolean);
    lines.push({
      text: nonEmpty.join(' | '),
      cells,
      heading: null,
      table: table.id,
      header: table.inHead || filled.every((c) => c.header),
    });
  };

  const addText = (chunk: string) => {
    if (inTitle) {
      titleText += chunk;
      return;
    }
    if (link) link.text += chunk;
    const table = currentTable();
    if (table?.cell) {
      table.cell.current += chunk;
      return;
    }
    if (table && !table.cell) {
      // Text between cells (stray) belongs to no cell; keep it as running text.
      if (!chunk.trim()) return;
    }
    text += chunk;
    if (bold > 0) boldChars += chunk.replace(/\s/g, '').length;
  };

  const blockBoundary = () => {
    const table = currentTable();
    if (table?.cell) flushCellLine(table.cell);
    else flushText();
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (skipDepth > 0 || SKIPPED.has(name)) {
          if (SKIPPED.has(name)) skipDepth++;
          return;
        }
        if (name === 'title') {
          inTitle = true;
          return;
        }
        if (name === 'a' && attributes.href) link = { href: attributes.href, text: '' };
        if (name === 'table') {
          const outer = currentTable();
          if (outer?.cell) {
            // A table inside a cell: the outer table is layout; what its cell holds so far comes first.
            outer.layout = true;
            flushCellLine(outer.cell);
            for (const line of outer.cell.lines)
              lines.push({ text: line, cells: [line], heading: null, table: null, header: false });
            outer.cell.lines = [];
          } else blockBoundary();
          tables.push({ id: ++tableCount, row: null, cell: null, inHead: false, layout: false });
          return;
        }
        const table = currentTable();
        if (table) {
          if (name === 'thead') table.inHead = true;
          if (name === 'tr') {
            flushRow(table);
            table.row = [];
            return;
          }
          if (name === 'td' || name === 'th') {
            if (!table.row) table.row = [];
            if (table.cell) flushCellLine(table.cell);
            const cell: Cell = { lines: [], current: '', header: name === 'th' };
            table.row.push(cell);
            // Spanned columns get empty cells, so later cells stay under their header.
            const span = Math.min(Math.max(1, Number(attributes.colspan) || 1), 20);
            for (let i = 1; i < span; i++) table.row.push({ lines: [], current: '', header: name === 'th' });
            table.cell = cell;
            return;
          }
        }
        if (name === 'pre') {
          blockBoundary();
          inPre = true;
          return;
        }
        if (BLOCKS.has(name)) {
          blockBoundary();
          if (name in HEADINGS && !currentTable()?.cell) heading = HEADINGS[name]!;
        }
        if (BOLD.has(name)) bold++;
      },
      ontext(chunk) {
        if (skipDepth > 0) return;
        addText(chunk);
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) {
          if (skipDepth > 0) skipDepth--;
          return;
        }
        if (skipDepth > 0) return;
        if (name === 'title') {
          inTitle = false;
          title = normalizeSpace(titleText) || null;
          return;
        }
        if (name === 'a' && link) {
          const linkText = normalizeSpace(link.text);
          if (isPdfHref(link.href) || /\bpdf\b/i.test(linkText)) {
            let url = link.href;
            try {
              url = baseUrl ? new URL(link.href, baseUrl).toString() : link.href;
            } catch {
              // An unparsable href stays as written.
            }
            if (!pdfLinks.some((l) => l.url === url)) pdfLinks.push({ url, text: linkText });
          }
          link = null;
        }
        const table = currentTable();
        if (name === 'table' && table) {
          flushRow(table);
          tables.pop();
          return;
        }
        if (table) {
          if (name === 'thead') table.inHead = false;
          if (name === 'tr') {
            flushRow(table);
            return;
          }
          if (name === 'td' || name === 'th') {
            if (table.cell) flushCellLine(table.cell);
            table.cell = null;
            return;
          }
        }
        if (name === 'pre') {
          flushText();
          inPre = false;
          return;
        }
        if (BOLD.has(name) && bold > 0) bold--;
        if (SEPARATED_INLINE.has(name)) addText(' ');
        if (BLOCKS.has(name)) {
          blockBoundary();
          if (name in HEADINGS) heading = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  while (tables.length) flushRow(tables.pop()!);
  flushText();
  return { kind: 'html', lines, title, pdfLinks };
}
