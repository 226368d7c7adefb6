/**
 * The dashboard: files of dist/web (built by `npm run build`), found from the package root whatever the
 * working directory. A request path is decoded once and must name a file inside that folder: `..`
 * segments, encoded slashes or backslashes, NUL bytes and symbolic links leading outside are refused, so
 * nothing outside dist/web is ever read. Paths without an extension get index.html (the dashboard's own
 * routes); when dist/web is missing, a short page says how to build it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Context } from 'hono';
import { PACKAGE_ROOT } from '../paths.js';
import { ApiError } from './errors.js';

export const DEFAULT_WEB_ROOT = path.join(PACKAGE_ROOT, 'dist', 'web');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>lct: dashboard not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328}code{background:#f0f2f4;padding:.1rem .3rem;border-radius:4px}</style>
</head><body>
<h1>The dashboard is not built</h1>
<p>The API is running, but <code>dist/web</code> is missing. Build it and reload:</p>
<p><code>npm run build</code></p>
<p>Meanwhile: <a href="/docs">API documentation</a>, <a href="/openapi.json">openapi.json</a>, <a href="/health">health</a>.</p>
</body></html>
`;

/** The file a request path names inside `root`, or null when it names none (or tries to leave `root`). */
export function resolveWebFile(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    throw new ApiError(400, 'The path is not valid percent-encoding.');
  }
  // Encoded slashes and backslashes would change what the segments are after decoding: refuse them outright.
  if (/%2f|%5c/i.test(requestPath) || decoded.includes('\\') || decoded.includes('\0')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return null;
  const file = path.resolve(root, ...segments);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

export class WebFiles {
  private realRoot: string | null = null;

  constructor(readonly root: string = DEFAULT_WEB_ROOT) {}

  get built(): boolean {
    return fs.existsSync(path.join(this.root, 'index.html'));
  }

  /** A file's real location when it is a regular file inside the real root (symbolic links followed, then checked). */
  private realFile(file: string): string | null {
    try {
      this.realRoot ??= fs.realpathSync(this.root);
      const real = fs.realpathSync(file);
      if (!real.startsWith(this.realRoot + path.sep)) return null;
      return fs.statSync(real).isFile() ? real : null;
    } catch {
      return null;
    }
  }

  /** The response for a GET or HEAD outside /api, or null (→ 404). */
  async serve(c: Context): Promise<Response | null> {
    // The path as sent (percent-encoded), decoded exactly once below.
    const requestPath = new URL(c.req.url).pathname;
    const wantsPage = !path.posix.extname(requestPath);
    if (!fs.existsSync(this.root)) {
      return wantsPage ? c.html(NOT_BUILT, 200, { 'Cache-Control': 'no-store' }) : null;
    }
    const candidate = resolveWebFile(this.root, requestPath);
    if (candidate === null) return null;
    let file = this.realFile(candidate);
    if (!file && wantsPage) file = this.realFile(path.join(this.root, 'index.html'));
    if (!file) return wantsPage ? c.html(NOT_BUILT, 200, { 'Cache-Control': 'no-store' }) : null;
    const headers = {
      'Content-Type': contentTypeOf(file),
      // index.html is looked at each time; bundles may be named by content or not, so revalidate them too.
      'Cache-Control': 'no-cache',
    };
    if (c.req.method === 'HEAD')
      return c.body(null, 200, { ...headers, 'Content-Length': String(fs.statSync(file).size) });
    return c.body(await fs.promises.readFile(file), 200, headers);
  }
}
