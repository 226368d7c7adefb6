/**
 * JSON answers, serialized once: the text is kept beside the request so the response cache can store it
 * without reading the response back (which would turn @hono/node-server's lightweight response into a
 * full web Response on every miss).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const bodies = new WeakMap<Request, string>();

export const JSON_TYPE = 'application/json; charset=utf-8';

export function sendJson(
  c: Context,
  data: unknown,
  status: ContentfulStatusCode = 200,
  headers?: Record<string, string>,
): Response {
  return sendJsonText(c, JSON.stringify(data), status, headers);
}

/** A JSON answer already written out (by PostgreSQL, say), sent as it is. */
export function sendJsonText(
  c: Context,
  text: string,
  status: ContentfulStatusCode = 200,
  headers?: Record<string, string>,
): Response {
  bodies.set(c.req.raw, text);
  return c.body(text, status, { 'Content-Type': JSON_TYPE, ...headers });
}

/** The JSON text `sendJson` answered this request with, if it did. */
export function sentJson(c: Context): string | undefined {
  return bodies.get(c.req.raw);
}
