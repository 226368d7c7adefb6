/**
 * `POST /api/bell-schedules`: add a bell schedule, or update the one for that district, year and level
 * (addBellSchedule: the importer's validation, an upsert, the campaign claim completed). Needs the token;
 * the change is recorded in data_lineage under the token's name.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
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
import { type ApiContext, defineRoute } from '../route-spec.js';
import { sendJson } from '../respond.js';

/** Far more than any schedule (a few hundred bytes); more is refused before it is read. */
export const BODY_LIMIT_BYTES = 64 * 1024;

const text = (description: string, maxLength?: number) => ({
  type: ['string', 'null'],
  description,
  ...(maxLength ? { maxLength } : {}),
});
const list = (description: string) => ({ type: 'array', items: { type: 'string' }, description });

export const BELL_SCHEDULE_BODY: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['district_id', 'year', 'grade_level', 'instructional_minutes'],
  properties: {
    district_id: {
      type: 'string',
      pattern: '^\\d{6,7}$',
      description: 'NCES district id (6 or 7 digits)',
      example: '5560580',
    },
    year: { type: 'string', description: 'School year, not a COVID year (2019-20 to 2022-23)', example: '2025-26' },
    grade_level: { type: 'string', enum: [...SCHOOL_LEVELS] },
    instructional_minutes: {
      type: 'integer',
      minimum: MIN_INSTRUCTIONAL_MINUTES,
      maximum: MAX_INSTRUCTIONAL_MINUTES,
      description: 'Daily instructional minutes',
    },
    start_time: text('School start, e.g. "8:00 AM"', 20),
    end_time: text('School end, e.g. "3:00 PM"', 20),
    lunch_duration: { type: ['integer', 'null'], minimum: 0, description: 'Minutes' },
    passing_periods: { type: ['integer', 'null'], minimum: 0, description: 'Minutes' },
    method: {
      type: 'string',
      enum: [...new Set([...BELL_SCHEDULE_METHODS, ...METHOD_ALIAS_NAMES])],
      description: 'Default human_provided; aliases are mapped',
    },
    confidence: { type: 'string', enum: [...CONFIDENCE_LEVELS], description: 'Default medium' },
    schools_sampled: list('Schools whose timetables were read'),
    source_urls: list('Where the schedule was found'),
    source: text('Description of the source'),
    notes: text('Anything worth knowing'),
    created_by: text('Who collected it', 100),
  },
};

const FIELDS = new Set(Object.keys(BELL_SCHEDULE_BODY.properties as object));

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
        200: 'An existing schedule was updated',
        201: 'The schedule was added',
        400: 'The body is not valid JSON',
        401: 'Missing or wrong token (or no token configured: writes disabled)',
        413: 'The body is too large',
        415: 'The body is not JSON',
        422: 'Invalid schedule: a message per field',
      },
    },
    async (c) => {
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
      return sendJson(
        c,
        { item: added.schedule, inserted: added.inserted, completed_claim_id: added.completed_claim_id },
        added.inserted ? 201 : 200,
      );
    },
  );
}
