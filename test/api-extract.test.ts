/**
 * POST /api/bell-schedules/extract: a URL (fetched from a local server) or the document as the body; the
 * answers with their evidence and a ready `bell_schedule` body; nothing stored until the caller saves an
 * answer through POST /api/bell-schedules.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import { TEST_TOKEN, call, post } from './helpers/api.js';
import { renderPdf } from './helpers/pdf-fixtures.js';
import { createApp, type LctApp } from '../src/api/app.js';
import { MAX_DOCUMENT_BYTES } from '../src/extract/fetch-document.js';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures', 'bell-schedules');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('POST /api/bell-schedules/extract', () => {
  let t: TestDatabase;
  let app: LctApp;
  let server: http.Server;
  let site: string;
  const send = (body: BodyInit, type: string, query = '', token = TEST_TOKEN) =>
    call(app, `/api/bell-schedules/extract${query}`, {
      method: 'POST',
      headers: { 'Content-Type': type, Authorization: `Bearer ${token}` },
      body,
    });
  const stored = async () =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM bell_schedules')).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestDatabase(ENGINES[0]!);
    await t.db.execScript(QUERIES_FIXTURE);
    app = createApp(t.db, { token: TEST_TOKEN, log: () => undefined });
    server = http.createServer((req, res) => {
      if (req.url === '/robots.txt') return res.writeHead(404).end();
      if (req.url === '/hours')
        return res.writeHead(200, { 'Content-Type': 'text/html' }).end(fixture('k8-school.html'));
      return res.writeHead(403, { 'Content-Type': 'text/html' }).end('<h1>Forbidden</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.destroy();
  });

  it('needs the token', async () => {
    const r = await send(JSON.stringify({ url: `${site}/hours` }), 'application/json', '', 'wrong');
    expect(r.status).toBe(401);
  });

  it('reads a URL and returns answers ready to save, storing nothing; saving one goes through the usual route', async () => {
    const before = await stored();
    const r = await post(app, '/api/bell-schedules/extract', { url: `${site}/hours` });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      outcome: 'extracted',
      detail: null,
      url: `${site}/hours`,
      school: 'Evergreen K-8 School',
    });
    expect(
      r.body.answers.map((a: { level: string; instructional_minutes: number }) => [a.level, a.instructional_minutes]),
    ).toEqual([
      ['elementary', 350],
      ['middle', 370],
    ]);
    const middle = r.body.answers[1];
    expect(middle.evidence).toContain('Lunch (6-8) 12:15-12:50');
    expect(middle.bell_schedule).toMatchObject({
      grade_level: 'middle',
      instructional_minutes: 370,
      method: 'automated_enrichment',
      source_urls: [`${site}/hours`],
      schools_sampled: ['Evergreen K-8 School'],
    });
    expect(await stored()).toBe(before);
    const saved = await post(app, '/api/bell-schedules', {
      ...middle.bell_schedule,
      district_id: '0100004',
      year: '2025-26',
    });
    expect(saved.status).toBe(201);
    expect(saved.body.item).toMatchObject({
      district_id: '0100004',
      grade_level: 'middle',
      method: 'automated_enrichment',
    });
    expect(await stored()).toBe(before + 1);
  });

  it('reads the document sent as the body: HTML, a PDF, text', async () => {
    const html = await send(fixture('middle-periods-passing.html'), 'text/html; charset=utf-8', '?name=lincoln.html');
    expect(html.status).toBe(200);
    expect(html.body).toMatchObject({ outcome: 'extracted', document: 'lincoln.html', url: null });
    expect(html.body.answers[0]).toMatchObject({ level: 'middle', instructional_minutes: 350, confidence: 'high' });
    expect(html.body.answers[0].bell_schedule.source).toBe('lct bell-schedule extract: lincoln.html');
    const pdf = await send(
      new Blob([Buffer.from(await renderPdf(fixture('high-school-schedule.pdf.txt')))]),
      'application/pdf',
      '?name=westbrook.pdf',
    );
    expect(pdf.body.answers[0]).toMatchObject({ level: 'high', instructional_minutes: 366 });
    const text = await send(
      'School begins 8:10 a.m.\nLunch 11:30-12:00\nDismissal 2:40 p.m.',
      'text/plain',
      '?level=elementary',
    );
    expect(text.body.answers[0]).toMatchObject({ level: 'elementary', instructional_minutes: 360 });
  });

  it('says blocked, or no schedule, with the reason', async () => {
    const blocked = await post(app, '/api/bell-schedules/extract', { url: `${site}/private` });
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({ outcome: 'blocked', detail: 'HTTP 403', answers: [] });
    const none = await send(fixture('news-no-schedule.html'), 'text/html');
    expect(none.body).toMatchObject({ outcome: 'no_schedule', answers: [] });
    expect(none.body.detail).toMatch(/^no /);
  });

  it('refuses bad requests with a message per field', async () => {
    const noUrl = await post(app, '/api/bell-schedules/extract', { level: 'middle' });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.error.fields.url).toMatch(/required/);
    const badUrl = await post(app, '/api/bell-schedules/extract', { url: 'file:///etc/passwd', extra: 1 });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.fields).toMatchObject({
      url: 'must be an http(s) URL',
      extra: expect.stringMatching(/not a field/),
    });
    const badLevel = await send('x', 'text/plain', '?level=college');
    expect(badLevel.status).toBe(400);
    expect((await send('GIF89a', 'image/gif')).status).toBe(415);
    expect((await send('', 'text/html')).status).toBe(400);
    const huge = await send(new Blob([new Uint8Array(MAX_DOCUMENT_BYTES + 1)]), 'application/pdf');
    expect(huge.status).toBe(413);
  });
});
