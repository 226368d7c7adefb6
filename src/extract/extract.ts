/**
 * Bell schedules read from the documents schools publish: document → lines → candidate schedules →
 * school days (kinds settled) → one answer per level, the regular day, with its instructional minutes:
 *
 *   instructional minutes = (end − start) − lunch − recess
 *
 * Passing time counts as instructional (the original LCT methodology, docs/campaign.md). Without a lunch in
 * the document 30 minutes are assumed, said in the notes, and the confidence is low.
 */
import {
  type Confidence,
  MAX_INSTRUCTIONAL_MINUTES,
  MIN_INSTRUCTIONAL_MINUTES,
  SCHOOL_LEVELS,
  type SchoolLevel,
} from '../domain/bell-schedules.js';
import type { DocLine, DocumentKind, DocumentLink, ReadDocument } from './document.js';
import { LEVEL_GRADES, coverage, formatGrades, levelOfSchoolName, levelsOf } from './grades.js';
import { readHtml } from './read-html.js';
import { readPdf } from './read-pdf.js';
import { readText } from './read-text.js';
import { type SchoolDay, breakMinutes, schoolDays, schoolNameOf } from './schedules.js';
import { findSections } from './sections.js';
import { formatClock } from './times.js';
import type { ScheduleKind } from './vocabulary.js';

/** Minutes of lunch assumed when a regular day's schedule shows none. */
export const ASSUMED_LUNCH_MINUTES = 30;

export interface ExtractOptions {
  /** Answer for this level only; a document naming no level answers for it. */
  level?: SchoolLevel;
  /** Where links on an HTML page are resolved from (the page's URL). */
  baseUrl?: string;
}

/** A schedule found in the document (every one, regular or not). */
export interface FoundSchedule {
  title: string | null;
  kind: ScheduleKind;
  levels: SchoolLevel[];
  grades: string | null;
  start_time: string | null;
  end_time: string | null;
  lunch_duration: number | null;
  recess_duration: number;
  /** (end − start) − lunch − recess with what the document shows (no lunch assumed); null without both ends. */
  instructional_minutes: number | null;
  half_day: boolean;
}

export interface ExtractedAnswer {
  level: SchoolLevel | null;
  grades: string | null;
  kind: 'regular';
  title: string | null;
  /** The school the document (or the band's row) names, if any. */
  school: string | null;
  start_time: string;
  end_time: string;
  lunch_duration: number;
  recess_duration: number;
  passing_periods: number | null;
  instructional_minutes: number;
  confidence: Confidence;
  notes: string;
  /** The lines it rests on. */
  evidence: string[];
  /** The level's other regular-day bands (kindergarten, a 6th-grade column), listed beside the answer. */
  other_bands: FoundSchedule[];
  /** Every other schedule in the document (minimum days, early releases, delays, …). */
  other_schedules: FoundSchedule[];
}

export interface Extraction {
  document_kind: DocumentKind;
  school: string | null;
  answers: ExtractedAnswer[];
  schedules: FoundSchedule[];
  pdf_links: DocumentLink[];
  /** Why there is no answer, in one line; null when there are answers. */
  problem: string | null;
}

export type DocumentType = DocumentKind;

/** The kind of a document from its bytes (and its declared content type or file name). */
export function sniffDocument(bytes: Uint8Array, hint = ''): DocumentKind | { unreadable: string } {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  if (head.startsWith('\x89PNG') || head.startsWith('\xff\xd8\xff') || head.startsWith('GIF8'))
    return { unreadable: 'it is an image: there is no text to read (type the times in, or find the page or PDF)' };
  if (head.startsWith('PK\x03\x04'))
    return { unreadable: 'it is a Word or other zipped document: save it as PDF or HTML first' };
  if (/pdf/i.test(hint) && !/html/i.test(hint)) return 'pdf';
  if (
    /html|xml/i.test(hint) ||
    /^\s*(?:<!doctype html|<html|<head|<body|<!--|<meta|<table|<div|<p[\s>]|<h\d)/i.test(head)
  )
    return 'html';
  return 'text';
}

export function decodeText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // Mostly replacement characters: an old single-byte encoding.
  return (text.match(/\ufffd/g)?.length ?? 0) > 10 ? Buffer.from(bytes).toString('latin1') : text;
}

