/** School years are written `YYYY-YY` (2023-24); the numeric start is the first four digits. */
export const SCHOOL_YEAR_PATTERN = /^(\d{4})-(\d{2})$/;

/** Years whose bell schedules describe pandemic timetables, never used for minutes. */
export const COVID_YEARS: readonly string[] = ['2019-20', '2020-21', '2021-22', '2022-23'];

export function isSchoolYear(value: string): boolean {
  const m = SCHOOL_YEAR_PATTERN.exec(value);
  if (!m) return false;
  return (Number(m[1]) + 1) % 100 === Number(m[2]);
}

export function yearStart(year: string): number {
  return Number(year.slice(0, 4));
}

export function isCovidYear(year: string): boolean {
  return COVID_YEARS.includes(year);
}

/** `2324` in NCES file names ↔ `2023-24`. */
export function yearFromFileCode(code: string): string | null {
  const m = /^(\d{2})(\d{2})$/.exec(code);
  if (!m) return null;
  const start = 2000 + Number(m[1]);
  return `${start}-${m[2]}`;
}

export function fileCodeFromYear(year: string): string {
  return year.slice(2, 4) + year.slice(5, 7);
}

/** Accepts `2023-24`, `2023-2024` and `2023`; returns the canonical form or null. */
export function normalizeSchoolYear(raw: string): string | null {
  const text = raw.trim();
  if (isSchoolYear(text)) return text;
  const long = /^(\d{4})-(\d{4})$/.exec(text);
  if (long && Number(long[2]) === Number(long[1]) + 1) return `${long[1]}-${long[2]!.slice(2)}`;
  return null;
}

/** `2016-17..2023-24` (or one year) → every school year from the first to the last; null if malformed. */
export function schoolYearRange(text: string): string[] | null {
  const [fromRaw, toRaw, ...rest] = text.split('..');
  if (rest.length) return null;
  const from = normalizeSchoolYear(fromRaw ?? '');
  const to = toRaw === undefined ? from : normalizeSchoolYear(toRaw);
  if (!from || !to || yearStart(to) < yearStart(from)) return null;
  const years: string[] = [];
  for (let y = yearStart(from); y <= yearStart(to); y++) years.push(`${y}-${String((y + 1) % 100).padStart(2, '0')}`);
  return years;
}
