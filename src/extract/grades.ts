/**
 * Which grades a heading or label is about: "Grades 1-5", "K-6", "TK-2nd Grade", "6th-8th", "7th & 8th
 * Grades", "Kinder", "Junior High", "Elementary", or a school's name ("Lincoln Middle School"). Grades are
 * numbers: pre-kindergarten -2, transitional kindergarten -1, kindergarten 0, then 1-12.
 */
import type { SchoolLevel } from '../domain/bell-schedules.js';
import { GRADE_CODES } from '../domain/grades.js';

export const PRE_K = -2;
export const TRANSITIONAL_K = -1;
export const KINDERGARTEN = 0;

export type Grades = readonly number[];

const gradeNumber = (code: string) => (code === 'KG' ? KINDERGARTEN : Number(code.slice(1)));

/** The grades of each level (the bands of src/domain/grades.ts), for deciding which levels a band covers. */
export const LEVEL_GRADES: Readonly<Record<SchoolLevel, readonly number[]>> = {
  elementary: GRADE_CODES.filter((g) => g.band === 'elementary').map((g) => gradeNumber(g.code)),
  middle: GRADE_CODES.filter((g) => g.band === 'middle').map((g) => gradeNumber(g.code)),
  high: GRADE_CODES.filter((g) => g.band === 'high').map((g) => gradeNumber(g.code)),
};

const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
};

// One grade: a number with an optional ordinal suffix, an ordinal word, or a kindergarten spelling.
const GRADE_TOKEN =
  '(?:(?:pre-?\\s?k(?:inder(?:garten)?)?|p-?k|pk|tk|t/k|utk|t-?k|transitional\\s+kinder(?:garten)?|kinder(?:garten)?|kdg|k)|(?:1[0-2]|[1-9])(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)';
const RANGE_WORD = '\\s*(?:grades?\\s*)?(?:-|–|—|to|through|thru)\\s*(?:grades?\\s*)?';
const LIST_WORD = '\\s*(?:grades?\\s*)?(?:,\\s*(?:and|&)?|&|and|/|\\+)\\s*(?:grades?\\s*)?';

const GRADE_EXPRESSION = new RegExp(
  `(?<![\\w])(?:grades?|gr\\.?|grd\\.?)?\\s*(${GRADE_TOKEN}(?:(?:${RANGE_WORD}|${LIST_WORD})${GRADE_TOKEN})*)(?:\\s*(?:grades?|gr\\.?)(?![a-z]))?(?![\\w])`,
  'gi',
);

function tokenValue(token: string): number | null {
  const t = token.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^(pre-?\s?k|p-?k|pk)/.test(t)) return PRE_K;
  if (/^(tk|t\/k|utk|t-?k|transitional)/.test(t)) return TRANSITIONAL_K;
  if (/^(kinder|kdg|k$)/.test(t)) return KINDERGARTEN;
  if (t in ORDINAL_WORDS) return ORDINAL_WORDS[t]!;
  const n = /^(\d{1,2})/.exec(t);
  return n ? Number(n[1]) : null;
}

function expand(expression: string): number[] | null {
  const tokenPattern = new RegExp(GRADE_TOKEN, 'gi');
  const parts: { value: number; index: number; end: number }[] = [];
  for (const m of expression.matchAll(tokenPattern)) {
    const value = tokenValue(m[0]);
    if (value === null) return null;
    parts.push({ value, index: m.index, end: m.index + m[0].length });
  }
  if (parts.length === 0) return null;
  const grades = new Set<number>([parts[0]!.value]);
  for (let i = 1; i < parts.length; i++) {
    const between = expression.slice(parts[i - 1]!.end, parts[i]!.index);
    const from = parts[i - 1]!.value;
    const to = parts[i]!.value;
    if (new RegExp(`^${RANGE_WORD}$`, 'i').test(between)) {
      if (to < from) return null;
      for (let g = from; g <= to; g++) grades.add(g);
    } else grades.add(to);
  }
  return [...grades].sort((a, b) => a - b);
}

/** Named levels and school types, when no grades are written. */
const LEVEL_NAMES: readonly [RegExp, number[]][] = [
  [/\b(?:junior\s+high|jr\.?\s*high)\b/i, [7, 8]],
  [/\b(?:middle|intermediate\s+school)\b/i, [6, 7, 8]],
  [/\b(?:senior\s+high|high\s+school|\bhs\b)/i, [9, 10, 11, 12]],
  [/\bsecondary\b/i, [7, 8, 9, 10, 11, 12]],
  [/\b(?:elementary|primary\s+school|elem\.?)\b/i, [0, 1, 2, 3, 4, 5]],
  [/\bpre-?school\b/i, [PRE_K]],
];

/** Words around numbers that make them periods or times, not grades ("Period 1-2", "Block 3"). */
const NOT_GRADES =
  /\b(?:period|periods|per\.|block|blocks|hour|hours|hr|lunch\s+[a-d]|day|days|minutes?|min|session|tier|bus|room|wave|group|team|rotation|semester|quarter|step|phase|module|unit|lane|gate|door|zone)\s*$/i;

export interface GradeReading {
  grades: number[];
  /** The text that said so, for the evidence. */
  text: string;
}

const MAY_NAME_GRADES =
  /\d|\b(?:k|kg|kdg|pk|tk|utk|t\/k|kinder|pre|grade|elementary|elem|middle|intermediate|junior|jr|senior|high|hs|secondary|primary|preschool|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|transitional)/i;

