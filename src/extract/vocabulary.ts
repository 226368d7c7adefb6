/**
 * The words schools use: kinds of day ("Minimum Day", "2-Hour Delay"), what a timed line is (the start,
 * the dismissal, lunch, recess, a passing period, or something before or after the school day), and the
 * days of the week. One place, so the rules read as a list.
 */

export const SCHEDULE_KINDS = ['regular', 'minimum_day', 'early_release', 'late_start', 'delay', 'other'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** In order of precedence: "Late Start Shortened Day" is a late start, "Minimum Day & Finals" a minimum day. */
const KIND_WORDS: readonly [Exclude<ScheduleKind, 'regular'>, RegExp][] = [
  [
    'delay',
    /\b(?:(?:one|two|three|1|2|3|90)[-\s]?(?:hour|hr|minute|min)s?\s+delay(?:ed)?|delay(?:ed)?\s+(?:opening|start|schedule|arrival)|delay\s+schedule|fog\s+delay|weather\s+delay|inclement\s+weather|snow\s+delay|delay)\b/i,
  ],
  ['late_start', /\b(?:late[-\s]?starts?|late\s+arrivals?|late\s+openings?|delayed\s+starts?)\b/i],
  ['minimum_day', /\b(?:(?:super\s+)?minimum(?:\s+days?)?|min\.?\s+days?)\b/i],
  [
    'early_release',
    /\b(?:early[-\s](?:releases?|dismissals?|outs?|closings?|days?)|shortened\s+days?|short\s+days?|half[-\s]?days?|banked(?:\s+days?)?|noon\s+dismissals?|modified\s+days?|abbreviated\s+days?|pd\s+days?)\b/i,
  ],
  [
    'other',
    /\b(?:finals?|exams?|examination|assembly|assemblies|rally|pep|testing|test\s+day|sbac|caaspp|staar|state\s+test|activity\s+(?:day|schedule)|rainy\s+day|first\s+day\s+of\s+school|last\s+day\s+of\s+school|graduation|conference|summer\s+school|extended\s+day|zero\s+period)\b/i,
  ],
];

/** The kinds a title or label names (several for a heading such as "Regular and Minimum Day Schedules"). */
export function kindsIn(text: string): ScheduleKind[] {
  const kinds: ScheduleKind[] = [];
  for (const [kind, pattern] of KIND_WORDS) if (pattern.test(text)) kinds.push(kind);
  if (/\b(?:regular|normal|standard|typical|traditional)\b/i.test(text)) kinds.unshift('regular');
  return kinds;
}

/**
 * The kind a title says, or null when it says none ("Bell Schedule") or names regular days and others
 * together, like a heading over all of them ("Regular and Minimum Day Schedules").
 */
export function kindOfTitle(text: string): ScheduleKind | null {
  const kinds = kindsIn(text);
  if (kinds.length === 0) return /\b(?:full[-\s]day|every\s+day)\b/i.test(text) ? 'regular' : null;
  if (kinds[0] === 'regular' && kinds.length > 1 && /\band\b|&|\//i.test(text)) return null;
  // "Late Start Shortened Day", "Early Release and Assembly": the first in precedence.
  return kinds.find((k) => k !== 'regular') ?? 'regular';
}

/** Words that make a short line a schedule title rather than a line of text. */
export const TITLE_WORDS =
  /\b(?:schedules?|bell|bells|day|days|hours|times|timetable|regular|minimum|early|late|delay|delayed|release|dismissal|grades?|kinder(?:garten)?|tk|elementary|primary|intermediate|middle|junior|senior|high|secondary|block|session|monday|tuesday|wednesday|thursday|friday|mondays|tuesdays|wednesdays|thursdays|fridays|mon|tue|tues|wed|thu|thur|thurs|fri|a\s+day|b\s+day|odd|even|finals?|assembly|rally|testing|shortened|half|banked|k-\d|\d(?:st|nd|rd|th))\b/i;

export type Role =
  /** The school day begins: "School Begins", "Instruction Begins", "Classes begin". */
  | 'start'
  /** The tardy or late bell: the start when nothing says school begins. */
  | 'tardy'
  /** A bell before the start: "Warning Bell", "First Bell". Never the start when a later one is. */
  | 'warning'
  /** Dismissal, the end of the day. */
  | 'end'
  | 'lunch'
  | 'recess'
  | 'passing'
  /** Before or after the school day, or not the students' day: gates, breakfast, office hours, after care. */
  | 'outside'
  /** Anything else with a time: a period, a block, homeroom, instruction. */
  | 'period';

const OUTSIDE =
  /\b(?:gates?|doors?|building\s+opens?|campus\s+opens?|playground|breakfast|arriv(?:e|al|als|ing)|supervis(?:ed|ion)|drop(?:ped)?[-\s]?off|walking\s+club|bus(?:es)?\s+(?:arrive|unload|depart|leave|run)|buses|teachers?|staff|office|faculty|in-?service|zero\s+(?:period|hour)|period\s+0\b|0\s+period|before[-\s]school|after[-\s]school|before\s+care|after\s*care|extended\s+(?:day|care)|day\s*care|child\s*care|care\s+program|tutoring|picked\s+up|pick[-\s]?up|no\s+later\s+than|late\s+bus|leave\s+(?:the\s+)?(?:building|campus|grounds)|exit\s+the\s+building|compulsory|duty|clubs?|enter\s+the\s+building|allowed\s+(?:to\s+enter|in)|admitted|no\s+earlier\s+than|(?:do|should|must)\s+not\s+(?:bring|drop|arrive|send|be\s+left))\b/i;
const END =
  /\b(?:dismiss(?:al|ed|es)?|release(?:d)?|ends?\s+at|out\s+at|let\s+out|school\s+(?:day\s+)?ends?|day\s+ends|end\s+of\s+(?:the\s+)?(?:school\s+)?day|classes\s+end|last\s+class\s+ends|school\s+is\s+(?:over|out)|home\s+time|last\s+bell|end\s+of\s+school|school\s+(?:lets\s+)?out|students\s+leave)\b/i;
const START =
  /\b(?:begins?|beginning|starts?|start\s+time|tardy|late\s+bell|opening\s+exercises|morning\s+message|class\s+bell|instructional\s+day|school\s+day)\b/i;
const TARDY = /\b(?:tardy|late\s+bell)\b/i;
const WARNING =
  /\b(?:warning|(?:first|1st)\s+(?:\w+\s+)?bell|entry\s+bell|entry\s+signal|get\s+ready|signal\s+sounds|minute\s+bell|period\s+bell|prep(?:aration)?\s+bell)\b/i;
const LUNCH = /\b(?:lunch(?:es)?|luncheon)\b/i;
const RECESS = /\b(?:recess|break|brunch|snack|nutrition|play\s*time)\b/i;
const PASSING = /\b(?:passing|transition)\b/i;

/** "Period 4", "4th Period", "Block 3", "3rd Hour": a class, whatever else the label says. */
const PERIOD_REFERENCE =
  /^(?:(?:period|block|hour|class|lesson)\s*[1-9]|[1-9]\d*(?:st|nd|rd|th)?\s+(?:period|block|hour))\b/i;

/** What a timed line is, from its words. */
export function roleOf(label: string): Role {
  const text = label.toLowerCase();
  if (PERIOD_REFERENCE.test(text) && !/\b(?:dismiss|tardy|begin|start)/.test(text)) return 'period';
  if (LUNCH.test(text)) return 'lunch';
  // A dismissal is the end even when supervised or by bus, but "Supervised entry" is not a start.
  if (END.test(text) && !/\bearly\s+release\s+days?\b/.test(text) && !/\brelease\s+time\s+for\s+teachers\b/.test(text))
    return /\bpick(?:ed)?[-\s]?up\b|\bno\s+later\b/.test(text) && !/\bdismiss/.test(text) ? 'outside' : 'end';
  if (RECESS.test(text) && !/\bbreakfast\b/.test(text)) return 'recess';
  if (WARNING.test(text) && !TARDY.test(text)) return 'warning';
  if (OUTSIDE.test(text)) return 'outside';
  if (PASSING.test(text)) return 'passing';
  if (TARDY.test(text)) return 'tardy';
  if (START.test(text)) return 'start';
  return 'period';
}

/**
 * Whether a single time is where a lunch or recess begins or ends, from the words beside the role word:
 * "Begin Lunch A", "Lunch is over bell", "first period ends/recess starts" (recess begins).
 */
export function boundaryOf(label: string): 'begin' | 'end' | null {
  const clauses = label.split(/[/;,()]|\band\b/i);
  const clause = clauses.find((c) => LUNCH.test(c) || RECESS.test(c)) ?? label;
  if (/\b(?:end|ends|ended|over|finish(?:es)?|until|till|til)\b/i.test(clause)) return 'end';
  if (/\b(?:begin|begins|start|starts)\b/i.test(clause)) return 'begin';
  return null;
}

/** A title over something that is not the students' school day: office hours, before and after care. */
export const OUTSIDE_TITLE =
  /\b(?:office|staff|teachers?|faculty|before[-\s]school|after[-\s]school|extended\s+(?:day|care)|child\s*care|day\s*care|care\s+program|bus(?:es)?|transportation|cafeteria\s+hours|breakfast\s+program|summer)\b/i;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

const FULL_WEEKDAY = /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri)(?:day)?s?\b/i;
const MONTH =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/i;

/**
 * The weekdays a title or label names ("Monday, Tuesday, Thursday, Friday", "Mon-Thurs", "(M, T, Th, F)",
 * "Wednesdays"), as indexes 0-4, or null. Dates ("Friday, November 7th") name no weekday schedule.
 */
export function weekdaysIn(text: string): number[] | null {
  if (MONTH.test(text)) return null;
  if (
    !FULL_WEEKDAY.test(text) &&
    !/\(\s*[mtwrf](?:h|u)?\s*(?:[,/&-]\s*[mtwrf](?:h|u)?\s*)+\)|\b[mtwrf](?:h)?\s*[-–]\s*[mtwrf](?:h)?\b/i.test(text)
  )
    return null;
  const lower = text.toLowerCase();
  // Ranges: "Monday - Thursday", "Mon-Thurs", "M-F", "Monday through Friday".
  const range =
    /\b(mon|tue|wed|thu|fri|m|t|w|th|r|f)[a-z]*\.?\s*(?:-|–|—|to|through|thru)\s*(mon|tue|wed|thu|fri|m|t|w|th|r|f)[a-z]*\b/.exec(
      lower,
    );
  const dayIndex = (token: string) => {
    const t = token.replace(/\./g, '');
    if (t.startsWith('mon') || t === 'm') return 0;
    if (t.startsWith('tue') || t === 't' || t === 'tu') return 1;
    if (t.startsWith('wed') || t === 'w') return 2;
    if (t.startsWith('thu') || t === 'th' || t === 'r') return 3;
    if (t.startsWith('fri') || t === 'f') return 4;
    return -1;
  };
  const days = new Set<number>();
  if (range) {
    const from = dayIndex(range[1]!);
    const to = dayIndex(range[2]!);
    if (from >= 0 && to >= from) for (let d = from; d <= to; d++) days.add(d);
  }
  const rest = range ? lower.replace(range[0], ' ') : lower;
  const full = /\b(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri)(?:day)?s?\b/g;
  for (const m of rest.matchAll(full)) days.add(dayIndex(m[1]!));
  // Abbreviations in parentheses: "(M, T, Th, F)", "(W)".
  for (const group of rest.matchAll(/\(([^)]*)\)/g)) {
    const tokens = group[1]!.split(/[\s,/&]+/).filter(Boolean);
    if (tokens.every((t) => /^(?:m|t|tu|w|th|r|f)$/.test(t)))
      for (const t of tokens) {
        const d = dayIndex(t);
        if (d >= 0) days.add(d);
      }
  }
  days.delete(-1);
  return days.size ? [...days].sort() : null;
}
