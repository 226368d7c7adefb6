/**
 * Hostile requests against a real listening `lct serve` server (startServer) on both engines: injection
 * strings in every parameter and body field, oversized and chunked bodies, malformed JSON, wrong content
 * types, missing and wrong tokens, path traversal on the static files, broken HTTP. Every answer is a
 * 4xx (never a 5xx), nothing outside the web root is ever sent, and after every test (whatever ran before
 * it) every table's checksum is the one taken before any request, and the server keeps serving.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { QUERIES_FIXTURE } from '../fixtures/queries-fixture.js';
import { INJECTIONS, TEST_TOKEN, makeWebRoot, rawRequest } from '../helpers/api.js';
import { ResponseChecker } from '../helpers/openapi-check.js';
import { refreshMaterializedViews } from '../../src/db/refresh-views.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { tableChecksums } from '../../src/backup/table-checksums.js';

/** Every GET route with every parameter it takes. */
const GET_ROUTES: { path: (v: string) => string; params: string[] }[] = [
  { path: () => '/api/districts', params: ['state', 'q', 'min_enrollment', 'max_enrollment', 'page', 'per_page'] },
  { path: (v) => `/api/districts/${v}`, params: [] },
  { path: () => '/api/lct', params: ['year', 'scope', 'state', 'valid', 'page', 'per_page', 'format'] },
  { path: () => '/api/lct?format=csv', params: ['year', 'scope', 'state', 'valid'] },
  { path: () => '/api/lct/summary', params: ['year', 'scope', 'state', 'group_by'] },
  { path: () => '/api/lct/histogram', params: ['year', 'scope', 'state', 'bins'] },
  { path: () => '/api/states', params: ['year'] },
  { path: () => '/api/campaign/candidates', params: ['state', 'year', 'limit'] },
  { path: () => '/api/runs', params: ['year', 'limit'] },
  { path: (v) => `/api/runs/${v}`, params: [] },
  { path: () => '/health', params: ['x'] },
];

const BODY_FIELDS = [
  'district_id',
  'year',
  'grade_level',
  'instructional_minutes',
  'start_time',
  'end_time',
  'lunch_duration',
  'passing_periods',
  'method',
  'confidence',
  'schools_sampled',
  'source_urls',
  'source',
  'notes',
  'created_by',
];

const TRAVERSALS = [
  '/../package.json',
  '/../../package.json',
  '/..%2fpackage.json',
  '/..%2F..%2Fpackage.json',
  '/%2e%2e/package.json',
  '/%2e%2e/%2e%2e/package.json',
  '/%2e%2e%2fpackage.json',
  '/assets/..%2f..%2fsecret.txt',
  '/assets/../../secret.txt',
  '/assets/%2e%2e/%2e%2e/secret.txt',
  '/..\\..\\package.json',
  '/%2e%2e%5c%2e%2e%5cpackage.json',
  '/..%5c..%5csecret.txt',
  '/assets/%252e%252e/%252e%252e/secret.txt',
  '/....//....//secret.txt',
  '/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json',
  '/%00../package.json',
  '/index.html%00.js',
  '/app.js%00',
  '//etc/passwd',
  '/../../../../../../etc/passwd',
  '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/link.txt',
  '/.env',
  '/assets/.%2e/secret.txt',
  '/%',
  '/%zz',
  '/%E0%A4%A',
  '/assets/logo.svg/..%2f..%2f..%2fsecret.txt',
];

