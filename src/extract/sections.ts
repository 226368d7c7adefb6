/**
 * Lines into candidate schedules ("sections"): a title (one or more heading-like lines naming a kind of
 * day, grades or weekdays) followed by the lines with times under it. Tables whose columns are grade bands
 * or weekdays ("Time | 6th Grade | 7th & 8th Grades") or whose rows are grade bands with a column per
 * bell ("Grade Level | Start Time | Lunch | Recess | Dismissal") are read column by column or row by row.
 */
import type { DocLine } from './document.js';
import { type Item, cleanLabel, isGradeOnly, itemsOfLine } from './items.js';
import { readGrades } from './grades.js';
import { findTimes } from './times.js';
import {
  OUTSIDE_TITLE,
  type Role,
  type ScheduleKind,
  TITLE_WORDS,
  kindOfTitle,
  roleOf,
  weekdaysIn,
} from './vocabulary.js';

export interface Section {
  title: string | null;
  /** Lines of the title and their text, for the evidence. */
  titleLines: { line: number; text: string }[];
  kind: ScheduleKind | null;
  grades: number[] | null;
  weekdays: number[] | null;
  items: Item[];
  /** Whether items came from table rows (a new table header then starts a new schedule). */
  hasRows: boolean;
  /** Titled as something other than the students' day (office hours, after care): not a schedule. */
  outside: boolean;
}

/** A line as the walk sees it: a document line, or one made from a table cell, with its facets forced. */
interface Unit {
  index: number;
  line: DocLine;
  /** Starts a section with this title (table columns and rows read one by one). */
  forcedTitle?: string;
  /** The table it was made from, when read column by column or row by row. */
  table?: number;
}

