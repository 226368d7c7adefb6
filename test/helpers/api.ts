/**
 * Helpers for the API tests: requests through `app.request()` with parsed JSON, each answer checked against
 * the app's OpenAPI document (openapi-check.ts); a throwaway web root; raw HTTP.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { LctApp } from '../../src/api/app.js';
import { ResponseChecker } from './openapi-check.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

/** Parsed JSON bodies: the tests check their shape field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

const checkers = new WeakMap<LctApp, Promise<ResponseChecker>>();

/** The checker of an app's answers, from the document the app itself serves. */
export function responseChecker(app: LctApp): Promise<ResponseChecker> {
  let checker = checkers.get(app);
  if (!checker) {
    checker = Promise.resolve(app.request('/openapi.json'))
      .then((r) => r.json())
      .then((document: Json) => new ResponseChecker(document));
    checkers.set(app, checker);
  }
  return checker;
}

export async function call<T = Json>(app: LctApp, url: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
  const response = await app.request(url, init);
  const text = await response.text();
  const checker = await responseChecker(app);
  checker.check(
    init.method ?? 'GET',
    new URL(url, 'http://localhost').pathname,
    response.status,
    response.headers.get('content-type'),
    text,
  );
  let body: Json = undefined;
  if ((response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body };
}

/**
 * Asks for `url` until the answer comes from the cache, at most `tries` times. The cache is keyed on the
 * server's commit state, which any transaction on the server changes, other test files' included: an entry
 * stored just before one of them committed is computed again on the next request, and stored anew.
 */
export async function callUntilCached(app: LctApp, url: string, tries = 20): Promise<ApiResponse> {
  let response = await call(app, url);
  for (let i = 1; i < tries && response.headers.get('x-cache') !== 'hit'; i++) response = await call(app, url);
  return response;
}

export function post<T = Json>(
  app: LctApp,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  return call<T>(app, url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A web root with an index page, a script, a stylesheet and an image, plus a secret file beside it (never served). */
export function makeWebRoot(): { root: string; secret: string; cleanup: () => void } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-web-'));
  const root = path.join(base, 'web');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'index.html'),
    '<!doctype html><title>LCT dashboard</title><script type="module" src="app.js"></script>',
  );
  fs.writeFileSync(path.join(root, 'app.js'), 'console.log("dashboard");');
  fs.writeFileSync(path.join(root, 'assets', 'app.css'), 'body { color: black; }');
  fs.writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(root, '.env'), 'SECRET=hidden-dotfile');
  const secret = 'TOP-SECRET-OUTSIDE-WEB-ROOT';
  fs.writeFileSync(path.join(base, 'secret.txt'), secret);
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'link.txt'));
  return { root, secret, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}

/** A request sent exactly as written (no URL normalisation), as an attacker's client would. */
export function rawRequest(
  port: number,
  method: string,
  rawPath: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: rawPath, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Strings that would do damage if any of them reached SQL text. */
export const INJECTIONS = [
  "'; drop table districts; --",
  "' OR '1'='1",
  '1; DELETE FROM bell_schedules',
  "0100001' --",
  '%',
  '_',
  '\\',
  '$1',
  '"; DROP TABLE lct_calculations; --',
  '${7*7}',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '\u0000',
  'ø∂ƒ©',
  'a'.repeat(5000),
];
