/**
 * Candidate schedules into school days: each section's start, end, lunch, recesses and passing time, for
 * each grade band it holds (a row per band, "Kindergarten dismissal 1:40 / Grades 1-3 2:40", or the whole
 * section), plus the variants its lines name ("Dismissal 12:10 pm (W)", "dismissed at 1:15 on Early
 * Release Days"). Kinds the titles leave unsaid are settled here: of the untitled or weekday-titled
 * schedules for the same grades, the one for most days is the regular day, and the others are early
 * releases or late starts by comparison.
 */
import type { Item } from './items.js';
import { PRE_K, TRANSITIONAL_K, readGrades } from './grades.js';
import type { Section } from './sections.js';
import type { ScheduleKind } from './vocabulary.js';

export interface SchoolDay {
  title: string | null;
  kind: ScheduleKind;
  /** Whether the kind was written (false: settled by comparison, or assumed regular). */
  kindStated: boolean;
  /** The grades it is for; null when nothing says (the whole school). */
  grades: number[] | null;
  /** The band's own label, when the band came from a row ("Grades 1 - 5", "Jefferson Elementary"). */
  label: string | null;
  weekdays: number[] | null;
  start: number | null;
  end: number | null;
  /** Lunch minutes found in the document; null when it has none. */
  lunch: number | null;
  recess: number;
  /** Passing minutes: itemised, or the gaps between itemised periods; null when not itemised. */
  passing: number | null;
  /** Instructional items (periods, blocks, instruction) within the day. */
  periods: number;
  /** Period by period: at least three periods, and the day's items cover most of it. */
  itemised: boolean;
  /** A half-day program (a morning or afternoon kindergarten, pre-K), never a level's answer. */
  halfDay: boolean;
  /** The lines the answer rests on, in document order. */
  evidence: { line: number; text: string; grades?: number[] | null }[];
  /** The lunches and recesses within the day, to count them for one level's grades. */
  lunches: Item[];
  recesses: Item[];
  notes: string[];
  corrections: string[];
  /** Position in the document, for ordering. */
  order: number;
  /** The section it came from, and whether it is a variant its lines named. */
  section: number;
  variant: boolean;
}

const duration = (item: Item) => (item.end === null ? 0 : Math.max(0, item.end - item.start));
const applies = (item: Item, grades: number[] | null) =>
  item.grades === null || grades === null || item.grades.some((g) => grades.includes(g));

/** Single times of lunch or recess paired into ranges: "11:15 Begin Lunch A" … "11:39 End Lunch A". */
function pairBoundaries(items: Item[]): Item[] {
  const points = items.filter((i) => (i.role === 'lunch' || i.role === 'recess') && i.end === null);
  const used = new Set<Item>();
  const out: Item[] = [];
  for (const item of items) {
    if (!points.includes(item)) {
      out.push(item);
      continue;
    }
    if (used.has(item)) continue;
    if (item.boundary === 'end') {
      // "followed by recess until 12:45": from the end of what came before.
      const before = items
        .filter((i) => i !== item && i.end !== null && i.end <= item.start && item.start - i.end <= 90)
        .sort((a, b) => b.end! - a.end!)[0];
      if (before) out.push({ ...item, start: before.end!, end: item.start });
      continue;
    }
    const partner = points
      .filter(
        (p) =>
          p !== item &&
          !used.has(p) &&
          p.role === item.role &&
          p.start > item.start &&
          p.start - item.start <= 120 &&
          p.boundary !== 'begin',
      )
      .sort((a, b) => a.start - b.start)[0];
    if (partner) {
      used.add(partner);
      out.push({ ...item, end: partner.start });
    } else out.push(item);
  }
  return out;
}