/** Reads a document of any supported kind into lines. */
export async function readDocument(
  bytes: Uint8Array,
  options: { hint?: string; baseUrl?: string } = {},
): Promise<ReadDocument> {
  const kind = sniffDocument(bytes, options.hint);
  if (typeof kind !== 'string') throw new Error(`This document cannot be read: ${kind.unreadable}.`);
  if (kind === 'pdf') return readPdf(bytes);
  const text = decodeText(bytes);
  return kind === 'html' ? readHtml(text, options.baseUrl) : readText(text);
}

const day = (d: SchoolDay) => ({ start: d.start!, end: d.end! });

function found(d: SchoolDay, docLevel: SchoolLevel | null): FoundSchedule {
  const minutes = d.start !== null && d.end !== null ? d.end - d.start - (d.lunch ?? 0) - d.recess : null;
  return {
    title: d.title,
    kind: d.kind,
    levels: d.grades ? levelsOf(d.grades) : docLevel ? [docLevel] : [],
    grades: d.grades ? formatGrades(d.grades) : null,
    start_time: d.start !== null ? formatClock(d.start) : null,
    end_time: d.end !== null ? formatClock(d.end) : null,
    lunch_duration: d.lunch,
    recess_duration: d.recess,
    instructional_minutes: minutes,
    half_day: d.halfDay,
  };
}

function evidenceLine(line: DocLine | undefined, read: string): string {
  const text = read.length > 200 ? `${read.slice(0, 197)}…` : read;
  return line?.page ? `p. ${line.page}: ${text}` : text;
}

/** The school a document is about, from its title and first headings. */
function schoolOf(doc: ReadDocument): string | null {
  const candidates = [
    doc.title ?? '',
    ...doc.lines
      .slice(0, 25)
      .filter((l) => l.heading !== null || l.text.length <= 80)
      .map((l) => l.text),
  ];
  for (const text of candidates) {
    const name = schoolNameOf(text);
    if (name) return name;
  }
  return null;
}

const CONFIDENCE_ORDER: readonly Confidence[] = ['high', 'medium', 'low'];
const lower = (c: Confidence): Confidence => CONFIDENCE_ORDER[Math.min(2, CONFIDENCE_ORDER.indexOf(c) + 1)]!;

function answerOf(
  d: SchoolDay,
  level: SchoolLevel | null,
  doc: ReadDocument,
  school: string | null,
  others: { bands: SchoolDay[]; schedules: SchoolDay[] },
  docLevel: SchoolLevel | null,
  levelAssumed: boolean,
): ExtractedAnswer {
  const { start, end } = day(d);
  // A band over two levels (K-8) counts each level's own lunches and recesses.
  const levelGrades =
    level && d.grades && levelsOf(d.grades).length > 1 ? d.grades.filter((g) => LEVEL_GRADES[level].includes(g)) : null;
  const lunchFound = levelGrades ? (d.lunches.length ? breakMinutes(d.lunches, levelGrades) : null) : d.lunch;
  const recess = levelGrades ? (d.recesses.length ? breakMinutes(d.recesses, levelGrades) : 0) : d.recess;
  const lunchAssumed = lunchFound === null;
  const lunch = lunchFound ?? ASSUMED_LUNCH_MINUTES;
  const minutes = end - start - lunch - recess;
  const notes: string[] = [];
  notes.push(
    `${formatClock(start)} to ${formatClock(end)} is ${end - start} min; minus ${lunch} min lunch${recess ? ` and ${recess} min recess` : ''} = ${minutes} instructional minutes (passing time counts as instructional).`,
  );
  if (lunchAssumed) notes.push(`No lunch in the document: ${ASSUMED_LUNCH_MINUTES} minutes assumed.`);
  if (levelAssumed && level) notes.push(`The document names no level: answered for ${level} as asked.`);
  for (const band of others.bands)
    notes.push(
      `Also for ${band.grades ? `grades ${formatGrades(band.grades)}` : (band.label ?? 'another band')}: ${band.start !== null ? formatClock(band.start) : '?'} to ${band.end !== null ? formatClock(band.end) : '?'}${band.halfDay ? ' (half day)' : ''}.`,
    );
  notes.push(...d.notes, ...d.corrections.map((c) => `Time ${c}.`));
  let confidence: Confidence = d.itemised ? 'high' : 'medium';
  if (lunchAssumed) confidence = 'low';
  if (d.corrections.length || d.notes.length) confidence = lower(confidence);
  return {
    level,
    grades: d.grades ? formatGrades(d.grades) : null,
    kind: 'regular',
    title: d.title,
    school: schoolNameOf(d.label) ?? school,
    start_time: formatClock(start),
    end_time: formatClock(end),
    lunch_duration: lunch,
    recess_duration: recess,
    passing_periods: d.passing,
    instructional_minutes: minutes,
    confidence,
    notes: notes.join(' '),
    // A level's answer cites its own grades' lunches and recesses, not the other level's.
    evidence: d.evidence
      .filter((e) => !levelGrades || !e.grades || e.grades.some((g) => levelGrades.includes(g)))
      .map((e) => evidenceLine(doc.lines[e.line], e.text)),
    other_bands: others.bands.map((b) => found(b, docLevel)),
    other_schedules: others.schedules.map((s) => found(s, docLevel)),
  };
}

