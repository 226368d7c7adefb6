/**
 * Query parameters, validated with zod: each route declares one strict object schema (which the OpenAPI
 * document is generated from), and a bad value gets a 400 naming the parameter and what it must be.
 * Empty values (`?state=`) count as absent; a parameter given twice or one the route does not know is refused.
 */
import { z } from 'zod';
import type { Context } from 'hono';
import { ALL_SCOPES } from '../domain/scopes.js';
import { STATE_CODE_LIST, isStateCode } from '../domain/states.js';
import { normalizeSchoolYear } from '../domain/years.js';
import { normalizeDistrictId } from '../domain/ids.js';
import { badRequest, type FieldMessages } from './errors.js';

export const MAX_PER_PAGE = 1000;
export const DEFAULT_PER_PAGE = 50;
/** Deep pages cost an OFFSET scan; nobody pages a million pages into 17,800 districts. */
const MAX_PAGE = 1_000_000;
/** Control characters (NUL breaks PostgreSQL text) are never part of a real search or name. */
const CONTROL = /\p{Cc}/u;

export function wholeNumber(
  description: string,
  options: { min: number; max: number; default: number },
): z.ZodDefault<z.ZodCoercedNumber>;
export function wholeNumber(
  description: string,
  options: { min: number; max: number },
): z.ZodOptional<z.ZodCoercedNumber>;
export function wholeNumber(description: string, options: { min: number; max: number; default?: number }) {
  const schema = z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(options.min, { error: `must be at least ${options.min}` })
    .max(options.max, { error: `must be at most ${options.max}` });
  return (options.default === undefined ? schema.optional() : schema.default(options.default)).meta({ description });
}

export const schoolYear = z
  .string()
  .regex(/^\d{4}-\d{2}(\d{2})?$/, { error: 'must be a school year like 2023-24' })
  .transform((value, ctx) => {
    const year = normalizeSchoolYear(value);
    if (!year) {
      ctx.addIssue({ code: 'custom', message: `must be a school year like 2023-24 ("${value}" is not one)` });
      return z.NEVER;
    }
    return year;
  })
  .optional();

export const yearParam = (description: string) => schoolYear.meta({ description, example: '2023-24' });

export const stateParam = (description = 'Two-letter state code (AL, WI, PR, …), any case') =>
  z
    .string()
    .regex(/^[A-Za-z]{2}$/, { error: `must be a two-letter state code, one of: ${STATE_CODE_LIST}` })
    .transform((value) => value.toUpperCase())
    .refine(isStateCode, { error: `is not a state code NCES publishes districts for; use one of: ${STATE_CODE_LIST}` })
    .optional()
    .meta({ description, example: 'WI' });

export const scopeParam = (description: string) =>
  z
    .enum(ALL_SCOPES as [string, ...string[]], { error: `must be one of ${ALL_SCOPES.join(', ')}` })
    .optional()
    .meta({ description });

export const booleanParam = (description: string) =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((value) => value === 'true')
    .optional()
    .meta({ description });

export const searchText = (description: string) =>
  z
    .string()
    .max(200, { error: 'must be at most 200 characters' })
    .refine((value) => !CONTROL.test(value), { error: 'must not contain control characters' })
    .transform((value) => value.trim())
    .optional()
    .meta({ description });

export const pageParams = {
  page: wholeNumber('Page number, from 1', { min: 1, max: MAX_PAGE, default: 1 }),
  per_page: wholeNumber(`Items per page (at most ${MAX_PER_PAGE})`, {
    min: 1,
    max: MAX_PER_PAGE,
    default: DEFAULT_PER_PAGE,
  }),
};

/** A district id in a path: 6 or 7 digits (the leading zero is often lost) → the stored 7-digit form. */
export const districtIdParam = z
  .string()
  .regex(/^\d{6,7}$/, { error: 'must be an NCES district id of 6 or 7 digits, e.g. 0100005 or 100005' })
  .transform((value) => normalizeDistrictId(value)!)
  .meta({ description: 'NCES district id, 6 or 7 digits', example: '5560580' });

/** Run ids are UTC timestamps (20251228T012555.123Z) or names given by tests and scripts. */
export const runIdParam = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,49}$/, { error: 'must be a run id like 20251228T012555.123Z' })
  .meta({ description: 'Calculation run id (its UTC start time)', example: '20251228T012555.123Z' });

export type QuerySchema = z.ZodObject<Record<string, z.ZodType>>;

/** Messages per field from zod issues; the first issue of a field wins. */
export function fieldMessages(issues: readonly z.core.$ZodIssue[], fallbackField = 'body'): FieldMessages {
  const fields: FieldMessages = {};
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key] ??= 'is not a parameter of this route';
      continue;
    }
    const field = issue.path.length ? issue.path.map(String).join('.') : fallbackField;
    fields[field] ??= issue.message;
  }
  return fields;
}

/** Parses the request's query string with `schema`: 400 with a message per bad parameter. */
export function parseQuery<S extends QuerySchema>(c: Context, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  const fields: FieldMessages = {};
  const known = Object.keys(schema.shape);
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (!known.includes(key)) {
      fields[key] = known.length
        ? `is not a parameter of this route (parameters: ${known.join(', ')})`
        : 'is not a parameter of this route (it takes none)';
      continue;
    }
    if (values.length > 1) fields[key] = 'is given more than once';
    const value = values[0] ?? '';
    if (value !== '') raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) Object.assign(fields, fieldMessages(parsed.error.issues), { ...fields });
  if (Object.keys(fields).length) throw badRequest(fields);
  return parsed.data as z.output<S>;
}

/** Parses one path parameter: 400 naming it when malformed. */
export function parsePathParam<T>(c: Context, name: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(c.req.param(name));
  if (!parsed.success)
    throw badRequest({ [name]: parsed.error.issues[0]?.message ?? 'is malformed' }, 'Bad path parameter');
  return parsed.data;
}
