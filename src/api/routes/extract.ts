/**
 * `POST /api/bell-schedules/extract`: read bell schedules from a page (a URL, fetched once and politely,
 * src/extract/fetch-document.ts) or from a document sent as the body (HTML, PDF or text). Returns the
 * answers, every schedule found and the PDFs a page links to; never stores anything. Each answer carries
 * `bell_schedule`, the body for `POST /api/bell-schedules` once district_id and year are added. Needs the
 * token: the server fetches pages on the caller's behalf.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { SCHOOL_LEVELS, type SchoolLevel } from '../../domain/bell-schedules.js';
import { type ExtractionAttempt, attemptDocument, attemptUrl, isUrl } from '../../extract/attempt.js';
import { bellScheduleFieldsOf } from '../../extract/to-bell-schedule.js';
import { MAX_DOCUMENT_BYTES } from '../../extract/fetch-document.js';
import { ApiError, badRequest } from '../errors.js';
import { type ApiContext, defineRoute, failure, json } from '../route-spec.js';
import { BellScheduleExtraction } from '../schemas.js';

const levelParam = z
  .enum(SCHOOL_LEVELS, { error: `must be one of ${SCHOOL_LEVELS.join(', ')}` })
  .optional()
  .describe('Answer for this level only (a document naming no level answers for it)');

const extractQuery = z.strictObject({
  level: levelParam,
  name: z
    .string()
    .max(200, { error: 'is longer than 200 characters' })
    .optional()
    .describe('The file name of a document sent as the body (recorded as its source)'),
});

/** The JSON body (the other bodies are documents: text/html, application/pdf, text/plain). */
export const EXTRACT_BODY = z.strictObject({
  url: z
    .string()
    .describe('An http(s) page or PDF to fetch (once, after its robots.txt)')
    .meta({ example: 'https://example.org/bell-schedule' }),
  level: z.enum(SCHOOL_LEVELS).optional().describe('Answer for this level only'),
});

const DOCUMENT_TYPES =
  /^(?:text\/html|application\/xhtml\+xml|application\/pdf|text\/plain|application\/octet-stream)$/;

type Extraction = z.output<typeof BellScheduleExtraction>;

export function describeAttempt(attempt: ExtractionAttempt): Extraction {
  const extraction = attempt.extraction;
  const from = { url: attempt.url, document: attempt.document };
  return {
    outcome: attempt.outcome,
    detail: attempt.detail,
    url: attempt.url,
    final_url: attempt.final_url,
    document: attempt.document,
    school: extraction?.school ?? null,
    answers: (extraction?.answers ?? []).map((a) => ({
      ...a,
      bell_schedule: bellScheduleFieldsOf(a, from) as Extraction['answers'][number]['bell_schedule'],
    })),
    schedules: extraction?.schedules ?? [],
    pdf_links: extraction?.pdf_links ?? [],
  };
}

async function readJsonRequest(c: Context): Promise<{ url: string; level?: SchoolLevel }> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch (error) {
    throw new ApiError(400, `The body is not valid JSON: ${(error as Error).message}.`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest({ body: 'must be a JSON object: { "url": "https://…" }' });
  const { url, level, ...rest } = body as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const key of Object.keys(rest)) fields[key] = 'is not a field of this request (fields: url, level)';
  if (typeof url !== 'string' || !url.trim()) fields.url = 'is required: the page or PDF to read';
  else if (!isUrl(url)) fields.url = 'must be an http(s) URL';
  if (level !== undefined && !(SCHOOL_LEVELS as readonly unknown[]).includes(level))
    fields.level = `must be one of ${SCHOOL_LEVELS.join(', ')}`;
  if (Object.keys(fields).length) throw badRequest(fields);
  return { url: (url as string).trim(), level: level as SchoolLevel | undefined };
}

export function extractRoutes(app: Hono, ctx: ApiContext): void {
  app.post(
    '/api/bell-schedules/extract',
    // The token first: nobody without it gets a body read or a page fetched.
    async (c, next) => {
      ctx.tokens.require(c);
      await next();
    },
    bodyLimit({
      maxSize: MAX_DOCUMENT_BYTES,
      onError: () => {
        throw new ApiError(413, `The document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`);
      },
    }),
  );
  defineRoute(
    app,
    ctx,
    {
      method: 'post',
      path: '/api/bell-schedules/extract',
      tag: 'bell schedules',
      summary: 'Read bell schedules from a page or a document',
      description: `Either JSON \`{ "url": "https://…", "level"?: "middle" }\` (the page is fetched once, after its robots.txt, with a timeout; 401/403/429 and challenge pages come back as \`outcome: "blocked"\`, never worked around), or the document itself as the body with Content-Type text/html, application/pdf or text/plain (\`?name=\` its file name, \`?level=\`). Nothing is stored: each answer's \`bell_schedule\` is the body for POST /api/bell-schedules once district_id and year are added. Body at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`,
      query: extractQuery,
      body: EXTRACT_BODY,
      auth: true,
      responses: {
        200: json(
          'What was read (the outcome says whether a regular day was found, or the page was blocked)',
          BellScheduleExtraction,
        ),
        400: failure('A bad URL, level or JSON body, or an empty document'),
        401: failure('Missing or wrong token (or no token configured)'),
        413: failure('The document is too large'),
        415: failure('The body is neither JSON nor a document (HTML, PDF, text)'),
      },
    },
    async (c, { query }, send) => {
      ctx.tokens.require(c);
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'application/json') {
        const request = await readJsonRequest(c);
        return send(200, describeAttempt(await attemptUrl(request.url, { level: request.level ?? query.level })));
      }
      if (!DOCUMENT_TYPES.test(type))
        throw new ApiError(
          415,
          `Send JSON { "url": … } or the document itself as text/html, application/pdf or text/plain${type ? ` (got ${type})` : ''}.`,
        );
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length === 0) throw badRequest({ body: 'is empty: send the document (or JSON with a url)' });
      const attempt = await attemptDocument(bytes, query.name ?? 'document', { level: query.level, contentType: type });
      return send(200, describeAttempt(attempt));
    },
  );
}
