/** The HTTP API: `createApp(db, options)` (a Hono app: `app.request()` or any fetch-style server) and `startServer`. */
export { apiDocument, createApp, type ApiOptions, type LctApp } from './app.js';
export { startServer, DEFAULT_HOST, DEFAULT_PORT, type ServerOptions, type RunningServer } from './server.js';
export { tokenName } from './auth.js';
export { buildOpenApiDocument } from './openapi.js';
export type { RouteSpec } from './route-spec.js';
export type { ErrorBody } from './errors.js';
