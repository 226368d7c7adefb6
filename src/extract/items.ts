/**
 * The timed things on a line: "Period 1 | 8:00 AM | 8:50 AM | 50 min", "Lunch: 11:50 am - 12:45 pm",
 * "School begins at 8:45 a.m. and dismisses at 3:15 p.m.", "8:10 a.m. | Classes Begin". Each becomes an
 * item with its label, its time or range, what it is (its role), and the grades, weekdays or kind of day its
 * label names.
 */
import type { DocLine } from './document.js';
import { readGrades } from './grades.js';
import { findTimes, readDuration, type TimeMention } from './times.js';
import { type Role, type ScheduleKind, boundaryOf, kindsIn, roleOf, weekdaysIn } from './vocabulary.js';

export interface Item {
  /** The line it came from (index in the document's lines). */
  line: number;
  label: string;
  start: number;
  end: number | null;
  role: Role;
  /** For single times of lunch, recess and the like: whether the label says it begins or ends here. */
  boundary: 'begin' | 'end' | null;
  /** The grades the label names (null: no grades named). */
  grades: number[] | null;
  /** "All grades", "All students": the whole school. */
  allGrades: boolean;
  weekdays: number[] | null;
  /** A kind of day the label names ("dismissed at 1:15 p.m. on Early Release Days"). */
  kind: ScheduleKind | null;
  corrections: string[];
  /** The text of the line it came from, for the evidence. */
  source: string;
}

const LETTERS = /[a-z]{2,}/i;
const BEFORE_SCHOOL =
  /\b(?:breakfast|doors?|gates?|arriv(?:e|al)|supervis(?:ed|ion)|drop[-\s]?off|playground|building\s+opens?)\b/i;
const stripTimesAndNoise = (text: string, mentions: readonly TimeMention[]) => {
  let rest = text;
  for (const m of [...mentions].reverse()) rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m.length);
  return rest
    .replace(/\b\d+\s*(?:min(?:ute)?s?|hrs?|hours?)\b\.?/gi, ' ')
    .replace(/\b(?:a\.?m\.?|p\.?m\.?)(?![a-z])/gi, ' ');
};

/** A cell that is only times (and maybe a length): "8:00 AM", "8:00 - 8:50", "7:55a". */
function isTimeCell(cell: string, mentions: readonly TimeMention[]): boolean {
  return mentions.length > 0 && !LETTERS.test(stripTimesAndNoise(cell, mentions));
}

