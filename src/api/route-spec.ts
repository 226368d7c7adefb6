/**
 * Every route is declared once, with its parameters as zod schemas: the same declaration registers the
 * handler, validates the request, and writes the route into the OpenAPI document.
 */
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { Database } from '../db/database.js';
import type { QuerySchema } from './params.js';
import type { TokenCheck } from './auth.js';

export interface RouteSpec {
  method: 'get' | 'post';
  /** Hono syntax: `/api/districts/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  query?: QuerySchema;
  pathParams?: Record<string, z.ZodType>;
  /** JSON schema of the request body (POST). */
  body?: Record<string, unknown>;
  /** Status → description. */
  responses: Record<number, string>;
  /** Needs `Authorization: Bearer <LCT_API_TOKEN>`. */
  auth?: boolean;
  /** Answers text/csv too (`format=csv`). */
  csv?: boolean;
  /** Not an API route (HTML or the document itself): listed, but with no JSON body. */
  produces?: string;
}

export interface ApiContext {
  db: Database;
  tokens: TokenCheck;
  /** The routes registered so far, for the OpenAPI document. */
  routes: RouteSpec[];
}

export type Handler = (c: Context) => Response | Promise<Response>;

export function defineRoute(app: Hono, ctx: ApiContext, spec: RouteSpec, handler: Handler): void {
  ctx.routes.push(spec);
  app.on(spec.method.toUpperCase(), spec.path, handler);
}
