/**
 * The OpenAPI 3.1 document, generated from the route declarations (route-spec.ts): every route, every
 * query and path parameter with its JSON schema (from the same zod schemas that validate requests).
 */
import { z } from 'zod';
import type { RouteSpec } from './route-spec.js';
import { LCT_VERSION } from './version.js';

type Json = Record<string, unknown>;

/** `/api/districts/:id` → `/api/districts/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function parameterSchema(schema: z.ZodType): {
  schema: Json;
  description?: string;
  example?: unknown;
  required: boolean;
} {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const { $schema: _schema, description, example, ...rest } = json;
  return {
    schema: rest,
    description: description as string | undefined,
    example,
    required: !schema.safeParse(undefined).success,
  };
}

const ERROR_SCHEMA: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['status', 'message'],
      properties: {
        status: { type: 'integer' },
        message: { type: 'string' },
        fields: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'A message per bad parameter or field',
        },
      },
    },
  },
};

function operation(route: RouteSpec): Json {
  const parameters: Json[] = [];
  for (const [name, schema] of Object.entries(route.pathParams ?? {})) {
    const p = parameterSchema(schema);
    parameters.push({
      name,
      in: 'path',
      required: true,
      description: p.description,
      schema: p.schema,
      ...(p.example ? { example: p.example } : {}),
    });
  }
  for (const [name, schema] of Object.entries(route.query?.shape ?? {})) {
    const p = parameterSchema(schema);
    parameters.push({
      name,
      in: 'query',
      required: p.required,
      description: p.description,
      schema: p.schema,
      ...(p.example ? { example: p.example } : {}),
    });
  }
  const responses: Json = {};
  for (const [status, description] of Object.entries(route.responses)) {
    const ok = Number(status) < 300;
    let content: Json;
    if (!ok) content = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
    else if (route.produces) content = { [route.produces]: {} };
    else
      content = {
        'application/json': { schema: { type: 'object' } },
        ...(route.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}),
      };
    responses[status] = { description, content };
  }
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    operationId: `${route.method}${openApiPath(route.path)
      .replace(/[{}]/g, '')
      .replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    ...(route.auth ? { security: [{ bearerToken: [] }] } : {}),
    responses,
  };
}

export function buildOpenApiDocument(routes: readonly RouteSpec[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const key = openApiPath(route.path);
    paths[key] = { ...(paths[key] ?? {}), [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Learning Connection Time API',
      version: LCT_VERSION,
      description:
        'LCT = daily instructional minutes × staff FTE / K-12 enrollment, for every U.S. school district: districts, current results, statistics, the bell-schedule campaign and calculation runs. JSON with snake_case names; errors are `{ "error": { "status", "message", "fields"? } }`. Reads need no token; writes need `Authorization: Bearer <LCT_API_TOKEN>`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'The LCT_API_TOKEN the server was started with' },
      },
    },
  };
}