const ALTERNATIVE =
  /\b(?:[a-d]|[1-4](?:st|nd|rd|th)?|first|second|third|fourth|one|two|three|odd|even|#\s*\d)\s+lunch\b|\blunch\s*(?:[a-d]|[1-4]|#\s*\d|one|two)\b/i;

/**
 * Minutes of lunch or recess untagged items give: lunches that are alternatives (Lunch A / Lunch B, the
 * same label twice, overlapping) count once, consecutive parts ("Lunch" then "Lunch Recess") add up.
 */
function untaggedMinutes(items: Item[]): number {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  const clusters: Item[][] = [];
  for (const item of sorted) {
    const lunch = item.role === 'lunch';
    const cluster = clusters.find((c) =>
      c.some(
        (other) =>
          (lunch && ALTERNATIVE.test(other.label) && ALTERNATIVE.test(item.label)) ||
          (lunch && other.label.toLowerCase() === item.label.toLowerCase()) ||
          (other.end !== null && item.start < other.end && item.end !== null && other.start < item.end),
      ),
    );
    if (cluster) cluster.push(item);
    else clusters.push([item]);
  }
  return clusters.reduce((sum, c) => sum + mode(c.map(duration)), 0);
}

/** The most common value; ties go to the larger (fewer instructional minutes claimed). */
function mode(values: number[]): number {
  if (values.length === 0) return 0;
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0]!;
  for (const [v, n] of counts) if (n > counts.get(best)! || (n === counts.get(best)! && v > best)) best = v;
  return best;
}

/**
 * Minutes of lunch (or recess) for a band: the untagged ones, plus the grades' own, the most common over
 * the band's grades (a grade no tagged lunch names has none of its own).
 */
export function breakMinutes(items: Item[], grades: number[] | null): number {
  const untagged = items.filter((i) => i.grades === null);
  const tagged = items.filter(
    (i) => i.grades !== null && (grades === null || i.grades.some((g) => grades.includes(g))),
  );
  let taggedMinutes = 0;
  if (tagged.length) {
    if (grades) {
      const perGrade = grades.map((g) => untaggedMinutes(tagged.filter((i) => i.grades!.includes(g))));
      taggedMinutes = mode(perGrade);
    } else {
      const groups = new Map<string, Item[]>();
      for (const i of tagged) groups.set(i.grades!.join(','), [...(groups.get(i.grades!.join(',')) ?? []), i]);
      taggedMinutes = mode([...groups.values()].map(untaggedMinutes));
    }
  }
  return untaggedMinutes(untagged) + taggedMinutes;
}

const DAY_WORDS =
  /\b(?:school|class|classes|instruction(?:al)?)\s+(?:day|hours|time)\b|\bhours\b|\battend|\bin\s+session\b|\bschool\s+day\b/i;

function labelWords(label: string): string {
  return label
    .replace(/\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri)(?:day)?s?\b|\b[mtwrf]\b/gi, ' ')
    .replace(/[^a-z]+/gi, ' ')
    .trim();
}

/** A row that is a whole band's day: "Grades 1 - 5 | 7:45 AM | 1:45 PM", "Elementary: 9 a.m.-3:30 p.m.". */
function isBandRow(item: Item): boolean {
  if (item.end === null) return false;
  if (item.role === 'lunch' || item.role === 'recess' || item.role === 'passing' || item.role === 'outside')
    return false;
  const span = item.end - item.start;
  if ((item.grades !== null || item.allGrades) && span >= 150) return true;
  if (span < 180) return false;
  const words = labelWords(item.label);
  return !words || DAY_WORDS.test(item.label) || /\b(?:elementary|middle|high|school|academy)\b/i.test(item.label);
}

function isHalfDay(label: string | null, grades: number[] | null, start: number, end: number): boolean {
  if (end - start < 240) return true;
  if (
    label &&
    /\b(?:a\.?m\.?|p\.?m\.?|morning|afternoon)\s+(?:session|class|kinder\w*|program)|\bhalf[-\s]?day\b|\bsession\b/i.test(
      label,
    )
  )
    return true;
  return grades !== null && grades.every((g) => g === PRE_K || g === TRANSITIONAL_K);
}

