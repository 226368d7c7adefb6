/**
 * The arguments the tools take, as zod schemas (their JSON Schema is what the assistant sees), checked by
 * the same rules as everywhere else (src/queries/arguments.ts, src/domain), with messages that say what
 * to write instead: a refused argument comes back as a tool error the assistant can fix its call from.
 */
import { z } from 'zod';
import { LctError } from '../errors.js';
import { ALL_SCOPES } from '../domain/scopes.js';
import { requireCampaignYear, requireDistrictId, requireSchoolYear, requireStateCode } from '../queries/arguments.js';

/** A string checked and normalised by one of the library's own checks; its LctError becomes the message. */
function checkedText<T>(description: string, check: (raw: string) => T, example: string) {
  return z
    .string({ error: 'must be a string' })
    .transform((raw, ctx) => {
      try {
        return check(raw);
      } catch (error) {
        if (!(error instanceof LctError)) throw error;
        ctx.addIssue({ code: 'custom', message: [error.message, error.hint].filter(Boolean).join(' ') });
        return z.NEVER;
      }
    })
    .meta({ description, examples: [example] });
}

export const schoolYear = (description: string) => checkedText(description, requireSchoolYear, '2023-24');

/** A year whose bell schedules are collected (never a COVID year). */
export const campaignYear = (description: string) => checkedText(description, requireCampaignYear, '2025-26');

export const stateCode = (description = 'Two-letter state code (WI, OH, PR, …), any case') =>
  checkedText(description, requireStateCode, 'WI');

export const districtId = (description = 'NCES district id, 6 or 7 digits (the leading zero may be left out)') =>
  checkedText(description, requireDistrictId, '5560580');

export const scope = (description: string) =>
  z
    .enum(ALL_SCOPES as [string, ...string[]], {
      error: (issue) => `${JSON.stringify(issue.input)} is not an LCT scope. Use one of: ${ALL_SCOPES.join(', ')}.`,
    })
    .meta({ description });

export const runId = (description: string) =>
  z
    .string({ error: 'must be a string' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,49}$/, {
      error: 'must be a calculation run id like 20251228T012555.123Z (list_runs gives them)',
    })
    .meta({ description, examples: ['20251228T012555.123Z'] });

export const wholeNumber = (description: string, min: number, max: number) =>
  z
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .meta({ description });