function usable(d: SchoolDay): boolean {
  if (d.kind !== 'regular' || d.halfDay || d.start === null || d.end === null) return false;
  const minutes = d.end - d.start - (d.lunch ?? ASSUMED_LUNCH_MINUTES) - d.recess;
  return minutes >= MIN_INSTRUCTIONAL_MINUTES && minutes <= MAX_INSTRUCTIONAL_MINUTES;
}

/** Extracts the bell schedules of a document already read into lines. */
export function extractFromDocument(doc: ReadDocument, options: ExtractOptions = {}): Extraction {
  const days = schoolDays(findSections(doc.lines));
  const school = schoolOf(doc);
  const docLevel = options.level ?? levelOfSchoolName(school ?? '') ?? null;
  const schedules = days.map((d) => found(d, docLevel));
  const regular = days.filter(usable);
  const graded = regular.filter((d) => d.grades !== null && levelsOf(d.grades).length > 0);
  const answers: ExtractedAnswer[] = [];

  const levels: (SchoolLevel | null)[] = options.level
    ? [options.level]
    : graded.length
      ? SCHOOL_LEVELS.filter((l) => graded.some((d) => levelsOf(d.grades!).includes(l)))
      : [docLevel];
  for (const level of levels) {
    let candidates = level ? graded.filter((d) => levelsOf(d.grades!).includes(level)) : [];
    let levelAssumed = false;
    if (candidates.length === 0 && graded.length === 0) {
      candidates = regular;
      levelAssumed = options.level !== undefined && levelOfSchoolName(school ?? '') !== options.level;
    }
    if (candidates.length === 0) continue;
    const times = (d: SchoolDay) => `${d.start}-${d.end}`;
    const frequency = (d: SchoolDay) => candidates.filter((c) => times(c) === times(d)).length;
    const cover = (d: SchoolDay) => (level && d.grades ? coverage(d.grades, level) : 0);
    const ranked = [...candidates].sort(
      (a, b) =>
        cover(b) - cover(a) ||
        frequency(b) - frequency(a) ||
        Number(b.itemised) - Number(a.itemised) ||
        b.end! - b.start! - (a.end! - a.start!) ||
        a.order - b.order,
    );
    const chosen = ranked[0]!;
    const bands = days.filter(
      (d) =>
        d !== chosen &&
        d.kind === 'regular' &&
        (d.grades === null ? !level || level === docLevel : !level || levelsOf(d.grades).includes(level) || d.halfDay),
    );
    const schedulesBeside = days.filter((d) => d !== chosen && !bands.includes(d));
    answers.push(answerOf(chosen, level, doc, school, { bands, schedules: schedulesBeside }, docLevel, levelAssumed));
  }

  let problem: string | null = null;
  if (answers.length === 0) {
    if (days.length === 0) problem = 'no bell schedule found';
    else if (options.level && regular.length > 0)
      problem = `no ${options.level} schedule: the document's regular days are for ${[...new Set(graded.flatMap((d) => levelsOf(d.grades!)))].join(', ') || 'no named level'}`;
    else {
      const kinds = [...new Set(days.map((d) => d.kind.replace('_', ' ')))].join(', ');
      problem = `no regular school day found (only ${kinds}${days.some((d) => d.halfDay) ? ', half days' : ''})`;
    }
  }
  return { document_kind: doc.kind, school, answers, schedules, pdf_links: doc.pdfLinks, problem };
}

/** Reads and extracts a document's bytes. */
export async function extractBellSchedules(
  bytes: Uint8Array,
  options: ExtractOptions & { hint?: string } = {},
): Promise<Extraction> {
  const doc = await readDocument(bytes, { hint: options.hint, baseUrl: options.baseUrl });
  return extractFromDocument(doc, options);
}
