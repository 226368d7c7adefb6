/**
 * PDFs made in the tests (pdfkit) from a small layout text: "# " lines are headings, " | " separates the
 * cells of a row (placed at column stops, as a table in a PDF is), ">>>" moves the rest of a row to the
 * right half of the page (two schedules side by side), "===" starts a new page, and any other line is
 * running text wrapped at the page width, as word processors do.
 */
import PDFDocument from 'pdfkit';

const LEFT_STOPS = [72, 250, 340, 430];
const RIGHT_STOPS = [330, 450, 520];
const BOTTOM = 720;

export async function renderPdf(layout: string): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 72, info: { Title: 'Bell schedule' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  let y = 72;
  const newPage = () => {
    doc.addPage();
    y = 72;
  };
  for (const raw of layout.split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      y += 8;
      continue;
    }
    if (line.trim() === '===') {
      newPage();
      continue;
    }
    if (y > BOTTOM) newPage();
    if (line.startsWith('# ')) {
      doc.font('Helvetica-Bold').fontSize(16).text(line.slice(2), 72, y, { lineBreak: false });
      y += 26;
      continue;
    }
    doc.font('Helvetica').fontSize(10);
    if (!line.includes(' | ') && !line.includes('>>>')) {
      doc.text(line, 72, y, { width: 468 });
      y += doc.heightOfString(line, { width: 468 }) + 4;
      continue;
    }
    const [left, right] = line.split(/\s*>>>\s*/);
    const place = (part: string | undefined, stops: number[]) => {
      if (!part) return;
      part
        .split('|')
        .map((c) => c.trim())
        .forEach((cell, i) => {
          if (cell)
            doc.text(cell, stops[i] ?? stops[stops.length - 1]! + 90 * (i - stops.length + 1), y, { lineBreak: false });
        });
    };
    place(left?.replace(/^\|\s*|\s*\|$/g, ''), LEFT_STOPS);
    place(right?.replace(/^\|\s*|\s*\|$/g, ''), RIGHT_STOPS);
    y += 15;
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** A text document laid out for renderPdf: columns (tabs, pipes, 3+ spaces) become cells, "## x" a heading. */
export function textToPdfLayout(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => !/^\s*\|?\s*:?-{2,}/.test(line))
    .map((line) => {
      const heading = /^#{1,6}\s+(.*)$/.exec(line.trim());
      if (heading) return `# ${heading[1]}`;
      const cells = line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/\t+| {3,}|\s\|\s/)
        .map((c) => c.trim())
        .filter(Boolean);
      return cells.length > 1 ? cells.join(' | ') : line.trim();
    })
    .join('\n');
}