/** 3,000 more districts (in VI) with 7 results each for 2021-22: a CSV of about 2 MB, streamed in many blocks. */
const BULK_DISTRICTS = 3000;
const BULK_RESULTS = `
INSERT INTO districts (nces_id, name, state, enrollment) SELECT '78' || lpad(i::text, 5, '0'), 'Bulk ' || i, 'VI', 1000 + i FROM generate_series(1, ${BULK_DISTRICTS}) i;
INSERT INTO calculation_runs (run_id, year, run_type, status, scopes, started_at, completed_at) VALUES ('bulk', '2021-22', 'full', 'completed', '{teachers_only}', now() - interval '5 hours', now() - interval '5 hours');
INSERT INTO lct_calculations (district_id, year, scope, instructional_minutes, staff_count, enrollment, lct_value, valid, run_id)
SELECT '78' || lpad(i::text, 5, '0'), '2021-22', s, 360, 50 + i % 7, 1000 + i, round(360.0 * (50 + i % 7) / (1000 + i), 2), true, 'bulk'
FROM generate_series(1, ${BULK_DISTRICTS}) i, unnest(ARRAY['teachers_only', 'teachers_core', 'instructional', 'instructional_plus_support', 'all', 'teachers_elementary', 'teachers_secondary']) s;
`;

