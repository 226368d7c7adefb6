/**
 * `POST /api/bell-schedules`: add a bell schedule, or update the one for that district, year and level
 * (addBellSchedule: the importer's validation, an upsert, the campaign claim completed). Needs the token;
 * the change is recorded in data_lineage under the token's name.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { rowSchema } from '../../db/schema.js';
import { addBellSchedule } from '../../queries/add-bell-schedule.js';
import {
  BELL_SCHEDULE_METHODS,
  type BellScheduleInput,
  CONFIDENCE_LEVELS,
  MAX_INSTRUCTIONAL_MINUTES,
  METHOD_ALIAS_NAMES,
  MIN_INSTRUCTIONAL_MINUTES,
  SCHOOL_LEVELS,
  validateBellSchedule,
} from '../../domain/bell-schedules.js';
import { ApiError, describeFields, type FieldMessages } from '../errors.js';
import { type ApiContext, defineRoute, failure, json } from '../route-spec.js';
import { BellSchedule } from '../schemas.js';

/** Far more than any schedule (a few hundred bytes); more is refused before it is read. */
export const BODY_LIMIT_BYTES = 64 * 1024;

const row = rowSchema('bell_schedules').shape;
/** An optional field of the body, described like its column. */
const optional = <T extends z.ZodType>(schema: T, column: z.ZodType) =>
  schema.optional().describe(column.description ?? '');

/**
 * The request body, for the document: the columns of bell_schedules a person gives. The checks themselves
 * are the importer's (validateBellSchedule), so that the API, the CLI and the files refuse the same things.
 */
export const BELL_SCHEDULE_BODY = z.strictObject({
  district_id: z
    .string()
    .regex(/^\d{6,7}$/)
    .describe('NCES district id, 6 or 7 digits (the leading zero may be left out)')
    .meta({ example: '5560580' }),
  year: z.string().describe('School year, YYYY-YY; not a COVID year (2019-20 to 2022-23)').meta({ example: '2025-26' }),
  grade_level: z.enum(SCHOOL_LEVELS).describe(row.grade_level.description ?? ''),
  instructional_minutes: z
    .int()
    .min(MIN_INSTRUCTIONAL_MINUTES)
    .max(MAX_INSTRUCTIONAL_MINUTES)
    .describe('Daily instructional minutes'),
  start_time: optional(z.string().max(20).nullable(), row.start_time),
  end_time: optional(z.string().max(20).nullable(), row.end_time),
  lunch_duration: optional(z.int().min(0).nullable(), row.lunch_duration),
  passing_periods: optional(z.int().min(0).nullable(), row.passing_periods),
  method: z
    .enum([...new Set([...BELL_SCHEDULE_METHODS, ...METHOD_ALIAS_NAMES])])
    .optional()
    .describe('How it was collected; default human_provided; older names (web_scraping, manual, …) are mapped'),
  confidence: z.enum(CONFIDENCE_LEVELS).optional().describe('Confidence in the minutes; default medium'),
  schools_sampled: optional(z.array(z.string()), row.schools_sampled),
  source_urls: optional(z.array(z.string()), row.source_urls),
  source: optional(z.string().nullable(), row.source),
  notes: optional(z.string().nullable(), row.notes),
  created_by: optional(z.string().max(100).nullable(), row.created_by),
});

const FIELDS = new Set(Object.keys(BELL_SCHEDULE_BODY.shape));

const ADDED = z.object({
  item: BellSchedule,
  inserted: z.boolean().describe('true: a new schedule; false: the one for that district, year and level was updated'),
  completed_claim_id: z.int().nullable().describe('The campaign claim this schedule completed, if any'),
});

function unprocessable(fields: FieldMessages): ApiError {
  return new ApiError(422, `Bell schedule refused: ${describeFields(fields)}. Nothing was written.`, fields);
}

/** The JSON object of the request: 415 for another content type, 400 for malformed JSON, 422 for a non-object. */
async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new ApiError(
      415,
      `Send the body as JSON with Content-Type: application/json${type ? ` (got ${type})` : ''}.`,
    );
  }
  const raw = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    throw new ApiError(400, `The body is not valid JSON: ${(error as Error).message}.`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw unprocessable({ body: 'must be a JSON object with the schedule fields' });
  return body as Record<string, unknown>;
}

export function bellScheduleRoutes(app: Hono, ctx: ApiContext): void {
  app.post(
    '/api/bell-schedules',
    // The token first: nobody without it gets a body read.
    async (c, next) => {
      ctx.tokens.require(c);
      await next();
    },
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: () => {
        throw new ApiError(413, `The body is larger than ${BODY_LIMIT_BYTES / 1024} KiB.`);
      },
    }),
  );
  defineRoute(
    app,
    ctx,
    {
      method: 'post',
      path: '/api/bell-schedules',
      tag: 'bell schedules',
      summary: 'Add or update a bell schedule',
      description: `Validated like the importer; upserted on district, year and level (fields left out of an update keep their values); completes an open campaign claim on the district. Body at most ${BODY_LIMIT_BYTES / 1024} KiB. \`{ item, inserted, completed_claim_id }\`.`,
      body: BELL_SCHEDULE_BODY,
      auth: true,
      responses: {
        200: json('An existing schedule was updated', ADDED),
        201: json('The schedule was added', ADDED),
        400: failure('The body is not valid JSON, or a bad parameter'),
        401: failure('Missing or wrong token (or no token configured: writes disabled)'),
        413: failure('The body is too large'),
        415: failure('The body is not JSON'),
        422: failure('Invalid schedule: a message per field; nothing was written'),
      },
    },
    async (c, _input, send) => {
      const source = ctx.tokens.require(c);
      const body = await readJsonObject(c);
      const unknown = Object.keys(body).filter((key) => !FIELDS.has(key));
      if (unknown.length)
        throw unprocessable(
          Object.fromEntries(
            unknown.map((key) => [key, `is not a bell-schedule field (fields: ${[...FIELDS].join(', ')})`]),
          ),
        );
      const input = body as BellScheduleInput;
      const checked = validateBellSchedule(input, { method: 'human_provided' });
      if (!checked.ok) throw unprocessable(Object.fromEntries(checked.errors.map((e) => [e.field, e.message])));
      const added = await ctx.db.transaction(
        async (tx) => {
          const known = await tx.query('SELECT 1 FROM districts WHERE nces_id = $1', [checked.value.district_id]);
          if (known.rowCount === 0)
            throw unprocessable({ district_id: `${checked.value.district_id} is not in the districts table` });
          return addBellSchedule(tx, input);
        },
        { source, retries: 3 },
      );
      return send(added.inserted ? 201 : 200, {
        item: added.schedule,
        inserted: added.inserted,
        completed_claim_id: added.completed_claim_id,
      });
    },
  );
}
