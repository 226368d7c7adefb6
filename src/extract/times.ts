/**
 * Reading clock times the way school pages write them: "8:30", "7:55a", "3 p.m.", "12 noon", "15:10", and
 * ranges such as "8:30 - 3:15" or "11:40-12:25 p.m.". Times are minutes after midnight.
 *
 * The school-day rule: a time written without a.m./p.m. is read inside the school day, so 6:00-11:59 is
 * morning, 12:00-12:59 is noon, and 1:00-5:59 is afternoon (8:30 - 3:15 is 8:30 a.m. to 3:15 p.m.).
 * Hours 13-23 and 0 are read as a 24-hour clock. A written a.m./p.m. is kept, unless it puts the time in the
 * middle of the night (a typo such as "11:15 PM" for a lunch, or "12:01 a.m." for just after noon): such
 * times are read the other way round and reported as corrected.
 */

export interface TimeMention {
  /** Minutes after midnight. */
  start: number;
  /** The end of a range, or null for a single time. */
  end: number | null;
  /** Where the mention is in the text. */
  index: number;
  length: number;
  /** What was reinterpreted, for the notes ("11:15 PM read as 11:15 AM"). */
  corrections: string[];
}

type Meridiem = 'am' | 'pm' | 'noon' | null;

interface RawTime {
  hour: number;
  minute: number;
  meridiem: Meridiem;
  index: number;
  length: number;
  text: string;
}

/** Earliest and latest plausible times of a school's own day (breakfast to after care). */
const DAY_FIRST = 5 * 60;
const DAY_LAST = 19 * 60;

// H:MM or H.MM (the dotted form only with a meridiem), or H with a meridiem, or noon. Single-letter
// meridiems must be attached ("7:55a"); a.m./p.m. may have spaces and dots.
const TIME_PATTERN =
  /(?<![\d:/.$])(?:(\d{1,2})(?:([:.])(\d{2}))?(?:\s*(?:(a\.?\s?m\b\.?|p\.?\s?m\b\.?)|(noon\b))|(?<=\d)([ap])(?![a-z]))?|\b(noon|midday)\b)(?![\d:])/gi;

const RANGE_SEPARATOR = /^\s*(?:-|–|—|‒|−|~|to|until|till|til|thru|through)\s*$/i;
const BETWEEN_SEPARATOR = /^\s*and\s*$/i;
/** "Lunch 12:00 PM 12:45 PM 45 min": two times side by side, as table rows read when copied as text. */
const SIDE_BY_SIDE = /^[\s|]+$/;

function readMeridiem(ampm: string | undefined, noon: string | undefined, letter: string | undefined): Meridiem {
  if (noon) return 'noon';
  const m = (ampm ?? letter ?? '').toLowerCase().replace(/[^ap]/g, '');
  if (m === 'a') return 'am';
  if (m === 'p') return 'pm';
  return null;
}

function scanTimes(text: string): RawTime[] {
  const found: RawTime[] = [];
  if (!/\d|noon|midday/i.test(text)) return found;
  for (const match of text.matchAll(TIME_PATTERN)) {
    const [whole, hourText, separator, minuteText, ampm, noonWord, letter, bareNoon] = match;
    const index = match.index;
    if (bareNoon) {
      found.push({ hour: 12, minute: 0, meridiem: 'noon', index, length: whole.length, text: whole });
      continue;
    }
    const meridiem = readMeridiem(ampm, noonWord, letter);
    const hour = Number(hourText);
    const minute = minuteText === undefined ? 0 : Number(minuteText);
    // A bare number is only a time with a meridiem ("3 p.m."); "8.30" only with one too.
    if (minuteText === undefined && meridiem === null) continue;
    if (separator === '.' && meridiem === null) continue;
    if (minute > 59 || hour > 23) continue;
    if (meridiem === 'noon' && hour !== 12) continue;
    if (meridiem !== null && meridiem !== 'noon' && (hour === 0 || hour > 12)) continue;
    found.push({ hour, minute, meridiem, index, length: whole.trimEnd().length, text: whole.trim() });
  }
  return found;
}

/** Minutes after midnight by the school-day rule when no meridiem was written. */
function schoolDayMinutes(hour: number, minute: number): number {
  if (hour === 0 || hour >= 13) return hour * 60 + minute;
  if (hour >= 1 && hour <= 5) return (hour + 12) * 60 + minute;
  return hour * 60 + minute; // 6-11 morning, 12 noon
}

