/**
 * API errors: one JSON shape for every failure, `{ "error": { "status", "message", "fields"? } }`, with a
 * message per field for bad parameters (400) and bad bodies (422).
 */
import { z } from 'zod';

export type FieldMessages = Record<string, string>;

/** The body of every error answer (the OpenAPI component `Error`). */
export const errorBody = z.object({
  error: z
    .object({
      status: z.int().describe('The HTTP status, repeated'),
      message: z.string().describe('What went wrong and what to do, in a sentence or two'),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .describe('A message per bad parameter (400) or body field (422)'),
    })
    .describe('What went wrong'),
});

export type ErrorBody = z.output<typeof errorBody>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: FieldMessages,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return { error: { status: this.status, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

/** "per_page must be at most 1000; state is not a state code" from the field messages. */
export function describeFields(fields: FieldMessages): string {
  return Object.entries(fields)
    .map(([field, message]) => `${field} ${message}`)
    .join('; ');
}

export function badRequest(fields: FieldMessages, what = 'Bad query parameters'): ApiError {
  return new ApiError(400, `${what}: ${describeFields(fields)}.`, fields);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, message);
}
