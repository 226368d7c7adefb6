/** Checking what `calculate` is asked to do, with errors that say what to type instead. */
import { LctError } from '../errors.js';
import { DEFAULT_MINUTES_POLICY, isMinutesPolicy, MINUTES_POLICIES, type MinutesPolicy } from '../domain/minutes.js';
import { ALL_SCOPES } from '../domain/scopes.js';
import { normalizeSchoolYear } from '../domain/years.js';
import type { ProgressSink } from '../progress.js';

export interface CalculateOptions {
  /** School year, e.g. 2023-24. */
  year: string;
  /** Recalculate only the districts whose inputs changed since the year's last completed run. */
  incremental?: boolean;
  /** Scopes to calculate (default: all ten; the SPED scopes only produce rows where estimates exist). */
  scopes?: readonly string[];
  minutesPolicy?: MinutesPolicy;
  /** Output folder (default ./outputs/<year>/<run_id>/); false writes no files. */
  outDir?: string | false;
  progress?: ProgressSink;
  /**
   * false leaves the result views (RESULT_VIEWS) to the caller: several years calculated together refresh them
   * once at the end instead of once per year, each refresh reading every year's results.
   */
  refreshViews?: boolean;
}

export interface ResolvedOptions {
  year: string;
  runType: 'full' | 'incremental';
  scopes: string[];
  minutesPolicy: MinutesPolicy;
}

export function resolveOptions(options: CalculateOptions): ResolvedOptions {
  const year = normalizeSchoolYear(String(options.year ?? ''));
  if (!year)
    throw new LctError(
      `"${options.year}" is not a school year.`,
      'Write it like 2023-24: lct calculate --year 2023-24',
    );
  const requested =
    options.scopes && options.scopes.length > 0 ? options.scopes.map((s) => s.trim()).filter(Boolean) : ALL_SCOPES;
  const unknown = requested.filter((s) => !ALL_SCOPES.includes(s));
  if (unknown.length > 0) {
    throw new LctError(`Unknown scope(s): ${unknown.join(', ')}.`, `Scopes are: ${ALL_SCOPES.join(', ')}`);
  }
  const policy = options.minutesPolicy ?? DEFAULT_MINUTES_POLICY;
  if (!isMinutesPolicy(policy)) {
    throw new LctError(`Unknown minutes policy "${policy}".`, `Use --minutes-policy ${MINUTES_POLICIES.join(' or ')}.`);
  }
  // Stored in the order of the domain, so equal requests compare equal.
  const scopes = ALL_SCOPES.filter((s) => requested.includes(s));
  return { year, runType: options.incremental ? 'incremental' : 'full', scopes, minutesPolicy: policy };
}