interface Band {
  grades: number[] | null;
  label: string | null;
  start: number | null;
  end: number | null;
  sources: Item[];
}

/** Where the day starts: "School begins" over the tardy bell over the first period over a warning bell. */
function startOf(items: Item[]): Item | null {
  const earliest = (role: Item['role']) =>
    items.filter((i) => i.role === role).sort((a, b) => a.start - b.start)[0] ?? null;
  return (
    earliest('start') ??
    earliest('tardy') ??
    items
      .filter((i) => i.role === 'period' || i.role === 'lunch' || i.role === 'recess' || i.role === 'passing')
      .sort((a, b) => a.start - b.start)[0] ??
    earliest('warning')
  );
}

/** Where it ends: the last dismissal, or the end of the last thing in the day. */
function endOf(items: Item[], start: number | null): { time: number; item: Item } | null {
  const ends = items
    .filter((i) => i.role === 'end' && (start === null || i.start > start))
    .sort((a, b) => b.start - a.start);
  if (ends[0]) return { time: ends[0].start, item: ends[0] };
  let best: { time: number; item: Item } | null = null;
  for (const i of items) {
    if (i.role === 'outside' || i.role === 'warning') continue;
    const t = i.end ?? i.start;
    if (start !== null && t <= start) continue;
    if (!best || t > best.time) best = { time: t, item: i };
  }
  return best;
}

function bandsOf(items: Item[], sectionGrades: number[] | null): Band[] {
  const rows = items.filter(isBandRow);
  if (rows.length > 0) {
    const bands: Band[] = rows.map((row) => ({
      grades: row.grades ?? (row.allGrades ? null : sectionGrades),
      label: row.label || null,
      start: row.start,
      end: row.end,
      sources: [row],
    }));
    // Dismissal lines beside the rows ("Kindergarten: 7:55a-12 noon" under a day that ends "Dismissal 2:50p")
    // are a day of their own for the section's other grades.
    const rowGrades = new Set(rows.flatMap((r) => r.grades ?? []));
    if (
      items.some(
        (i) => i.role === 'end' && !rows.includes(i) && (i.grades === null || !i.grades.every((g) => rowGrades.has(g))),
      )
    ) {
      const rest = sectionGrades ? sectionGrades.filter((g) => !rowGrades.has(g)) : null;
      if (!rest || rest.length) bands.push({ grades: rest, label: null, start: null, end: null, sources: [] });
    }
    return bands;
  }
  const ends = items.filter((i) => i.role === 'end');
  const tags = new Map<string, number[]>();
  for (const e of ends) if (e.grades) tags.set(e.grades.join(','), e.grades);
  if (tags.size >= 2 || (tags.size === 1 && ends.some((e) => e.grades === null))) {
    const bands: Band[] = [...tags.values()].map((grades) => ({
      grades,
      label: null,
      start: null,
      end: null,
      sources: [],
    }));
    if (ends.some((e) => e.grades === null)) {
      const tagged = new Set([...tags.values()].flat());
      const rest = sectionGrades ? sectionGrades.filter((g) => !tagged.has(g)) : null;
      if (!rest || rest.length) bands.push({ grades: rest, label: null, start: null, end: null, sources: [] });
    }
    return bands;
  }
  return [{ grades: sectionGrades, label: null, start: null, end: null, sources: [] }];
}

