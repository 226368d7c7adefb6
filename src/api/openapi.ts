/**
 * The OpenAPI 3.1 document, generated from the route declarations (route-spec.ts): every route, every
 * parameter, the body and every response with its full schema, from the same zod schemas that validate
 * requests and type the handlers. Shapes named in schemas.ts are components, referred to by `$ref`.
 * Responses allow no property they do not declare (`additionalProperties: false`).
 */
import { z } from 'zod';
import type { MediaType, RouteSpec } from './route-spec.js';
import { COMPONENTS } from './schemas.js';
import { LCT_VERSION } from './version.js';

type Json = Record<string, unknown>;

/** `/api/districts/:id` → `/api/districts/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/** The groups of routes, in the document's words. */
const TAGS: Readonly<Record<string, string>> = {
  server: 'Whether the server and its database are up',
  districts: 'School districts: search, and everything about one',
  lct: 'Current LCT results, their statistics and distribution',
  trends: 'LCT across years: a district, a state or the nation, and the largest movers',
  campaign: 'The bell-schedule campaign: progress per state, next districts to enrich',
  runs: 'Calculation runs and their QA summaries',
  'bell schedules': 'Adding bell schedules (needs the token)',
  documentation: 'This document, as JSON and as a page',
};

/** Marks where a route's own schema goes until every schema is converted. */
const PLACEHOLDER = '__lct_schema';
const INLINE = '__inline_';

const componentRef = (id: string) => `#/components/schemas/${id}`;

/** Leaves out what zod adds that says nothing to a reader: the bounds of safe integers, the date-time regex. */
function tidy({ jsonSchema }: { jsonSchema: Json }): void {
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
  if (jsonSchema.type === 'object' && jsonSchema.properties && jsonSchema.additionalProperties === undefined)
    jsonSchema.additionalProperties = false;
}

/**
 * JSON Schemas of the components and of every schema the routes use, in one conversion, so that a route's
 * schema refers to the components it contains instead of repeating them. Schemas are described as they
 * travel (`io: 'input'`): a timestamp is an ISO 8601 string.
 */
class SchemaConverter {
  private readonly registry = z.registry<{ id: string }>();
  private readonly names = new Map<z.ZodType, string>();
  private readonly inlineIds = new Map<z.ZodType, string>();

  constructor() {
    for (const [id, schema] of COMPONENTS) {
      this.registry.add(schema, { id });
      this.names.set(schema, id);
    }
  }

  /** A placeholder for `schema`, filled by `finish()`: a `$ref` when it is a component. */
  use(schema: z.ZodType): Json {
    const name = this.names.get(schema);
    if (name) return { $ref: componentRef(name) };
    let id = this.inlineIds.get(schema);
    if (!id) {
      id = `${INLINE}${this.inlineIds.size}`;
      this.registry.add(schema, { id });
      this.inlineIds.set(schema, id);
    }
    return { [PLACEHOLDER]: id };
  }

  finish(): { components: Record<string, Json>; inline: (placeholder: Json) => Json } {
    const { schemas } = z.toJSONSchema(this.registry, {
      io: 'input',
      unrepresentable: 'any',
      uri: componentRef,
      override: tidy as never,
    }) as { schemas: Record<string, Json> };
    const nested = JSON.stringify(schemas).match(new RegExp(`"\\$ref":"#/components/schemas/(${INLINE}\\d+)"`));
    if (nested)
      throw new Error(`A schema a route uses (${nested[1]}) is also part of another: name it in src/api/schemas.ts.`);
    const clean = (schema: Json): Json => {
      const { $schema: _schema, $id: _id, ...rest } = schema;
      return rest;
    };
    const components: Record<string, Json> = {};
    for (const id of COMPONENTS.keys()) components[id] = clean(schemas[id]!);
    return {
      components,
      inline: (placeholder) => {
        const id = placeholder[PLACEHOLDER] as string | undefined;
        return id === undefined ? placeholder : clean(schemas[id]!);
      },
    };
  }
}

function parameter(name: string, where: 'path' | 'query', schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', override: tidy as never }) as Json;
  const { $schema: _schema, description, example, ...rest } = json;
  return {
    name,
    in: where,
    required: where === 'path' || !schema.safeParse(undefined).success,
    ...(description ? { description } : {}),
    schema: rest,
    ...(example !== undefined ? { example } : {}),
  };
}

function operationId(route: RouteSpec): string {
  return `${route.method}${openApiPath(route.path)
    .replace(/[{}]/g, '')
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`;
}

export function buildOpenApiDocument(routes: readonly RouteSpec[]): Json {
  const schemas = new SchemaConverter();
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const parameters = [
      ...Object.entries(route.pathParams ?? {}).map(([name, schema]) => parameter(name, 'path', schema)),
      ...Object.entries(route.query?.shape ?? {}).map(([name, schema]) => parameter(name, 'query', schema)),
    ];
    const responses: Record<string, Json> = {};
    for (const [status, response] of Object.entries(route.responses).sort(([a], [b]) => Number(a) - Number(b))) {
      const content: Record<string, Json> = {};
      for (const [type, schema] of Object.entries(response.content) as [MediaType, z.ZodType][])
        content[type] = { schema: schemas.use(schema) };
      responses[status] = { description: response.description, content };
    }
    const key = openApiPath(route.path);
    paths[key] = {
      ...paths[key],
      [route.method]: {
        tags: [route.tag],
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        operationId: operationId(route),
        ...(parameters.length ? { parameters } : {}),
        ...(route.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: schemas.use(route.body) } } } }
          : {}),
        // Reads are public: an empty list says so.
        security: route.auth ? [{ bearerToken: [] }] : [],
        responses,
      },
    };
  }
  const { components, inline } = schemas.finish();
  // The placeholders become the converted schemas.
  for (const methods of Object.values(paths))
    for (const op of Object.values(methods)) {
      const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      for (const media of Object.values(body ?? {})) media.schema = inline(media.schema as Json);
      for (const response of Object.values(op.responses as Record<string, Json>))
        for (const media of Object.values(response.content as Record<string, Json>))
          media.schema = inline(media.schema as Json);
    }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Learning Connection Time API',
      version: LCT_VERSION,
      description:
        'LCT = daily instructional minutes × staff FTE / K-12 enrollment, for every U.S. school district: districts, current results, statistics, the bell-schedule campaign and calculation runs. JSON with snake_case names (those of the database’s tables and views); errors are `{ "error": { "status", "message", "fields"? } }`. Reads need no token; writes need `Authorization: Bearer <LCT_API_TOKEN>`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => {
      const description = TAGS[name];
      if (!description) throw new Error(`Route tag "${name}" has no description in TAGS (src/api/openapi.ts).`);
      return { name, description };
    }),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'The LCT_API_TOKEN the server was started with' },
      },
    },
  };
}