describe.each(ENGINES)('hostile requests on %s', (engine) => {
  let t: TestDatabase;
  let server: RunningServer;
  let web: ReturnType<typeof makeWebRoot>;
  let before: Awaited<ReturnType<typeof tableChecksums>>;
  let checker: ResponseChecker;
  /** How many JSON answers the checker had validated when the current test began. */
  let jsonChecked = 0;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await t.db.execScript(QUERIES_FIXTURE);
    await t.db.execScript(BULK_RESULTS);
    await refreshMaterializedViews(t.db);
    web = makeWebRoot();
    server = await startServer(t.db, { port: 0, token: TEST_TOKEN, webRoot: web.root, log: (m) => problems.push(m) });
    before = await tableChecksums(t.db);
    checker = new ResponseChecker(JSON.parse((await rawRequest(server.port, 'GET', '/openapi.json')).body));
  });
  afterAll(async () => {
    await server?.close(1000);
    await t?.destroy();
    web?.cleanup();
  });

  /** A raw request whose answer is checked against the server's OpenAPI document (an API answer must match it). */
  const request = async (method: string, path: string, options: Parameters<typeof rawRequest>[3] = {}) => {
    const r = await rawRequest(server.port, method, path, options);
    const type = r.headers['content-type'];
    checker.check(method, path.split('?')[0]!, r.status, Array.isArray(type) ? type[0]! : (type ?? null), r.body);
    return r;
  };
  const get = (path: string, headers: Record<string, string> = {}) => request('GET', path, { headers });
  const expectClientError = (status: number, what: string) => {
    expect(status, what).toBeGreaterThanOrEqual(400);
    expect(status, what).toBeLessThan(500);
  };
  /** A hostile parameter value is refused (4xx) or, where it is only a search term, finds nothing. */
  const expectRefusedOrEmpty = (
    r: { status: number; headers: Record<string, unknown>; body: string },
    what: string,
  ) => {
    if (r.status !== 200) return expectClientError(r.status, what);
    if (String(r.headers['content-type']).startsWith('application/json')) {
      const body = JSON.parse(r.body) as { total?: number; items?: unknown[] };
      if (body.total !== undefined) expect(body.total, what).toBe(0);
    }
  };

  beforeEach(() => {
    jsonChecked = checker.checked.json;
  });
  // After each test, whichever ran before it: every table unchanged, and the server still answers.
  afterEach(async () => {
    expect(await tableChecksums(t.db)).toEqual(before);
    expect((await get('/health')).status).toBe(200);
    const districts = await get('/api/districts?state=AL');
    expect(JSON.parse(districts.body).total).toBe(5);
    expect(problems).toEqual([]);
  });

  it('injection strings in every parameter: 400 or empty results, never 5xx', async () => {
    let requests = 0;
    for (const value of INJECTIONS) {
      const encoded = encodeURIComponent(value);
      for (const route of GET_ROUTES) {
        const base = route.path(encoded);
        if (route.params.length === 0) {
          const r = await get(base);
          requests++;
          expectClientError(r.status, base);
          expect([400, 404], base).toContain(r.status);
          continue;
        }
        for (const param of route.params) {
          const url = `${base}${base.includes('?') ? '&' : '?'}${param}=${encoded}`;
          const r = await get(url);
          requests++;
          expectRefusedOrEmpty(r, url);
        }
      }
    }
    // Unencoded quotes, spaces and semicolons straight on the wire too.
    for (const path of [
      "/api/districts?q=';drop table districts;--",
      "/api/districts/0100001'--",
      "/api/lct?state=AL' OR '1'='1",
      '/api/runs/r1;DELETE FROM calculation_runs',
    ]) {
      const r = await get(path.replace(/ /g, '%20'));
      requests++;
      expectRefusedOrEmpty(r, path);
    }
    expect(requests).toBeGreaterThan(500);
    // Every answer was JSON and matched the document.
    expect(checker.checked.json - jsonChecked).toBe(requests);
    expect(problems).toEqual([]);
  });

  it('injection strings in the body and the Authorization header: refused, nothing written', async () => {
    const valid = { district_id: '0100004', year: '2025-26', grade_level: 'high', instructional_minutes: 360 };
    let requests = 0;
    const send = (body: unknown, token = TEST_TOKEN) => {
      requests++;
      return request('POST', '/api/bell-schedules', {
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    };
    for (const value of INJECTIONS) {
      for (const field of BODY_FIELDS) {
        // With an unknown district as well, even a text field that accepts anything leaves the data alone.
        const r = await send({ ...valid, district_id: field === 'district_id' ? value : '0999999', [field]: value });
        expect(r.status, `${field}=${value.slice(0, 40)}`).toBe(422);
      }
      const noToken = await send({ ...valid, notes: value }, encodeURIComponent(value));
      expect(noToken.status).toBe(401);
      // Latin-1 bytes on the wire as they come (Node's client refuses other characters in headers).
      const headerInjection = await request('POST', '/api/bell-schedules', {
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${value.replace(/[^\x20-\x7e\xa0-\xff]/g, '?')}`,
        },
        body: JSON.stringify(valid),
      });
      requests++;
      expect(headerInjection.status).toBe(401);
    }
    // Every refusal was JSON and matched the document.
    expect(checker.checked.json - jsonChecked).toBe(requests);
  });

  it('oversized, chunked, malformed and mistyped bodies; missing and wrong tokens', async () => {
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_TOKEN}` };
    const big = JSON.stringify({
      district_id: '0100004',
      year: '2025-26',
      grade_level: 'high',
      instructional_minutes: 360,
      notes: 'x'.repeat(65 * 1024),
    });
    expect((await request('POST', '/api/bell-schedules', { headers, body: big })).status).toBe(413);
    // No Content-Length (chunked): counted while read, refused past the limit.
    const chunked = await new Promise<number>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1');
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('error', reject);
      socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
      socket.write(
        `POST /api/bell-schedules HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
      );
      const piece = 'y'.repeat(16 * 1024);
      for (let i = 0; i < 8; i++) socket.write(`${piece.length.toString(16)}\r\n${piece}\r\n`);
      socket.end('0\r\n\r\n');
    });
    expect(chunked).toBe(413);
    // A body too big for anyone without the token: 401 before it is read.
    expect(
      (
        await request('POST', '/api/bell-schedules', {
          headers: { 'Content-Type': 'application/json' },
          body: big,
        })
      ).status,
    ).toBe(401);
    for (const body of [
      '{',
      '{"district_id": ',
      'nul',
      '{"a": undefined}',
      "{'a': 1}",
      '\u0000',
      '[1,]',
      '{"a":1}}',
      '['.repeat(30_000),
      '\ufeff{}x',
    ]) {
      const r = await request('POST', '/api/bell-schedules', { headers, body });
      expect([400, 422], JSON.stringify(body.slice(0, 20))).toContain(r.status);
    }
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xx',
      'application/xml',
      'application/jsonx',
      'text/json',
      '',
    ]) {
      const r = await request('POST', '/api/bell-schedules', {
        headers: { ...headers, 'Content-Type': type },
        body: '{}',
      });
      expect(r.status, type).toBe(415);
    }
    for (const authorization of [
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${TEST_TOKEN} extra`,
      `bearer${TEST_TOKEN}`,
      `Basic ${Buffer.from(`x:${TEST_TOKEN}`).toString('base64')}`,
      `Bearer ${TEST_TOKEN.toUpperCase()}`,
      `Bearer ${'a'.repeat(8000)}`,
    ]) {
      const r = await request('POST', '/api/bell-schedules', {
        headers: { ...headers, Authorization: authorization },
        body: '{}',
      });
      expect(r.status, authorization.slice(0, 30)).toBe(401);
    }
    for (const method of ['PUT', 'PATCH']) {
      expect((await request(method, '/api/bell-schedules', { headers, body: '{}' })).status).toBe(405);
    }
    expect((await request('DELETE', '/api/bell-schedules', { headers })).status).toBe(405);
    // The 30 answers above (all but the raw chunked one) were JSON and matched the document.
    expect(checker.checked.json - jsonChecked).toBe(30);
  });

  it('path traversal never sends a file outside the web root', async () => {
    for (const path of TRAVERSALS) {
      const r = await get(path);
      // Refused, or a path without an extension, which is one of the dashboard's routes: its index page.
      if (r.status === 200) expect(r.body, path).toContain('<title>LCT dashboard</title>');
      else expectClientError(r.status, path);
      expect(r.body, path).not.toContain(web.secret);
      expect(r.body, path).not.toContain('hidden-dotfile');
      expect(r.body, path).not.toContain('"name": "lct"');
      expect(r.body, path).not.toMatch(/root:.*:0:0:/);
    }
    expect((await get('/app.js')).body).toContain('dashboard');
  });

  it('broken HTTP and floods of requests at once leave the server serving', async () => {
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(server.port, '127.0.0.1');
        let data = '';
        socket.on('data', (d) => (data += d));
        socket.on('error', () => resolve(data));
        socket.on('close', () => resolve(data));
        socket.end(text);
      });
    expect(await raw('GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw(`GET /api/districts HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 431/,
    );
    expect(await raw('GET /api/districts HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400/,
    );
    await raw('POST /api/bell-schedules HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"district_id"'); // cut off
    const flood = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const value = encodeURIComponent(INJECTIONS[i % INJECTIONS.length]!);
        return rawRequest(
          server.port,
          'GET',
          [
            `/api/districts?q=${value}`,
            `/api/districts/${value}`,
            `/api/lct?state=${value}`,
            '/api/lct/summary?group_by=state',
          ][i % 4]!,
        );
      }),
    );
    expect(flood.filter((r) => r.status >= 500)).toEqual([]);
  });

  it('CSV downloads cut off after the first bytes keep no database connection', async () => {
    const cutOff = () =>
      new Promise<void>((resolve) => {
        const socket = net.connect(server.port, '127.0.0.1');
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        socket.once('data', () => socket.destroy());
        socket.write('GET /api/lct?format=csv&year=2021-22 HTTP/1.1\r\nHost: x\r\n\r\n');
      });
    // More than the pool's 5 connections, one after the other and all at once.
    for (let i = 0; i < 8; i++) await cutOff();
    await Promise.all(Array.from({ length: 8 }, cutOff));
    // With a connection kept by any of them, the pool (5) would be exhausted and this would never be answered.
    const after = await get('/api/districts?state=AL');
    expect(after.status).toBe(200);
    const full = await get('/api/lct?format=csv&year=2021-22');
    expect(full.body.trimEnd().split('\n')).toHaveLength(1 + 7 * BULK_DISTRICTS);
  });
});