function dayOf(
  band: Band,
  items: Item[],
  section: Section,
  order: number,
  where: { section: number; variant: boolean },
): SchoolDay {
  const mine = items.filter((i) => !band.sources.includes(i) && !isBandRow(i) && applies(i, band.grades));
  // A band of the whole school (no grades) ends with the untagged dismissal when grades have their own.
  const taggedEnds = items.some((i) => i.role === 'end' && i.grades !== null);
  const markers = mine.filter((i) => !(band.grades === null && taggedEnds && i.role === 'end' && i.grades !== null));
  const startItem = band.start === null ? startOf(markers) : null;
  const start = band.start ?? startItem?.start ?? null;
  const endFound = band.end === null ? endOf(markers, start) : null;
  const end = band.end ?? endFound?.time ?? null;
  const evidence = new Map<number, { text: string; grades: number[] | null }>(
    section.titleLines.map((t) => [t.line, { text: t.text, grades: null }]),
  );
  const cite = (i: Item) => evidence.set(i.line, { text: i.source, grades: i.grades });
  band.sources.forEach(cite);
  if (startItem) cite(startItem);
  if (endFound) cite(endFound.item);
  const within = (i: Item) =>
    start !== null && end !== null && i.start >= start - 1 && (i.end ?? i.start) <= end + 1 && applies(i, band.grades);
  const inDay = mine.filter(within);
  const lunches = inDay.filter((i) => i.role === 'lunch' && i.end !== null);
  const recesses = inDay.filter((i) => i.role === 'recess' && i.end !== null);
  const passings = inDay.filter((i) => i.role === 'passing' && i.end !== null);
  const periods = inDay.filter((i) => i.role === 'period' && i.end !== null);
  [...lunches, ...recesses, ...passings].forEach(cite);
  const lunch = lunches.length ? breakMinutes(lunches, band.grades) : null;
  const recess = recesses.length ? breakMinutes(recesses, band.grades) : 0;
  let passing: number | null = passings.length ? untaggedMinutes(passings) : null;
  // Itemised: the periods, breaks and passing listed cover at least 80% of the day.
  let covered = 0;
  let reachAll = start ?? 0;
  for (const i of [...periods, ...lunches, ...recesses, ...passings].sort((a, b) => a.start - b.start)) {
    const from = Math.max(i.start, reachAll);
    if (i.end! > from) covered += i.end! - from;
    reachAll = Math.max(reachAll, i.end!);
  }
  const itemised =
    periods.length >= 3 && start !== null && end !== null && end > start && covered >= 0.8 * (end - start);
  if (passing === null && itemised) {
    // The gaps between consecutive itemised periods, lunches and recesses are passing time.
    const timed = [...periods, ...lunches, ...recesses]
      .filter((i) => i.grades === null)
      .sort((a, b) => a.start - b.start);
    let gaps = 0;
    let reach = timed[0]?.end ?? 0;
    for (const i of timed.slice(1)) {
      if (i.start > reach && i.start - reach <= 15) gaps += i.start - reach;
      reach = Math.max(reach, i.end ?? i.start);
    }
    passing = gaps;
  }
  const corrections = [
    ...new Set(
      [...inDay, ...band.sources, ...(startItem ? [startItem] : []), ...(endFound ? [endFound.item] : [])].flatMap(
        (i) => i.corrections,
      ),
    ),
  ];
  const notes: string[] = [];
  if (startItem?.role === 'warning') notes.push('Start taken from a warning bell: nothing later says school begins.');
  return {
    title: section.title,
    kind: section.kind ?? 'regular',
    kindStated: section.kind !== null,
    grades: band.grades,
    label: band.label,
    weekdays: section.weekdays,
    start,
    end,
    lunch,
    recess,
    passing,
    periods: periods.length,
    itemised,
    halfDay: start !== null && end !== null && isHalfDay(band.label ?? section.title, band.grades, start, end),
    evidence: [...evidence].sort((a, b) => a[0] - b[0]).map(([line, e]) => ({ line, ...e })),
    lunches,
    recesses,
    notes,
    corrections,
    order,
    ...where,
  };
}

