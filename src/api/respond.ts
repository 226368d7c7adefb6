/**
 * JSON answers, serialized and encoded once: the bytes are kept beside the request so the response cache can
 * store them without reading the response back (which would turn @hono/node-server's lightweight response into a
 * full web Response on every miss).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const bodies = new WeakMap<Request, Uint8Array<ArrayBuffer>>();
const utf8 = new TextEncoder();

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
  // Encoded once: the same bytes are sent and, on a cache miss, stored.
  const body = utf8.encode(text);
  bodies.set(c.req.raw, body);
  return c.body(body, status, { 'Content-Type': JSON_TYPE, ...headers });
}

/** The UTF-8 JSON `sendJson` or `sendJsonText` answered this request with, if one did. */
export function sentJson(c: Context): Uint8Array<ArrayBuffer> | undefined {
  return bodies.get(c.req.raw);
}
