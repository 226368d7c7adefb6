/** Checks on the arguments people pass to the query utilities, with messages that say what to write instead. */
import { LctError } from '../errors.js';
import { normalizeDistrictId } from '../domain/ids.js';
import { COVID_YEARS, isCovidYear, normalizeSchoolYear } from '../domain/years.js';
import { ALL_SCOPES, isScope } from '../domain/scopes.js';
import { STATE_CODE_LIST, isStateCode } from '../domain/states.js';

/** A 6- or 7-digit NCES id (the leading zero is often lost) → the stored 7-digit form. */
export function requireDistrictId(raw: string | number): string {
  const id = normalizeDistrictId(raw);
  if (!id) throw new LctError(`"${raw}" is not an NCES district id (6 or 7 digits, e.g. 0100005 or 100005).`);
  return id;
}

export function requireSchoolYear(raw: string): string {
  const year = normalizeSchoolYear(String(raw));
  if (!year) throw new LctError(`"${raw}" is not a school year.`, 'Write it like 2024-25.');
  return year;
}

/** A school year whose bell schedules count (the campaign never collects COVID years). */
export function requireCampaignYear(raw: string): string {
  const year = requireSchoolYear(raw);
  if (isCovidYear(year)) {
    throw new LctError(
      `${year} is a COVID year (${COVID_YEARS[0]} to ${COVID_YEARS.at(-1)}): its bell schedules are not collected.`,
      'Pick a later year, e.g. --year 2025-26.',
    );
  }
  return year;
}

/** A state code NCES publishes districts for, any case → upper case; otherwise an error naming the valid ones. */
export function requireStateCode(raw: string): string {
  const state = String(raw).trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(state))
    throw new LctError(`"${raw}" is not a two-letter state code.`, `Use one of: ${STATE_CODE_LIST}.`);
  if (!isStateCode(state))
    throw new LctError(`"${raw}" is not a state code NCES publishes districts for.`, `Use one of: ${STATE_CODE_LIST}.`);
  return state;
}

export function requireScope(raw: string): string {
  if (!isScope(raw)) throw new LctError(`"${raw}" is not an LCT scope.`, `Use one of: ${ALL_SCOPES.join(', ')}.`);
  return raw;
}

export function requirePositiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new LctError(`${name} must be a positive whole number, got ${value}.`);
  return value;
}

export function requirePositiveNumber(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new LctError(`${name} must be a positive number, got ${value}.`);
  return value;
}
