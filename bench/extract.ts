/**
 * The bell-schedule extractor: a large school page (HTML, ~150 KB of navigation, scripts and four
 * schedule tables) within 50 ms, and a 10-page PDF within 1 s. Baselines in the same run: parsing the page
 * with htmlparser2 alone, and reading the PDF's text layer with pdfjs alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'htmlparser2';
import { extractBellSchedules } from '../src/extract/extract.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { renderPdf, textToPdfLayout } from '../test/helpers/pdf-fixtures.js';
import { type BenchResult, median } from './lib.js';

const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'bell-schedules');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const body = (html: string) => /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;

/** A page the size of a district CMS page: a long menu, scripts and styles, the schedules, a footer. */
function largePage(): string {
  const menu = Array.from(
    { length: 400 },
    (_, i) => `<li class="nav-item"><a class="nav-link" href="/page/${i}">Department ${i} resources and news</a></li>`,
  ).join('\n');
  const script = `<script>${'window.analytics && analytics.track("view", {"page": "bell-schedule"});\n'.repeat(400)}</script>`;
  const style = `<style>${'.card .title { font-weight: 600; margin: 0 0 4px; }\n'.repeat(300)}</style>`;
  const schedules = [
    'elem-gates-tardy-table.html',
    'high-periods-multi.html',
    'grade-columns-time.html',
    'weekdays-tables.html',
  ]
    .map((f) => `<section>${body(fixture(f))}</section>`)
    .join('\n');
  const footer = `<footer>${Array.from({ length: 60 }, (_, i) => `<p>School ${i} · 100${i} Main Street · (555) 010-${1000 + i}</p>`).join('')}</footer>`;
  return `<!DOCTYPE html><html><head><title>Bell Schedules - Maple Grove Elementary School</title>${style}${script}</head><body><nav><ul>${menu}</ul></nav><main>${schedules}</main>${footer}</body></html>`;
}

function tenPageLayout(): string {
  const pages = [
    fixture('high-school-schedule.pdf.txt'),
    fixture('district-multipage.pdf.txt'),
    textToPdfLayout(fixture('plain-text-columns.txt')),
    textToPdfLayout(fixture('twenty-four-hour.txt')),
    fixture('elementary-prose.pdf.txt'),
  ];
  // district-multipage has two pages: eight layouts and it make ten pages.
  return [...pages, ...pages.slice(0, 3)].join('\n===\n');
}

async function timed(fn: () => Promise<unknown>, runs: number): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  let first = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    const ms = performance.now() - start;
    if (i === 0) first = ms;
    else times.push(ms);
  }
  return { first, median: median(times) };
}

export async function benchExtract(): Promise<BenchResult[]> {
  const html = new Uint8Array(Buffer.from(largePage(), 'utf8'));
  const pdf = await renderPdf(tenPageLayout());
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');

  const pageCheck = await extractBellSchedules(html, { hint: 'page.html' });
  if (pageCheck.answers.length === 0) throw new Error('the bench page gave no answer');
  const pdfCheck = await extractBellSchedules(pdf, { hint: 'bench.pdf' });
  if (pdfCheck.answers.length === 0) throw new Error('the bench PDF gave no answer');

  const htmlRun = await timed(() => extractBellSchedules(html, { hint: 'page.html' }), 21);
  const htmlBase = await timed(async () => parseDocument(Buffer.from(html).toString('utf8')), 21);
  const pdfRun = await timed(() => extractBellSchedules(pdf, { hint: 'bench.pdf' }), 11);
  const pdfBase = await timed(async () => {
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
    for (let n = 1; n <= doc.numPages; n++) await (await doc.getPage(n)).getTextContent();
    await doc.destroy();
  }, 11);
  const pages = (await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise).numPages;

  const ms = (x: number) => `${x.toFixed(1)} ms`;
  return [
    {
      name: `extract: HTML page (${Math.round(html.length / 1024)} KB), median of 20`,
      measured: `${ms(htmlRun.median)} (first ${ms(htmlRun.first)})`,
      baseline: `${ms(htmlBase.median)} htmlparser2 parse alone`,
      ratio: htmlRun.median / htmlBase.median,
      target: '≤ 50 ms',
      pass: htmlRun.median <= 50,
    },
    {
      name: `extract: ${pages}-page PDF (${Math.round(pdf.length / 1024)} KB), median of 10`,
      measured: `${ms(pdfRun.median)} (first ${ms(pdfRun.first)})`,
      baseline: `${ms(pdfBase.median)} pdfjs text layer alone`,
      ratio: pdfRun.median / pdfBase.median,
      target: '≤ 1 s',
      pass: pdfRun.median <= 1000 && pages === 10,
    },
  ];
}
