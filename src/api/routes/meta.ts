/** `GET /openapi.json` and `GET /docs`: the API describing itself. */
import type { Hono } from 'hono';
import { z } from 'zod';
import { buildOpenApiDocument } from '../openapi.js';
import { renderDocsPage } from '../docs-page.js';
import { type ApiContext, defineRoute, json } from '../route-spec.js';

export function metaRoutes(app: Hono, ctx: ApiContext): void {
  // Built on first use, when every route is registered.
  let document: Record<string, unknown> | null = null;
  let page: string | null = null;
  const openapi = () => (document ??= buildOpenApiDocument(ctx.routes));
  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/openapi.json',
      tag: 'documentation',
      summary: 'This API as an OpenAPI 3.1 document',
      responses: {
        200: json('The document', z.record(z.string(), z.unknown()).describe('An OpenAPI 3.1 document')),
      },
    },
    (_c, _input, send) => send(200, openapi()),
  );
  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/docs',
      tag: 'documentation',
      summary: 'This API as a readable page',
      responses: {
        200: { description: 'The page', content: { 'text/html': z.string().describe('An HTML page, no scripts') } },
      },
    },
    (c) =>
      c.html((page ??= renderDocsPage(openapi())), 200, {
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      }),
  );
}