const COLUMN_WORDS =
  /^(?:description|period|periods|per\.?|start|start\s+time|starts|begin|begins|end|end\s+time|ends|stop|length|duration(?:\s*\(m\))?|minutes|mins?|time|times|activity|event|bell|bells|class|block|description\s*\/\s*period|period\s*\/\s*description|grade|grade\s+level|grades|from|to|schedule|notes?|odd|even|day|location|what|when|passing|#)$/i;

const hasTimes = (text: string) => findTimes(text).length > 0;

function isColumnHeader(line: DocLine): boolean {
  if (hasTimes(line.text)) return false;
  const cells = line.cells.filter(Boolean);
  if (line.header && cells.length >= 2) return true;
  if (cells.length >= 2)
    return (
      cells.filter((c) => COLUMN_WORDS.test(c.replace(/[|:]+\s*$/, '').trim())).length >= Math.max(2, cells.length - 1)
    );
  return false;
}

const ROLE_HEADER = /\b(?:lunch|recess|break|dismiss(?:al)?|release|start|begin|arrival|end)\b/i;

interface Facets {
  grades: number[] | null;
  weekdays: number[] | null;
  kind: ScheduleKind | null;
}

function facetsOf(text: string): Facets {
  return { grades: readGrades(text)?.grades ?? null, weekdays: weekdaysIn(text), kind: kindOfTitle(text) };
}
const hasFacet = (f: Facets) => f.grades !== null || f.weekdays !== null || f.kind !== null;

/**
 * A table read column by column (bands or days across the top) or row by row (a band per row with a
 * column per bell), or null when it is an ordinary table.
 */
function restructureTable(rows: { index: number; line: DocLine }[]): Unit[] | null {
  const headerAt = rows.findIndex((r) => r.line.cells.filter(Boolean).length >= 2);
  if (headerAt < 0) return null;
  const header = rows[headerAt]!;
  if (hasTimes(header.line.text)) return null;
  const data = rows.slice(headerAt + 1).filter((r) => hasTimes(r.line.text));
  if (data.length < 2) return null;
  const before: Unit[] = rows.slice(0, headerAt).map((r) => ({ index: r.index, line: r.line }));
  const cells = header.line.cells;

  // A band per row: "Grade Level | Start Time | 1st Recess | Lunch | Dismissal".
  const roleColumns = cells.map((c, i) => (i > 0 && ROLE_HEADER.test(c) ? i : -1)).filter((i) => i > 0);
  const breakColumns = cells.filter((c) => /\b(?:lunch|recess|break)\b/i.test(c)).length;
  if (roleColumns.length >= 3 && breakColumns >= 1) {
    const units: Unit[] = [...before];
    for (const row of data) {
      const label = row.line.cells[0] ?? '';
      let first = true;
      row.line.cells.forEach((cell, i) => {
        if (i === 0 || !cell || !hasTimes(cell)) return;
        const text = `${cells[i] ?? ''} ${cell}`;
        units.push({
          index: row.index,
          line: { text, cells: [text], heading: null, table: null, header: false },
          forcedTitle: first ? label : undefined,
        });
        first = false;
      });
    }
    return units;
  }

  // Bands or days across the top: "Time | 6th Grade | 7th & 8th Grades", "Monday | Tuesday | …".
  const facetColumns = cells
    .map((c, i) => (c && hasFacet(facetsOf(c)) && !COLUMN_WORDS.test(c) ? i : -1))
    .filter((i) => i >= 0);
  if (facetColumns.length < 2) return null;
  const width = Math.max(...data.map((r) => r.line.cells.length));
  const units: Unit[] = [...before];
  if (cells.length === width) {
    const shared = cells.map((_, i) => i).filter((i) => !facetColumns.includes(i));
    for (const column of facetColumns) {
      let first = true;
      for (const row of data) {
        const own = row.line.cells[column];
        if (!own || /^[—–\-\s]+$/.test(own)) continue;
        const parts = [...shared.map((i) => row.line.cells[i] ?? '').filter(Boolean), own];
        const text = parts.join(' | ');
        units.push({
          index: row.index,
          line: { text, cells: parts, heading: null, table: null, header: false },
          forcedTitle: first ? cells[column] : undefined,
        });
        first = false;
      }
    }
    return units;
  }
  // Columns in groups: "Schedule A (6th grade) | Schedule B (8th grade)" over "Period | Time | Period | Time".
  if (cells.filter(Boolean).length === facetColumns.length && width % facetColumns.length === 0) {
    const size = width / facetColumns.length;
    facetColumns.forEach((column, g) => {
      let first = true;
      for (const row of data) {
        const parts = row.line.cells.slice(g * size, (g + 1) * size).filter(Boolean);
        if (!parts.length || !hasTimes(parts.join(' '))) continue;
        units.push({
          index: row.index,
          line: { text: parts.join(' | '), cells: parts, heading: null, table: null, header: false },
          forcedTitle: first ? cells[column] : undefined,
        });
        first = false;
      }
    });
    return units;
  }
  return null;
}

/**
 * Running text wrapped across lines ("Lunch is from 11:45 a.m. to" / "12:25 p.m. and …") joined back, so a
 * range or a sentence split by the wrap reads whole. Only lines ending on a word that cannot end one.
 */
function joinWrapped(lines: DocLine[]): { index: number; line: DocLine }[] {
  const out: { index: number; line: DocLine }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const last = out[out.length - 1];
    const plain = (l: DocLine) => l.table === null && l.heading === null && l.cells.length === 1;
    if (
      last &&
      plain(last.line) &&
      plain(line) &&
      /(?:\b(?:to|from|at|until|and|or|the|is|are|by|of|for|with|between|begins?|starts?|ends?)|[-–—,:])\s*$/i.test(
        last.line.text,
      ) &&
      last.line.text.length + line.text.length < 600
    ) {
      const text = `${last.line.text} ${line.text}`;
      last.line = { ...last.line, text, cells: [text] };
      continue;
    }
    out.push({ index: i, line });
  }
  return out;
}

function units(documentLines: DocLine[]): Unit[] {
  const out: Unit[] = [];
  const joined = joinWrapped(documentLines);
  const lines = joined.map((j) => j.line);
  const indexOf = (i: number) => joined[i]!.index;
  for (let i = 0; i < lines.length;) {
    const table = lines[i]!.table;
    if (table === null) {
      out.push({ index: indexOf(i), line: lines[i]! });
      i++;
      continue;
    }
    const rows: { index: number; line: DocLine }[] = [];
    while (i < lines.length && lines[i]!.table === table) {
      rows.push({ index: indexOf(i), line: lines[i]! });
      i++;
    }
    const restructured = restructureTable(rows);
    if (restructured) out.push(...restructured.map((u) => (u.forcedTitle !== undefined ? { ...u, table } : u)));
    else out.push(...rows.map((r) => ({ index: r.index, line: r.line })));
  }
  return out;
}