/** Items naming another kind of day or fewer weekdays than the rest: variants of the section's day. */
function splitVariants(section: Section): {
  base: Item[];
  variants: { kind: ScheduleKind | null; weekdays: number[] | null; items: Item[] }[];
} {
  const items = pairBoundaries(section.items.filter((i) => i.role !== 'outside'));
  const variants = new Map<string, { kind: ScheduleKind | null; weekdays: number[] | null; items: Item[] }>();
  // A marker for fewer days than the others of its role ("Dismissal 12:10 pm (W)" beside "2:05 pm (M, T, Th, F)",
  // or beside an untagged dismissal) is a variant.
  // A day's row for fewer days than the others ("K-5th – Wednesdays 8:35 a.m. – 3:05 p.m." under rows naming
  // no day) is one too.
  // Starts and ends are compared among themselves; a band's row gives both.
  const isMarker = (i: Item) => i.role === 'end' || i.role === 'start' || i.role === 'tardy' || isBandRow(i);
  const families = (i: Item) =>
    isBandRow(i)
      ? ['start', 'end']
      : i.role === 'end'
        ? ['end']
        : i.role === 'start' || i.role === 'tardy'
          ? ['start']
          : [];
  const mostDays = (item: Item) => {
    const mine = families(item);
    const same = items.filter((i) => isMarker(i) && families(i).some((f) => mine.includes(f)));
    return Math.max(0, ...same.map((i) => i.weekdays?.length ?? 5));
  };
  const base: Item[] = [];
  for (const item of items) {
    const otherKind = item.kind !== null && item.kind !== section.kind;
    const fewerDays = item.weekdays !== null && isMarker(item) && item.weekdays.length < mostDays(item);
    if ((otherKind || fewerDays) && (item.role !== 'period' || isBandRow(item))) {
      const key = otherKind ? `kind:${item.kind}` : `days:${item.weekdays!.join(',')}`;
      const v = variants.get(key) ?? {
        kind: otherKind ? item.kind : null,
        weekdays: otherKind ? null : item.weekdays,
        items: [],
      };
      v.items.push(item);
      variants.set(key, v);
    } else base.push(item);
  }
  return { base, variants: [...variants.values()] };
}

/** The school days of every section, kinds settled. */
export function schoolDays(sections: Section[]): SchoolDay[] {
  const days: SchoolDay[] = [];
  let order = 0;
  for (const [index, section] of sections.entries()) {
    const { base, variants } = splitVariants(section);
    const baseDays = bandsOf(base, section.grades).map((band) =>
      dayOf(band, base, section, order++, { section: index, variant: false }),
    );
    days.push(...baseDays);
    for (const variant of variants) {
      const variantSection: Section = {
        ...section,
        kind: variant.kind,
        weekdays: variant.weekdays,
        title: [section.title, variant.items.map((i) => i.label).join('; ')].filter(Boolean).join(' — '),
      };
      const where = { section: index, variant: true };
      const cite = (day: SchoolDay) => {
        const cited = new Map(day.evidence.map((e) => [e.line, e]));
        for (const i of variant.items) cited.set(i.line, { line: i.line, text: i.source, grades: i.grades });
        day.evidence = [...cited].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
        return day;
      };
      if (variant.items.some(isBandRow)) {
        // Rows of their own ("K-5th – Wednesdays 8:35 – 3:05"): the variant's bands.
        const items = [...base.filter((i) => !isBandRow(i) && i.role !== 'end'), ...variant.items];
        for (const band of bandsOf(variant.items.filter(isBandRow), section.grades))
          days.push(cite(dayOf(band, items, variantSection, order++, where)));
        continue;
      }
      // A start or an end of its own ("dismissed at 1:35 p.m. on Wednesdays"): each of the section's days
      // with it in place of its own.
      for (const baseDay of baseDays) {
        const own = (role: Item['role'][]) =>
          variant.items
            .filter((i) => role.includes(i.role) && applies(i, baseDay.grades))
            .sort((a, b) => a.start - b.start)[0];
        const start = own(['start', 'tardy'])?.start ?? baseDay.start;
        const end = own(['end'])?.start ?? baseDay.end;
        const inside = (i: Item) => start !== null && end !== null && i.start >= start && (i.end ?? i.start) <= end;
        const lunches = baseDay.lunches.filter(inside);
        const recesses = baseDay.recesses.filter(inside);
        days.push(
          cite({
            ...baseDay,
            ...where,
            title: variantSection.title,
            kind: variant.kind ?? 'regular',
            kindStated: variant.kind !== null,
            weekdays: variant.weekdays,
            start,
            end,
            lunch: lunches.length ? breakMinutes(lunches, baseDay.grades) : null,
            recess: recesses.length ? breakMinutes(recesses, baseDay.grades) : 0,
            lunches,
            recesses,
            halfDay: start !== null && end !== null && isHalfDay(baseDay.label, baseDay.grades, start, end),
            order: order++,
          }),
        );
      }
    }
  }
  settleKinds(days);
  return days.filter((d) => d.start !== null || d.end !== null);
}

