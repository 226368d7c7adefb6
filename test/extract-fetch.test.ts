/**
 * Fetching pages for the extractor against a local HTTP server: robots.txt read first and obeyed, one
 * request per page with an honest User-Agent, 401/403/429 and challenge pages reported as blocked (never
 * retried), a timeout, redirects (and a loop), a PDF, and linked PDFs listed but not fetched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { attemptUrl } from '../src/extract/attempt.js';
import { USER_AGENT } from '../src/extract/fetch-document.js';
import { LCT_VERSION } from '../src/paths.js';
import { runCli } from './helpers/cli.js';
import { renderPdf } from './helpers/pdf-fixtures.js';

const SCHEDULE = `<html><head><title>Bell Schedule - Alder Creek Middle School</title></head><body>
<h1>Alder Creek Middle School</h1><h2>Regular Day</h2>
<table><tr><th>Period</th><th>Start</th><th>End</th></tr>
<tr><td>Period 1</td><td>8:00 AM</td><td>8:55 AM</td></tr>
<tr><td>Period 2</td><td>9:00 AM</td><td>9:55 AM</td></tr>
<tr><td>Period 3</td><td>10:00 AM</td><td>10:55 AM</td></tr>
<tr><td>Lunch</td><td>10:55 AM</td><td>11:30 AM</td></tr>
<tr><td>Period 4</td><td>11:35 AM</td><td>12:30 PM</td></tr>
<tr><td>Period 5</td><td>12:35 PM</td><td>1:30 PM</td></tr>
<tr><td>Period 6</td><td>1:35 PM</td><td>2:30 PM</td></tr></table>
<p><a href="/files/printable-schedule.pdf">Printable bell schedule (PDF)</a></p></body></html>`;

const CHALLENGE = `<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>
<div id="challenge-platform">Checking your browser before accessing the site.</div>
<script>window._cf_chl_opt = {};</script></body></html>`;

interface Logged {
  path: string;
  userAgent: string | undefined;
}

function startServer(
  robots: string | null,
  pdf: Uint8Array,
): Promise<{ url: string; log: Logged[]; close: () => Promise<void> }> {
  const log: Logged[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    log.push({ path, userAgent: req.headers['user-agent'] });
    const send = (status: number, body: string | Uint8Array, type = 'text/html; charset=utf-8', headers = {}) => {
      res.writeHead(status, { 'Content-Type': type, ...headers });
      res.end(body);
    };
    switch (path) {
      case '/robots.txt':
        return robots === null ? send(404, 'not found', 'text/plain') : send(200, robots, 'text/plain');
      case '/schedule':
      case '/private/schedule':
        return send(200, SCHEDULE);
      case '/forbidden':
        return send(403, '<h1>Forbidden</h1>');
      case '/login':
        return send(401, '<h1>Sign in</h1>');
      case '/busy':
        return send(429, 'Too Many Requests', 'text/plain', { 'Retry-After': '60' });
      case '/challenge':
        return send(503, CHALLENGE);
      case '/challenge-ok':
        return send(200, CHALLENGE);
      case '/moved':
        return send(301, '', 'text/plain', { Location: '/schedule' });
      case '/loop':
        return send(302, '', 'text/plain', { Location: '/loop' });
      case '/bell.pdf':
        return send(200, pdf, 'application/pdf');
      case '/missing':
        return send(404, '<h1>Not found</h1>');
      case '/slow':
        return; // never answers: the client's timeout decides
      default:
        return send(404, '<h1>Not found</h1>');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        log,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    }),
  );
}

describe('fetching pages', () => {
  let site: Awaited<ReturnType<typeof startServer>>;
  let closed: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    const pdf = await renderPdf(
      [
        '# Alder Creek Middle School',
        '# Regular Day',
        'School begins | 8:10 AM',
        'Lunch | 11:30 AM - 12:05 PM',
        'Dismissal | 2:50 PM',
      ].join('\n'),
    );
    site = await startServer('User-agent: *\nDisallow: /private/\n\nUser-agent: SomeOtherBot\nDisallow: /\n', pdf);
    closed = await startServer('User-agent: lct\nDisallow: /\n', pdf);
  });
  // Each test counts its own requests (robots.txt is read again on every attempt: it is cached per call).
  beforeEach(() => {
    site.log.length = 0;
    closed.log.length = 0;
  });
  afterAll(async () => {
    await site.close();
    await closed.close();
  });
  const requests = (s: typeof site, path: string) => s.log.filter((l) => l.path === path).length;

  it('reads robots.txt first, fetches the page once with a User-Agent naming lct and its version', async () => {
    const attempt = await attemptUrl(`${site.url}/schedule`);
    expect(attempt.outcome).toBe('extracted');
    expect(attempt.extraction!.answers[0]).toMatchObject({
      level: 'middle',
      start_time: '8:00 AM',
      end_time: '2:30 PM',
      lunch_duration: 35,
      instructional_minutes: 355,
    });
    const paths = site.log.map((l) => l.path);
    expect(paths).toContain('/robots.txt');
    expect(paths.indexOf('/robots.txt')).toBeLessThan(paths.indexOf('/schedule'));
    expect(requests(site, '/schedule')).toBe(1);
    expect(USER_AGENT).toContain(`lct/${LCT_VERSION}`);
    expect(new Set(site.log.map((l) => l.userAgent))).toEqual(new Set([USER_AGENT]));
  });

  it('lists the PDFs a page links to without fetching them', async () => {
    const attempt = await attemptUrl(`${site.url}/schedule`);
    expect(attempt.extraction!.pdf_links).toEqual([
      { url: `${site.url}/files/printable-schedule.pdf`, text: 'Printable bell schedule (PDF)' },
    ]);
    expect(requests(site, '/files/printable-schedule.pdf')).toBe(0);
  });

  it('obeys a robots.txt disallow, for every agent and for lct by name', async () => {
    const before = requests(site, '/private/schedule');
    const attempt = await attemptUrl(`${site.url}/private/schedule`);
    expect(attempt).toMatchObject({ outcome: 'blocked', extraction: null });
    expect(attempt.detail).toMatch(/robots\.txt disallows \/private\/schedule for lct/);
    expect(requests(site, '/private/schedule')).toBe(before);
    const named = await attemptUrl(`${closed.url}/schedule`);
    expect(named.outcome).toBe('blocked');
    expect(requests(closed, '/schedule')).toBe(0);
  });

  it('reports 401, 403 and 429 as blocked, each asked once', async () => {
    for (const [path, status] of [
      ['/forbidden', 403],
      ['/login', 401],
      ['/busy', 429],
    ] as const) {
      const attempt = await attemptUrl(`${site.url}${path}`);
      expect(attempt).toMatchObject({ outcome: 'blocked' });
      expect(attempt.detail).toContain(`HTTP ${status}`);
      expect(requests(site, path)).toBe(1);
    }
  });

  it('reports a challenge page as blocked, whatever its status', async () => {
    for (const path of ['/challenge', '/challenge-ok']) {
      const attempt = await attemptUrl(`${site.url}${path}`);
      expect(attempt.outcome).toBe('blocked');
      expect(attempt.detail).toMatch(/bot-challenge page/);
      expect(requests(site, path)).toBe(1);
    }
  });

  it('gives up after the timeout', async () => {
    const attempt = await attemptUrl(`${site.url}/slow`, { timeoutMs: 300 });
    expect(attempt).toMatchObject({ outcome: 'error', detail: 'no answer within 0.3 s' });
  });

  it('follows a redirect (and stops a redirect loop)', async () => {
    const moved = await attemptUrl(`${site.url}/moved`);
    expect(moved).toMatchObject({ outcome: 'extracted', final_url: `${site.url}/schedule` });
    const loop = await attemptUrl(`${site.url}/loop`);
    expect(loop).toMatchObject({ outcome: 'error', detail: 'more than 5 redirects' });
  });

  it('reads a PDF at a URL', async () => {
    const attempt = await attemptUrl(`${site.url}/bell.pdf`);
    expect(attempt.outcome).toBe('extracted');
    expect(attempt.extraction!.document_kind).toBe('pdf');
    expect(attempt.extraction!.answers[0]).toMatchObject({
      level: 'middle',
      start_time: '8:10 AM',
      end_time: '2:50 PM',
      lunch_duration: 35,
      instructional_minutes: 365,
    });
  });

  it('reports a missing page and a refused connection as errors', async () => {
    expect(await attemptUrl(`${site.url}/missing`)).toMatchObject({ outcome: 'error', detail: 'HTTP 404' });
    expect(await attemptUrl('http://127.0.0.1:9/schedule', { timeoutMs: 2000 })).toMatchObject({ outcome: 'error' });
    expect(await attemptUrl('ftp://example.org/x')).toMatchObject({ outcome: 'error' });
  });

  it('the command says a page is blocked in one line, exit 1, and what to do', async () => {
    const blocked = await runCli(['bell-schedule', 'extract', `${site.url}/forbidden`]);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toBe('');
    expect(blocked.stderr.trim().split('\n')).toHaveLength(1);
    expect(blocked.stderr).toMatch(
      /blocked \(HTTP 403\)\. lct does not work around blocks: open the page in a browser, save it/,
    );
    const read = await runCli(['bell-schedule', 'extract', `${site.url}/schedule`, '--json']);
    expect(read.code).toBe(0);
    const [result] = JSON.parse(read.stdout);
    expect(result).toMatchObject({ outcome: 'extracted', url: `${site.url}/schedule` });
    expect(result.answers[0].instructional_minutes).toBe(355);
  });
});