/** A line that titles what follows: a heading, or a short line naming a kind of day, grades or days. */
function isTitle(line: DocLine): boolean {
  const text = line.text;
  const cells = line.cells.filter(Boolean);
  if (text.length > 160) return false;
  const times = findTimes(text);
  if (line.heading !== null) return true;
  if (cells.length > 1) return false;
  const words = text.split(/\s+/).length;
  if (times.length > 0) {
    // "Minimum Day Schedule 7:45 AM - 12:00 PM", "Finals (Block Schedule) 8:00 a.m. - 12:30 p.m.".
    let rest = text;
    for (const m of [...times].reverse()) rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m.length);
    const kind = kindOfTitle(rest);
    return (
      kind !== null &&
      kind !== 'regular' &&
      /\b(?:schedule|day|days)\b/i.test(rest) &&
      roleOf(rest) === 'period' &&
      words <= 14 &&
      !/[.!?]\s+\S/.test(rest)
    );
  }
  if (words > 14) return false;
  if (/[.!?]$/.test(text.trim()) && words > 6) return false;
  // Notes in parentheses or after an asterisk are not titles: ("Warning Bell" that class starts in 5 minutes).
  if (/^\s*[("'“*]/.test(text)) return false;
  if (COLUMN_WORDS.test(text.trim())) return false;
  const letters = text.replace(/[^a-z]/gi, '');
  const allCaps = letters.length >= 4 && letters === letters.toUpperCase();
  return TITLE_WORDS.test(text) || allCaps || /:\s*$/.test(text);
}

interface TitleGroup {
  lines: number[];
  texts: string[];
  /** The highest heading level of the group's lines (1 = <h1>; 99 = not a heading). */
  heading: number;
  /** The heading level of the line that named the grades, and of the one that named the kind. */
  gradesHeading: number;
  kindHeading: number;
  facets: Facets;
  role: Role | null;
  allGrades: boolean;
}

/** The role a title gives the grade-only lines under it ("Lunch Schedules", "Early Dismissal Times"). */
function titleRole(text: string): Role | null {
  if (/\blunch/i.test(text)) return 'lunch';
  if (/\b(?:recess|break)/i.test(text)) return 'recess';
  if (/\b(?:dismissal|release|end)\s+times?\b|\bdismissals?\b/i.test(text)) return 'end';
  if (/\b(?:start|starting|begin)\s+times?\b/i.test(text)) return 'start';
  return null;
}

/** What a grade's single time means on a kind of day: its dismissal on early days, its start on late ones. */
function kindRole(kind: ScheduleKind | null): Role | null {
  if (kind === 'early_release' || kind === 'minimum_day') return 'end';
  if (kind === 'late_start' || kind === 'delay') return 'start';
  return null;
}

/** The most specific title lines of a group: the last one, and an earlier one naming what it leaves out. */
function displayLines(group: TitleGroup): number[] {
  const last = group.texts.length - 1;
  const lastFacets = facetsOf(group.texts[last]!);
  const earlier = group.texts
    .map((text, i) => ({ text, i }))
    .slice(0, -1)
    .filter(({ text }) => {
      const f = facetsOf(text);
      return (f.kind !== null && lastFacets.kind === null) || (f.grades !== null && lastFacets.grades === null);
    });
  return [...earlier.slice(-1).map((e) => e.i), last].map((i) => group.lines[i]!);
}

function displayTitle(group: TitleGroup): string {
  const shown = displayLines(group);
  return group.lines
    .map((line, i) => (shown.includes(line) ? group.texts[i]! : null))
    .filter((t): t is string => t !== null)
    .join(' — ');
}

/** Every candidate schedule in the document's lines, in order. */
export function findSections(lines: DocLine[]): Section[] {
  const sections: Section[] = [];
  // Assigned in the closures below: typed by cast so that TypeScript does not narrow them to null.
  let current = null as Section | null;
  let defaultRole = null as Role | null;
  let pending = null as TitleGroup | null;
  let lastGrades = null as { grades: number[]; heading: number } | null;
  let lastKind = null as { kind: ScheduleKind; heading: number; hadItems: boolean } | null;
  let plainLabel = null as string | null;

  const openSection = (group: TitleGroup | null): Section => {
    const own = group?.facets ?? { grades: null, weekdays: null, kind: null };
    const heading = group?.heading ?? 99;
    let grades = own.grades;
    let kind = own.kind;
    // Grades carry down to later titles at the same or a lower level ("High School" over "Early Release").
    if (grades === null && !group?.allGrades && lastGrades && lastGrades.heading <= heading) grades = lastGrades.grades;
    // A kind carries down only from a heading above this one, or one that titled nothing itself; a title
    // naming weekdays is its own day.
    if (
      kind === null &&
      own.grades !== null &&
      own.weekdays === null &&
      lastKind &&
      (!lastKind.hadItems || lastKind.heading < heading)
    )
      kind = lastKind.kind;
    if (own.grades !== null) lastGrades = { grades: own.grades, heading: group!.gradesHeading };
    if (own.kind !== null) lastKind = { kind: own.kind, heading: group!.kindHeading, hadItems: false };
    const section: Section = {
      title: group ? displayTitle(group) : null,
      titleLines: group
        ? displayLines(group).map((line) => ({ line, text: group.texts[group.lines.indexOf(line)]! }))
        : [],
      kind,
      grades,
      weekdays: own.weekdays,
      items: [],
      hasRows: false,
      outside: group ? group.texts.slice(-2).some((t) => OUTSIDE_TITLE.test(t)) : false,
    };
    sections.push(section);
    return section;
  };

  const addTitle = (index: number, text: string, heading: number | null) => {
    const facets = facetsOf(text);
    const level = heading ?? 99;
    if (!pending) {
      pending = {
        lines: [index],
        texts: [text],
        heading: level,
        gradesHeading: level,
        kindHeading: level,
        facets,
        role: titleRole(text),
        allGrades: /\ball\s+(?:grades|grade\s+levels|students|schools)\b/i.test(text),
      };
      return;
    }
    pending.lines.push(index);
    pending.texts.push(text);
    pending.heading = Math.min(pending.heading, level);
    if (facets.grades !== null) pending.gradesHeading = level;
    if (facets.kind !== null) pending.kindHeading = level;
    pending.facets = {
      grades: facets.grades ?? pending.facets.grades,
      weekdays: facets.weekdays ?? pending.facets.weekdays,
      kind: facets.kind ?? pending.facets.kind,
    };
    pending.role = titleRole(text) ?? pending.role;
    pending.allGrades ||= /\ball\s+(?:grades|grade\s+levels|students|schools)\b/i.test(text);
  };

  /** The section the next items go to: a new one under a new title, or the current one. */
  const target = (): Section => {
    if (pending) {
      const group: TitleGroup = pending;
      pending = null;
      const sub =
        current !== null &&
        group.role !== null &&
        group.facets.grades === null &&
        group.facets.weekdays === null &&
        (group.facets.kind === null || group.facets.kind === current.kind);
      if (sub) defaultRole = group.role;
      else {
        current = openSection(group);
        defaultRole = group.role;
      }
      return current!;
    }
    if (!current) {
      current = openSection(null);
      defaultRole = null;
    }
    return current;
  };

  // The titles above a table read column by column or row by row title each of its schedules too.
  let outer = null as { table: number; group: TitleGroup | null } | null;
  let titleWithTimes = false;
  for (const unit of units(lines)) {
    const { line, index } = unit;
    if (unit.forcedTitle !== undefined) {
      if (outer?.table !== unit.table) outer = { table: unit.table!, group: pending };
      const above = outer!.group;
      pending = above ? { ...above, lines: [...above.lines], texts: [...above.texts] } : null;
      current = null;
      addTitle(index, unit.forcedTitle, null);
    } else if (line.cells.length > 1 && isColumnHeader(line)) {
      // A new table header after items starts a new schedule (with the titles since the last one).
      if (current && current.hasRows && !pending) current = null;
      plainLabel = null;
      continue;
    } else if (isTitle(line)) {
      addTitle(index, line.text, line.heading);
      plainLabel = null;
      if (!hasTimes(line.text)) continue;
      titleWithTimes = true;
    }
    const items = hasTimes(line.text) ? itemsOfLine(index, line) : [];
    if (items.length === 0) {
      plainLabel = line.text.length <= 60 && !hasTimes(line.text) ? line.text : null;
      continue;
    }
    const section = target();
    if (!titleWithTimes && line.cells.filter(Boolean).length > 1) section.hasRows = true;
    titleWithTimes = false;
    for (const item of items) {
      if (!/[a-z]{2,}/i.test(item.label) && plainLabel) {
        const borrowed = itemsOfLine(index, {
          ...line,
          text: `${plainLabel} ${line.text}`,
          cells: [`${plainLabel} ${line.text}`],
        });
        const same = borrowed.find((b) => b.start === item.start && b.end === item.end);
        if (same) Object.assign(item, { ...same, label: cleanLabel(same.label) });
      }
      // Under "Lunch Schedules", "Grade 1  10:45 - 11:25" is a lunch; under "Early Dismissal", "Grades K-3
      // 1:15 pm" a dismissal.
      const role = defaultRole ?? kindRole(section.kind);
      if (
        role &&
        item.role === 'period' &&
        isGradeOnly(item.label) &&
        (item.end === null || role === 'lunch' || role === 'recess')
      )
        item.role = role;
      section.items.push(item);
    }
    if (lastKind && section.kind === lastKind.kind) lastKind.hadItems = true;
    plainLabel = null;
  }
  return sections.filter((s) => s.items.length > 0 && !s.outside);
}