const memo = new Map<string, GradeReading | null>();

/**
 * The grades a label names, or null. Bare numbers ("3-5 Recess") count only next to a grade word, an
 * ordinal, a kindergarten spelling, or as the whole label's qualifier; "Period 1-2" never does. The same
 * reading for the same label (do not change it).
 */
export function readGrades(label: string): GradeReading | null {
  // Most lines name no grade: skip the expensive reading for them.
  if (!MAY_NAME_GRADES.test(label)) return null;
  const known = memo.get(label);
  if (known !== undefined) return known;
  if (memo.size > 20_000) memo.clear();
  const reading = readGradesOnce(label);
  memo.set(label, reading);
  return reading;
}

function readGradesOnce(label: string): GradeReading | null {
  const text = label.replace(/\u00a0/g, ' ');
  const all = new Set<number>();
  const said: string[] = [];
  for (const m of text.matchAll(GRADE_EXPRESSION)) {
    const whole = m[0].trim();
    if (!whole) continue;
    const body = m[1]!;
    const hasGradeWord = /^(?:grades?|gr\.?|grd\.?)\b/i.test(whole) || /(?:grades?|gr\.?)$/i.test(whole);
    const hasOrdinalOrK =
      /(?:\d(?:st|nd|rd|th)\b|\bk\b|kinder|\bkdg\b|\bpk\b|\btk\b|t\/k|pre-?\s?k|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)/i.test(
        body,
      );
    const isRangeOrList = new RegExp(`${GRADE_TOKEN}(?:${RANGE_WORD}|${LIST_WORD})${GRADE_TOKEN}`, 'i').test(body);
    const before = text.slice(0, m.index);
    if (NOT_GRADES.test(before)) continue;
    // A lone "K" or "a single digit" is only a grade with a grade word.
    if (!hasGradeWord && !hasOrdinalOrK) {
      // "3-5 Recess", "1-5 Dismissal": a bare range is grades only beside a word of the school day, and only
      // if nothing else in the label is numeric ("1 or 2", "Period 1-2" never are).
      if (!new RegExp(`^${GRADE_TOKEN}\\s*(?:-|–)\\s*${GRADE_TOKEN}$`, 'i').test(body)) continue;
      const rest = text.slice(0, m.index) + text.slice(m.index + m[0].length);
      if (/\d/.test(rest)) continue;
      if (
        rest.trim() &&
        !/\b(?:recess|lunch|break|dismiss|start|begin|schedule|day|students|elementary|middle|high|junior|primary|intermediate|upper|lower)/i.test(
          rest,
        )
      )
        continue;
      if (/[:.]\s*$/.test(before) || /^\s*[:.]\d/.test(text.slice(m.index + m[0].length))) continue;
    }
    // Ordinals alone ("1st Recess", "2nd lunch", "first bell") are orderings, not grades.
    if (!hasGradeWord && !isRangeOrList && !/(?:\bk\b|kinder|\bkdg\b|\bpk\b|\btk\b|t\/k|pre-?\s?k)/i.test(body)) {
      const after = text.slice(m.index + m[0].length);
      if (!/^\s*(?:grade|gr\b)/i.test(after)) continue;
    }
    const grades = expand(body);
    if (!grades) continue;
    grades.forEach((g) => all.add(g));
    said.push(whole);
  }
  if (all.size === 0) {
    for (const [pattern, grades] of LEVEL_NAMES) {
      const m = pattern.exec(text);
      if (m) {
        grades.forEach((g) => all.add(g));
        said.push(m[0]);
        break;
      }
    }
  }
  if (all.size === 0) return null;
  return { grades: [...all].sort((a, b) => a - b), text: said.join(', ') };
}

/** "K-5", "1-3, 5", "TK", "6-8". */
export function formatGrades(grades: Grades): string {
  const name = (g: number) => (g === PRE_K ? 'PK' : g === TRANSITIONAL_K ? 'TK' : g === KINDERGARTEN ? 'K' : String(g));
  const sorted = [...new Set(grades)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${name(sorted[i]!)}-${name(sorted[j]!)}` : name(sorted[i]!));
    i = j + 1;
  }
  return parts.join(', ');
}

/** How many of a level's grades a band covers. */
export function coverage(grades: Grades, level: SchoolLevel): number {
  return LEVEL_GRADES[level].filter((g) => grades.includes(g)).length;
}

/**
 * The levels a band of grades is for: every level of which it covers at least half the grades, or else
 * the level holding most of them (grades 4-6 at an elementary school are elementary). Pre-kindergarten
 * and transitional kindergarten alone are no level.
 */
export function levelsOf(grades: Grades): SchoolLevel[] {
  const levels = (Object.keys(LEVEL_GRADES) as SchoolLevel[]).filter(
    (level) => coverage(grades, level) * 2 >= LEVEL_GRADES[level].length,
  );
  if (levels.length) return levels;
  let best: SchoolLevel | null = null;
  for (const level of Object.keys(LEVEL_GRADES) as SchoolLevel[]) {
    if (coverage(grades, level) > 0 && (best === null || coverage(grades, level) > coverage(grades, best)))
      best = level;
  }
  return best ? [best] : [];
}

/** The level a school's name says ("Jefferson Middle School"), if any. */
export function levelOfSchoolName(name: string): SchoolLevel | null {
  const grades = readGrades(name);
  if (!grades) return null;
  const levels = levelsOf(grades.grades);
  return levels.length === 1 ? levels[0]! : null;
}