const key = (grades: number[] | null) => (grades ? grades.join(',') : 'all');

/** Untitled or weekday-titled days: the one for most days is regular, the others compared with it. */
function settleKinds(days: SchoolDay[]): void {
  // A variant a line named by weekday ("K-5th – Wednesdays …") is compared with its own section's day for the
  // grades it shares most with.
  for (const d of days.filter((x) => x.variant && !x.kindStated)) {
    const overlap = (b: SchoolDay) =>
      d.grades === null || b.grades === null ? 0.5 : b.grades.filter((g) => d.grades!.includes(g)).length;
    const base = days
      .filter((b) => b.section === d.section && !b.variant && !b.halfDay)
      .sort((a, b) => overlap(b) - overlap(a) || a.order - b.order)[0];
    if (base) {
      const kind = compareWithRegular(d, base);
      d.kind = kind === 'regular' ? 'other' : kind;
      d.kindStated = true;
    }
  }
  const groups = new Map<string, SchoolDay[]>();
  for (const d of days) groups.set(key(d.grades), [...(groups.get(key(d.grades)) ?? []), d]);
  for (const group of groups.values()) {
    const unsaid = group.filter((d) => !d.kindStated);
    if (unsaid.length === 0) continue;
    let regular = group.find((d) => d.kindStated && d.kind === 'regular' && !d.halfDay) ?? null;
    if (!regular) {
      const full = unsaid.filter((d) => !d.halfDay);
      const candidates = full.length ? full : unsaid;
      // A schedule naming no days is for the days the others leave out.
      const named = new Set(unsaid.flatMap((d) => d.weekdays ?? []));
      const days = (d: SchoolDay) => d.weekdays?.length ?? 5 - named.size;
      regular = [...candidates].sort((a, b) => days(b) - days(a) || a.order - b.order)[0]!;
      regular.kind = 'regular';
    }
    for (const d of unsaid) {
      if (d === regular) continue;
      // The bands of one table or list are the same kind of day: rows for other schools or grades.
      d.kind = d.section === regular.section && !d.variant ? 'regular' : compareWithRegular(d, regular);
    }
  }
}

function compareWithRegular(day: SchoolDay, regular: SchoolDay): ScheduleKind {
  if (day.start !== null && regular.start !== null && day.start - regular.start >= 30) return 'late_start';
  if (day.end !== null && regular.end !== null && regular.end - day.end >= 30) return 'early_release';
  if (day.halfDay) return 'regular';
  return 'other';
}

/** Whether a band's label is a school's name ("Jefferson Elementary"), for schools_sampled. */
export function schoolNameOf(label: string | null): string | null {
  if (!label) return null;
  const m =
    /\b((?:[A-Z][\w.'’-]*\s+){1,4}(?:Elementary|Middle|High|Junior\s+High|Intermediate|Primary|Academy|K-8|Magnet)(?:\s+School)?)\b/.exec(
      label,
    );
  return m ? m[1]!.trim() : null;
}

export { readGrades };
