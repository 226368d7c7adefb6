/**
 * Every route is declared once, with zod schemas for its parameters, its body and every response it gives:
 * the same declaration registers the handler, validates the request, types the handler's answers, and
 * writes the route into the OpenAPI document (openapi.ts), so the document cannot drift from the code.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { errorBody } from './errors.js';
import { parsePathParam, parseQuery, type QuerySchema } from './params.js';
import { sendJson } from './respond.js';
import type { TokenCheck } from './auth.js';

export type MediaType = 'application/json' | 'text/csv' | 'text/html';

export interface ResponseSpec {
  description: string;
  /** The body's schema per media type. */
  content: Partial<Record<MediaType, z.ZodType>>;
}

/** Status → response. 400, 500 and 503 are added to every route (COMMON_RESPONSES). */
export type Responses = Record<number, ResponseSpec>;

export type PathParams = Record<string, z.ZodType>;

export interface RouteSpec<
  Q extends QuerySchema = QuerySchema,
  P extends PathParams = PathParams,
  R extends Responses = Responses,
> {
  method: 'get' | 'post';
  /** Hono syntax: `/api/districts/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** The query parameters (a strict object: any other parameter is a 400). None: the route takes none. */
  query?: Q;
  pathParams?: P;
  /** The JSON body (POST). */
  body?: z.ZodType;
  responses: R;
  /** Needs `Authorization: Bearer <LCT_API_TOKEN>`. */
  auth?: boolean;
}

export const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': schema },
});

export const failure = (description: string) => json(description, errorBody);

/** What any route may answer besides its own responses. */
export const COMMON_RESPONSES: Responses = {
  400: failure('A bad or unknown parameter: a message per parameter'),
  500: failure('An unexpected error; the server log has the details'),
  503: failure('The database is not available or too busy right now; try again (Retry-After)'),
};

export interface ApiContext {
  db: Database;
  tokens: TokenCheck;
  /** The routes registered so far, for the OpenAPI document. */
  routes: RouteSpec[];
}

type JsonStatus<R extends Responses> = {
  [S in keyof R]: R[S] extends { content: { 'application/json': z.ZodType } } ? S : never;
}[keyof R] &
  number;

type JsonBody<R extends Responses, S extends keyof R> = R[S] extends {
  content: { 'application/json': infer T extends z.ZodType };
}
  ? z.output<T>
  : never;

/** Sends a JSON answer the route declares, typed by its schema. */
export type Send<R extends Responses> = <S extends JsonStatus<R>>(
  status: S,
  body: JsonBody<R, S>,
  headers?: Record<string, string>,
) => Response;

export interface RouteInput<Q extends QuerySchema, P extends PathParams> {
  query: z.output<Q>;
  params: { [K in keyof P]: z.output<P[K]> };
}

const NO_PARAMETERS = z.strictObject({});

export function defineRoute<Q extends QuerySchema, P extends PathParams, R extends Responses>(
  app: Hono,
  ctx: ApiContext,
  spec: RouteSpec<Q, P, R>,
  handler: (c: Context, input: RouteInput<Q, P>, send: Send<R>) => Response | Promise<Response>,
): void {
  ctx.routes.push({ ...spec, responses: { ...COMMON_RESPONSES, ...spec.responses } } as RouteSpec);
  app.on(spec.method.toUpperCase(), spec.path, (c) => {
    const query = parseQuery(c, spec.query ?? NO_PARAMETERS) as z.output<Q>;
    const params = Object.fromEntries(
      Object.entries(spec.pathParams ?? {}).map(([name, schema]) => [name, parsePathParam(c, name, schema)]),
    ) as RouteInput<Q, P>['params'];
    const send: Send<R> = (status, body, headers) =>
      sendJson(c, body, status as unknown as ContentfulStatusCode, headers);
    return handler(c, { query, params }, send);
  });
}
