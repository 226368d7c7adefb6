/**
 * The HTTP API and the dashboard's files, as a Hono app over a Database (either engine). One small module
 * per route group in routes/; parameters validated with zod (params.ts); answers to GET /api/* cached per
 * commit state (cache.ts); writes need the token (auth.ts).
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Database } from '../db/database.js';
import { LctError } from '../errors.js';
import { ApiError, type ErrorBody } from './errors.js';
import { TokenCheck } from './auth.js';
import { type CommitSnapshot, CommitState, ResponseCache } from './cache.js';
import { WebFiles } from './static.js';
import { JSON_TYPE, sentJson } from './respond.js';
import type { ApiContext, RouteSpec } from './route-spec.js';
import { healthRoutes } from './routes/health.js';
import { districtRoutes } from './routes/districts.js';
import { lctRoutes } from './routes/lct.js';
import { trendRoutes } from './routes/trends.js';
import { campaignRoutes } from './routes/campaign.js';
import { runRoutes } from './routes/runs.js';
import { bellScheduleRoutes } from './routes/bell-schedules.js';
import { extractRoutes } from './routes/extract.js';
import { metaRoutes } from './routes/meta.js';
import { buildOpenApiDocument } from './openapi.js';

export interface ApiOptions {
  /** The bearer token writes need; default `process.env.LCT_API_TOKEN`. None: writes are refused (401). */
  token?: string | null;
  /** Where the dashboard's built files are; default dist/web of the package. */
  webRoot?: string;
  /** Cache GET /api/* answers per commit state (default true). */
  cache?: boolean;
  /** The most the cache holds, in MiB (default 128). */
  cacheMiB?: number;
  /** Where unexpected errors are reported; default console.error. */
  log?: (message: string) => void;
}

export interface LctApp extends Hono {
  /** The declared routes (what /openapi.json lists). */
  readonly routeSpecs: readonly RouteSpec[];
  /** The response cache, null when disabled. */
  readonly responseCache: ResponseCache | null;
}

const jsonError = (
  c: Context,
  status: number,
  message: string,
  extra: Partial<ErrorBody['error']> = {},
  headers?: Record<string, string>,
) =>
  c.body(JSON.stringify({ error: { status, message, ...extra } } satisfies ErrorBody), status as ContentfulStatusCode, {
    'Content-Type': JSON_TYPE,
    ...headers,
  });

/** PostgreSQL errors that mean "try again later" rather than "this server is broken". */
function unavailable(error: unknown): string | null {
  const code = (error as { code?: string } | null)?.code;
  if (code === '57014') return 'The query took too long and was cancelled (LCT_STATEMENT_TIMEOUT_MS).';
  if (
    code === '53300' ||
    code === '57P01' ||
    code === '57P03' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT'
  ) {
    return 'The database is not available right now.';
  }
  if (error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message))
    return 'The database is busy: no connection was free in time.';
  return null;
}

export function createApp(db: Database, options: ApiOptions = {}): LctApp {
  const log = options.log ?? ((message: string) => console.error(message));
  const app = new Hono();
  const ctx: ApiContext = {
    db,
    tokens: new TokenCheck(options.token === undefined ? process.env.LCT_API_TOKEN : options.token),
    routes: [],
  };
  const web = new WebFiles(options.webRoot);
  const cache =
    options.cache === false ? null : new ResponseCache(options.cacheMiB ? options.cacheMiB * 1024 * 1024 : undefined);
  const commits = new CommitState(db);
  if (cache) commits.refreshSoon();

  app.use('*', async (c, next) => {
    // Set on the context before the answer is made: every response gets them without a Headers object.
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'SAMEORIGIN');
    await next();
  });

  if (cache) {
    app.use('/api/*', async (c, next) => {
      if (c.req.method !== 'GET' || c.req.query('format') === 'csv') return next();
      const url = c.req.url;
      const key = url.slice(url.indexOf('/', url.indexOf('//') + 2));
      let tag: CommitSnapshot | null;
      if (cache.has(key)) {
        // Held: valid only if nothing committed since it was computed, by a state read after this request came.
        tag = await commits.read();
        const hit = cache.get(key, tag);
        if (hit) {
          c.header('X-Cache', 'hit');
          return c.body(hit.body, hit.status as ContentfulStatusCode, { 'Content-Type': hit.contentType });
        }
      } else {
        // Not held: computed now, so fresh without a check; stored under the latest state read before now.
        tag = commits.latest;
        commits.refreshSoon();
      }
      c.header('X-Cache', 'miss');
      await next();
      const text = c.res.status === 200 ? sentJson(c) : undefined;
      if (tag && text !== undefined)
        cache.set(key, tag, { status: 200, body: new Uint8Array(Buffer.from(text, 'utf8')), contentType: JSON_TYPE });
    });
  }

  healthRoutes(app, ctx);
  districtRoutes(app, ctx);
  lctRoutes(app, ctx);
  trendRoutes(app, ctx);
  campaignRoutes(app, ctx);
  runRoutes(app, ctx);
  extractRoutes(app, ctx);
  bellScheduleRoutes(app, ctx);
  metaRoutes(app, ctx);

  app.get('*', async (c) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return c.notFound();
    return (await web.serve(c)) ?? c.notFound();
  });

  const matchers = ctx.routes.map((r) => ({
    method: r.method.toUpperCase(),
    pattern: new RegExp(`^${r.path.replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`),
  }));
  app.notFound((c) => {
    const allowed = matchers.filter((m) => m.pattern.test(c.req.path)).map((m) => m.method);
    if (allowed.length) {
      const allow = [...new Set([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])])].join(', ');
      return jsonError(c, 405, `${c.req.method} is not allowed on ${c.req.path}; use ${allow}.`, {}, { Allow: allow });
    }
    return jsonError(
      c,
      404,
      `No route ${c.req.method} ${c.req.path}. The routes are listed at /docs and /openapi.json.`,
    );
  });

  app.onError((error, c) => {
    if (error instanceof ApiError)
      return jsonError(c, error.status, error.message, error.fields ? { fields: error.fields } : {}, error.headers);
    if (error instanceof HTTPException) return jsonError(c, error.status, error.message || 'Bad request.');
    if (error instanceof LctError)
      return jsonError(c, 400, error.hint ? `${error.message} ${error.hint}` : error.message);
    const busy = unavailable(error);
    if (busy) return jsonError(c, 503, busy, {}, { 'Retry-After': '1' });
    log(`lct serve: ${c.req.method} ${c.req.path} failed: ${(error as Error)?.stack ?? String(error)}`);
    return jsonError(c, 500, 'Internal error; the server log has the details.');
  });

  return Object.assign(app, { routeSpecs: ctx.routes, responseCache: cache }) as LctApp;
}

/** Stands for the database where none is needed: any use of it is a bug, and says so. */
const NO_DATABASE = new Proxy({} as Database, {
  get: (_target, property) => {
    throw new Error(`apiDocument() has no database (something read db.${String(property)}).`);
  },
});

/**
 * The API's OpenAPI document, without a database or a server: what `GET /openapi.json` answers. The lint
 * check and the dashboard's generated types (scripts/openapi.mjs) are made from it.
 */
export function apiDocument(): Record<string, unknown> {
  return buildOpenApiDocument(createApp(NO_DATABASE, { cache: false, token: null }).routeSpecs);
}
