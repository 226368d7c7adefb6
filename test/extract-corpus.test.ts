/**
 * The bell-schedule corpus (test/fixtures/bell-schedules): every document read by the extractor and its
 * answers compared with the ones written by hand in expected.yaml. Prints the share extracted exactly;
 * fails under 95%.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { type Extraction, extractBellSchedules } from '../src/extract/extract.js';
import type { SchoolLevel } from '../src/domain/bell-schedules.js';
import { renderPdf, textToPdfLayout } from './helpers/pdf-fixtures.js';

const DIR = path.resolve(import.meta.dirname, 'fixtures', 'bell-schedules');

interface ExpectedAnswer {
  start: string;
  end: string;
  lunch: number;
  recess: number;
  minutes: number;
  confidence: string;
  passing?: number;
  school?: string;
}

interface ExpectedDocument {
  file: string;
  shape: string;
  answers: 'none' | Partial<Record<SchoolLevel, ExpectedAnswer>>;
  other_kinds?: string[];
  pdf?: boolean;
  pdf_links?: string[];
}

const expected = YAML.parse(fs.readFileSync(path.join(DIR, 'expected.yaml'), 'utf8')) as {
  documents: ExpectedDocument[];
};

/** What differs between an extraction and the expected answers (empty: extracted exactly). */
function differences(doc: ExpectedDocument, got: Extraction): string[] {
  const problems: string[] = [];
  if (doc.answers === 'none') {
    if (got.answers.length)
      problems.push(
        `expected no answer, got ${got.answers.map((a) => `${a.level}: ${a.instructional_minutes}`).join(', ')}`,
      );
    if (!got.problem) problems.push('no problem reported');
  } else {
    for (const [level, want] of Object.entries(doc.answers) as [SchoolLevel, ExpectedAnswer][]) {
      const a = got.answers.find((x) => x.level === level);
      if (!a) {
        problems.push(
          `${level}: no answer (${got.problem ?? `answers for ${got.answers.map((x) => x.level).join(', ')}`})`,
        );
        continue;
      }
      const compare: [string, unknown, unknown][] = [
        ['start', a.start_time, want.start],
        ['end', a.end_time, want.end],
        ['lunch', a.lunch_duration, want.lunch],
        ['recess', a.recess_duration, want.recess],
        ['minutes', a.instructional_minutes, want.minutes],
        ['confidence', a.confidence, want.confidence],
      ];
      if (want.passing !== undefined) compare.push(['passing', a.passing_periods, want.passing]);
      if (want.school !== undefined) compare.push(['school', a.school, want.school]);
      for (const [field, value, wanted] of compare)
        if (value !== wanted) problems.push(`${level} ${field}: got ${String(value)}, expected ${String(wanted)}`);
    }
    const extra = got.answers.filter((a) => !(a.level && a.level in (doc.answers as object)));
    if (extra.length) problems.push(`unexpected answers for ${extra.map((a) => a.level ?? 'no level').join(', ')}`);
  }
  const kinds = [...new Set(got.schedules.map((s) => s.kind).filter((k) => k !== 'regular'))].sort();
  const wantKinds = [...new Set(doc.other_kinds ?? [])].sort();
  if (kinds.join(',') !== wantKinds.join(',')) problems.push(`other kinds: got [${kinds}], expected [${wantKinds}]`);
  for (const link of doc.pdf_links ?? [])
    if (!got.pdf_links.some((l) => l.url.endsWith(link))) problems.push(`PDF link ${link} not listed`);
  return problems;
}

interface Case {
  name: string;
  doc: ExpectedDocument;
  bytes: () => Promise<Uint8Array>;
}

const cases: Case[] = expected.documents.flatMap((doc) => {
  const text = fs.readFileSync(path.join(DIR, doc.file), 'utf8');
  if (doc.file.endsWith('.pdf.txt')) return [{ name: doc.file, doc, bytes: () => renderPdf(text) }];
  const own: Case = { name: doc.file, doc, bytes: async () => new Uint8Array(Buffer.from(text, 'utf8')) };
  return doc.pdf ? [own, { name: `${doc.file} as PDF`, doc, bytes: () => renderPdf(textToPdfLayout(text)) }] : [own];
});

describe('bell-schedule corpus', () => {
  it(`extracts at least 95% of ${cases.length} documents exactly`, async () => {
    let exact = 0;
    const failures: string[] = [];
    for (const c of cases) {
      const got = await extractBellSchedules(await c.bytes(), { hint: c.name });
      const problems = differences(c.doc, got);
      if (problems.length === 0) exact++;
      else failures.push(`  ${c.name} (${c.doc.shape}):\n    ${problems.join('\n    ')}`);
    }
    const share = exact / cases.length;
    console.log(
      `bell-schedule corpus: ${exact} of ${cases.length} documents extracted exactly (${(100 * share).toFixed(1)}%)` +
        (failures.length ? `\nnot exactly:\n${failures.join('\n')}` : ''),
    );
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(share).toBeGreaterThanOrEqual(0.95);
  });
});
