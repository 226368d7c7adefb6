/**
 * Instructional minutes: for each school level the district's bell schedule (the non-COVID year nearest the
 * calculated one, at most BELL_SCHEDULE_YEAR_WINDOW years away), else
 * the state's statutory requirement, else the default. K-12 scopes weight the three levels by their
 * enrollment; the `high` policy reproduces the older rule (the high-school value for every scope).
 */
import { SCHOOL_LEVELS, type SchoolLevel } from './bell-schedules.js';
import { gradesInBand } from './grades.js';
import type { MinutesLevel } from './scopes.js';

/** Minutes used when neither a bell schedule nor a state requirement exists. */
export const DEFAULT_MINUTES = 360;

/**
 * A bell schedule serves the school years at most this many years from its own: a 2024-25 schedule serves
 * 2021-22 to 2027-28. The nearest such non-COVID year wins, the later one when two are as near.
 */
export const BELL_SCHEDULE_YEAR_WINDOW = 3;

/** The rule choosing a level's bell schedule, as every run records it in its options. */
export const BELL_SCHEDULE_YEAR_RULE = `nearest non-COVID year within ${BELL_SCHEDULE_YEAR_WINDOW} years, later on a tie`;

/** Where a level's minutes came from, in order of precedence. */
export const MINUTES_SOURCES = ['bell_schedule', 'state_requirement', 'default'] as const;
export type MinutesSource = (typeof MINUTES_SOURCES)[number];
/** A weighted value whose levels came from different sources (the notes say which level came from where). */
export const MIXED_MINUTES_SOURCE = 'mixed';

export const MINUTES_POLICIES = ['weighted', 'high'] as const;
export type MinutesPolicy = (typeof MINUTES_POLICIES)[number];
export const DEFAULT_MINUTES_POLICY: MinutesPolicy = 'weighted';

/** The level whose minutes the `high` policy uses for every scope. */
export const HIGH_POLICY_LEVEL: SchoolLevel = 'high';

/** The grades whose enrollment weights each level's minutes (K-5, 6-8, 9-12; ungraded students weigh nothing). */
export const LEVEL_GRADES: Readonly<Record<SchoolLevel, readonly string[]>> = {
  elementary: gradesInBand('elementary'),
  middle: gradesInBand('middle'),
  high: gradesInBand('high'),
};

/**
 * The levels each scope's minutes average, weighted by level enrollment. When none of them has any
 * enrollment (a district reporting only ungraded students) the levels count equally.
 */
export const MINUTES_LEVEL_LEVELS: Readonly<Record<MinutesLevel, readonly SchoolLevel[]>> = {
  k12_weighted: SCHOOL_LEVELS,
  elementary: ['elementary'],
  secondary_weighted: ['middle', 'high'],
};

/** The `state_requirements` column holding a level's minutes. */
export function stateRequirementColumn(level: SchoolLevel): string {
  return `${level}_minutes`;
}

export function isMinutesPolicy(value: string): value is MinutesPolicy {
  return (MINUTES_POLICIES as readonly string[]).includes(value);
}
