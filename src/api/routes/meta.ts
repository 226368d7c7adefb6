/** `GET /openapi.json` and `GET /docs`: the API describing itself. */
import type { Hono } from 'hono';
import { buildOpenApiDocument } from '../openapi.js';
import { renderDocsPage } from '../docs-page.js';
import { type ApiContext, defineRoute } from '../route-spec.js';
import { sendJson } from '../respond.js';

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
      produces: 'application/json',
      responses: { 200: 'The document' },
    },
    (c) => sendJson(c, openapi()),
  );
  defineRoute(
    app,
    ctx,
    {
      method: 'get',
      path: '/docs',
      tag: 'documentation',
      summary: 'This API as a readable page',
      produces: 'text/html',
      responses: { 200: 'The page' },
    },
    (c) =>
      c.html((page ??= renderDocsPage(openapi())), 200, {
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      }),
  );
}