function withMeridiem(hour: number, minute: number, meridiem: 'am' | 'pm'): number {
  if (meridiem === 'am') return (hour === 12 ? 0 : hour) * 60 + minute;
  return (hour === 12 ? 12 : hour + 12) * 60 + minute;
}

/** The time as written, with a night-time a.m./p.m. read the other way round. */
function resolve(raw: RawTime, corrections: string[]): number {
  if (raw.meridiem === null) return schoolDayMinutes(raw.hour, raw.minute);
  if (raw.meridiem === 'noon') return 12 * 60 + raw.minute;
  const written = withMeridiem(raw.hour, raw.minute, raw.meridiem);
  if (written >= DAY_FIRST && written < DAY_LAST) return written;
  const flipped = withMeridiem(raw.hour, raw.minute, raw.meridiem === 'am' ? 'pm' : 'am');
  if (flipped >= DAY_FIRST && flipped < DAY_LAST) {
    corrections.push(`"${raw.text}" read as ${formatClock(flipped)}`);
    return flipped;
  }
  return written;
}

/** The start of a range whose end has a meridiem and whose start has none ("11:40-12:25 p.m."). */
function resolveRangeStart(start: RawTime, end: number, endRaw: RawTime, corrections: string[]): number {
  if (start.meridiem !== null || endRaw.meridiem === null || endRaw.meridiem === 'noon')
    return resolve(start, corrections);
  const same = withMeridiem(start.hour, start.minute, endRaw.meridiem);
  if (same <= end && same >= DAY_FIRST && end - same <= 14 * 60) return same;
  return schoolDayMinutes(start.hour, start.minute);
}

// The extractor asks about the same line several times (is it a title? a header? what are its items?).
const memo = new Map<string, readonly TimeMention[]>();

/** Every time and time range in a text, in order (the same array for the same text: do not change it). */
export function findTimes(text: string): readonly TimeMention[] {
  const known = memo.get(text);
  if (known) return known;
  if (memo.size > 20_000) memo.clear();
  const mentions = scanMentions(text);
  memo.set(text, mentions);
  return mentions;
}

function scanMentions(text: string): TimeMention[] {
  const raws = scanTimes(text);
  const mentions: TimeMention[] = [];
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i]!;
    const next = raws[i + 1];
    const corrections: string[] = [];
    if (next) {
      const between = text.slice(raw.index + raw.length, next.index);
      const before = text.slice(Math.max(0, raw.index - 12), raw.index);
      let isRange = RANGE_SEPARATOR.test(between) || (BETWEEN_SEPARATOR.test(between) && /between\s*$/i.test(before));
      if (!isRange && SIDE_BY_SIDE.test(between)) {
        const a = resolve(raw, []);
        const b = resolve(next, []);
        isRange = b > a && b - a <= 12 * 60;
      }
      if (isRange) {
        let end = resolve(next, corrections);
        let start = resolveRangeStart(raw, end, next, corrections);
        // "11:14 - 12:01 a.m." and the like: an end before the start was misread; the school-day rule decides.
        if (end < start && next.meridiem !== null) {
          const plain = schoolDayMinutes(next.hour, next.minute);
          if (plain >= start) {
            corrections.push(`"${next.text}" read as ${formatClock(plain)}`);
            end = plain;
          }
        }
        if (end < start && raw.meridiem === null) start = schoolDayMinutes(raw.hour, raw.minute);
        mentions.push({
          start,
          end,
          index: raw.index,
          length: next.index + next.length - raw.index,
          corrections,
        });
        i++;
        continue;
      }
    }
    mentions.push({ start: resolve(raw, corrections), end: null, index: raw.index, length: raw.length, corrections });
  }
  return mentions;
}

/** "8:00 AM", "12:15 PM": the format of `bell_schedules.start_time` and `end_time`. */
export function formatClock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  const hour = Math.floor(m / 60);
  const minute = m % 60;
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return `${twelve}:${String(minute).padStart(2, '0')} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** A stated length: "45 min", "(30 minutes)", "1 hr 5 min", "96". */
export function readDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  const hm = /^\(?\s*(\d+)\s*(?:h|hr|hrs|hour|hours)\.?\s*(?:(\d+)\s*(?:m|min|mins|minutes)\.?)?\s*\)?$/.exec(t);
  if (hm) return Number(hm[1]) * 60 + Number(hm[2] ?? 0);
  const m = /^\(?\s*(\d{1,3})\s*(?:m|min|mins|minutes|minute)?\.?\s*\)?$/.exec(t);
  return m ? Number(m[1]) : null;
}