export function cleanLabel(text: string): string {
  return text
    .replace(/\.{2,}|…/g, ' ')
    .replace(/^[\s:;,.\-–—|/*•·>]+|[\s:;,\-–—|/*•·(]+$/g, '')
    .replace(/^(?:and|then|at|from|is|are|by)\s+/i, '')
    .replace(/\s+(?:at|from|is|are|by|until|to|of)$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The sentence of `text` that ends where a time begins (labels stop at sentence breaks). */
function lastSentence(text: string): string {
  const parts = text.split(/(?<=[.!?])\s+(?=[A-Z(])/);
  return parts[parts.length - 1] ?? text;
}

function firstSentence(text: string): string {
  return text.split(/(?<=[.!?])\s+(?=[A-Z(])/)[0] ?? text;
}

/**
 * The clause of a long label nearest its time says what the time is ("On late start Wednesdays, buses run
 * an hour later and school will start at" is a start, not a bus time).
 */
function roleLabel(label: string): string {
  if (label.split(/\s+/).length <= 6) return label;
  const clauses = label
    .split(/[,;:]|\band\b|\bwhile\b|\bwhen\b/i)
    .map((c) => c.trim())
    .filter((c) => /[a-z]{2,}/i.test(c));
  return clauses[clauses.length - 1] ?? label;
}

function makeItem(
  lineIndex: number,
  label: string,
  mention: { start: number; end: number | null; corrections: string[] },
  duration: number | null,
  sentence?: { whole: string; before: string },
): Item {
  const clean = cleanLabel(label);
  // Grades may be anywhere in the sentence ("… start at 7:50 a.m. for grades 6-12"); a kind of day or weekdays
  // only before the time ("The day is 7:45 to 1:52, except Wednesday's early dismissal at 12:32": the first
  // time is the regular day's).
  const grades = readGrades(clean) ?? (sentence ? readGrades(sentence.whole) : null);
  const kinds = kindsIn(clean).filter((k) => k !== 'regular');
  const sentenceKinds = sentence ? kindsIn(sentence.before).filter((k) => k !== 'regular') : [];
  let end = mention.end;
  if (end === null && duration !== null && duration > 0 && duration < 300) end = mention.start + duration;
  // The role is read before trailing words are trimmed: "and end at" is a dismissal, "end" alone is not.
  const spoken = label.replace(/\s+/g, ' ').trim();
  const nearest = roleOf(roleLabel(spoken));
  // The clause said nothing: the label's last words may ("Lunch is served in three waves: 6th grade").
  const words = spoken.split(/\s+/);
  let role = nearest === 'period' ? roleOf(words.length <= 12 ? spoken : words.slice(-8).join(' ')) : nearest;
  // "Breakfast is served every school day beginning at 8:00": not the start, whatever the last clause says.
  if ((role === 'start' || role === 'tardy') && BEFORE_SCHOOL.test(spoken)) role = 'outside';
  return {
    line: lineIndex,
    label: clean,
    start: mention.start,
    end,
    role,
    boundary: end === null ? boundaryOf(label) : null,
    grades: grades?.grades ?? null,
    allGrades: /\ball\s+(?:grade\s+levels|grades|students|schools|classes)\b/i.test(clean),
    weekdays: weekdaysIn(clean) ?? (sentence ? weekdaysIn(sentence.before) : null),
    kind: kinds[0] ?? sentenceKinds[0] ?? null,
    corrections: mention.corrections,
    source: '',
  };
}

/** The sentence of a text around a position. */
function sentenceAt(text: string, index: number): { whole: string; before: string } {
  const starts = [...text.slice(0, index).matchAll(/[.!?]\s+(?=[A-Z(])/g)];
  const from = starts.length ? starts[starts.length - 1]!.index + starts[starts.length - 1]![0].length : 0;
  const rest = /[.!?]\s+(?=[A-Z(])/.exec(text.slice(index));
  return { whole: text.slice(from, rest ? index + rest.index + 1 : text.length), before: text.slice(from, index) };
}

/** A label that only names grades ("7th grade", "Grades 4 - 6", "K-3"). */
export function isGradeOnly(label: string): boolean {
  const grades = readGrades(label);
  if (!grades) return /^(?:all\s+(?:grades|grade\s+levels|students|schools)|everyone)$/i.test(label.trim());
  let rest = label;
  for (const part of grades.text.split(', ')) rest = rest.replace(part, ' ');
  return !/[a-z]{3,}/i.test(
    rest.replace(/\b(?:grades?|school|schools|students|level|levels|all|and|only|for)\b/gi, ''),
  );
}

/** Items of a line of running text: labels precede their times, or follow them when the line starts with one. */
function itemsOfText(lineIndex: number, text: string): Item[] {
  const mentions = findTimes(text);
  if (mentions.length === 0) return [];
  const bulletless = text.replace(/^[\s*•·\-–>]+/, '');
  const offset = text.length - bulletless.length;
  const timeFirst = mentions[0]!.index - offset <= 1;
  const items: Item[] = [];
  mentions.forEach((mention, i) => {
    const previousEnd = i === 0 ? 0 : mentions[i - 1]!.index + mentions[i - 1]!.length;
    const nextStart = i + 1 < mentions.length ? mentions[i + 1]!.index : text.length;
    const before = text.slice(previousEnd, mention.index);
    const after = text.slice(mention.index + mention.length, nextStart);
    let label = timeFirst ? firstSentence(after) : lastSentence(before);
    // "Dismissal: 2:30" then nothing: fine; "8:00 - Homeroom": label after; a bare time with words after it.
    if (!LETTERS.test(cleanLabel(label))) label = timeFirst ? lastSentence(before) : firstSentence(after);
    // A trailing qualifier in parentheses belongs to the label: "Dismissal 2:05 pm (M, T, Th, F)".
    if (!timeFirst) {
      const qualifier = /^\s*\(([^)]*)\)/.exec(after);
      if (qualifier) label = `${label} (${qualifier[1]})`;
    }
    const duration = /^\s*\(?\s*(\d{1,3})\s*(?:min|minutes|mins)\b/i.exec(after);
    const item = makeItem(
      lineIndex,
      label,
      mention,
      duration ? Number(duration[1]) : null,
      sentenceAt(text, mention.index),
    );
    // "Lunch: 6th grade 11:10-11:40, 7th grade 11:45-12:15": the grades after the first share its role.
    const previous = items[items.length - 1];
    if (previous && item.role === 'period' && previous.role !== 'period' && item.grades && isGradeOnly(item.label))
      item.role = previous.role;
    items.push(item);
  });
  return items;
}

/** The items of one line. */
export function itemsOfLine(lineIndex: number, line: DocLine): Item[] {
  const items = readLine(lineIndex, line);
  for (const item of items) item.source = line.text;
  return items;
}

function readLine(lineIndex: number, line: DocLine): Item[] {
  if (line.cells.length <= 1) return itemsOfText(lineIndex, line.text);
  const timeCells: TimeMention[] = [];
  const labels: string[] = [];
  let duration: number | null = null;
  for (const cell of line.cells) {
    if (!cell || /^[—–\-\s]+$/.test(cell)) continue;
    const mentions = findTimes(cell);
    if (isTimeCell(cell, mentions)) timeCells.push(...mentions);
    else if (mentions.length === 0 && readDuration(cell) !== null && !LETTERS.test(cell.replace(/min(?:ute)?s?/i, '')))
      duration = readDuration(cell);
    else labels.push(cell);
  }
  if (timeCells.length === 0) {
    // Times inside label cells ("Lunch: 11:50 am - 12:45 pm"): read the row as text.
    return itemsOfText(lineIndex, line.cells.filter(Boolean).join(' | '));
  }
  const label = labels.join(' ');
  if (timeCells.length === 1) return [makeItem(lineIndex, label, timeCells[0]!, duration)];
  if (timeCells.length === 2 && timeCells[0]!.end === null && timeCells[1]!.end === null) {
    const [a, b] = timeCells as [TimeMention, TimeMention];
    if (b.start >= a.start)
      return [
        makeItem(
          lineIndex,
          label,
          { start: a.start, end: b.start, corrections: [...a.corrections, ...b.corrections] },
          null,
        ),
      ];
  }
  // Several times in one row with one label: read it as text.
  return itemsOfText(lineIndex, line.cells.filter(Boolean).join(' | '));
}
