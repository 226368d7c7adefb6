/**
 * `lct fetch ccd` against a local HTTP server this test starts (never a real host): archives built here
 * from the CCD fixture under the catalog's real 2023-24 names; dropped connections, 404, 500, a bad
 * CRC, a stalled server, and a second fetch that downloads nothing.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogEntries } from '../src/domain/ccd-catalog.js';
import { fetchArchive, fetchCcdArchives } from '../src/fetch/fetch-ccd.js';
import { NotFoundError } from '../src/fetch/download.js';
import { ZipError } from '../src/import/zip.js';
import { importPaths } from '../src/import/run-import.js';
import { DIRECTORY, MEMBERSHIP, STAFF, tempDir } from './helpers/ccd-fixture.js';
import { buildZip, corruptFirstCrc } from './helpers/zip.js';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { CLI, runCli } from './helpers/cli.js';
import { spawnSync } from 'node:child_process';

interface Served {
  body: Buffer;
  /** How each request is answered, by its number (0-based): default the whole body. */
  behaviour?: (request: number, req: http.IncomingMessage, res: http.ServerResponse) => boolean;
}

const routes = new Map<string, Served>();
const requests: { path: string; range?: string; agent?: string }[] = [];
const sockets = new Set<import('node:net').Socket>();
let server: http.Server;
let base: string;

function serveWhole(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  if (start >= body.length) {
    res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
    return;
  }
  res.writeHead(range ? 206 : 200, {
    'Content-Length': body.length - start,
    'Accept-Ranges': 'bytes',
    ...(range ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
  });
  res.end(body.subarray(start));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    const count = requests.filter((r) => r.path === req.url).length;
    requests.push({ path: req.url ?? '', range: req.headers.range, agent: req.headers['user-agent'] });
    if (!route) return void res.writeHead(404).end('not here');
    if (route.behaviour?.(count, req, res)) return;
    serveWhole(req, res, route.body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ccd/Data/zip/`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const names = Object.fromEntries(catalogEntries('2023-24').map((e) => [e.kind, e.name])) as Record<string, string>;
const FIXTURE: Record<string, string> = { directory: DIRECTORY, membership: MEMBERSHIP, staff: STAFF };

/** The three 2023-24 archives, as NCES packs them: the CSV plus documentation to ignore. */
async function serveYear(): Promise<void> {
  for (const kind of ['directory', 'membership', 'staff']) {
    const name = names[kind]!;
    routes.set(`/ccd/Data/zip/${name}.zip`, {
      body: await buildZip([
        { name: `${name}.csv`, data: FIXTURE[kind]! + '\n' },
        { name: `${name}_Documentation.docx`, data: 'not a CSV' },
      ]),
    });
  }
}

/** The folder of the running test; '' for a test that makes none (lct fetch ccd --list). */
let dir = '';
afterEach(() => {
  routes.clear();
  requests.length = 0;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = '';
});

const fast = { retryDelayMs: 5, timeoutMs: 5000 };

describe('lct fetch ccd from a local server', () => {
  it('fetches the catalog names, verifies them, and a second fetch downloads nothing', async () => {
    dir = tempDir('lct-fetch-');
    await serveYear();
    const first = await fetchCcdArchives(catalogEntries('2023-24'), { dir, baseUrl: base, ...fast });
    expect(first.map((f) => [f.kind, f.status, path.basename(f.file)])).toEqual([
      ['directory', 'downloaded', 'ccd_lea_029_2324_w_1a_073124.zip'],
      ['membership', 'downloaded', 'ccd_lea_052_2324_l_1a_073124.zip'],
      ['staff', 'downloaded', 'ccd_lea_059_2324_l_1a_073124.zip'],
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(first.map((f) => path.basename(f.file)).sort());
    expect(requests.every((r) => /^lct\/\d+\.\d+\.\d+ /.test(r.agent ?? ''))).toBe(true);
    const served = requests.length;
    const second = await fetchCcdArchives(catalogEntries('2023-24'), { dir, baseUrl: base, ...fast });
    expect(second.map((f) => f.status)).toEqual(['cached', 'cached', 'cached']);
    expect(requests.length).toBe(served);
  });

  it('resumes a connection dropped halfway with Range', async () => {
    dir = tempDir('lct-fetch-');
    const body = await buildZip([{ name: 'ccd_lea_052_2324_l_1a_073124.csv', data: MEMBERSHIP.repeat(40) }]);
    const half = Math.floor(body.length / 2);
    routes.set('/ccd/Data/zip/drop.zip', {
      body,
      behaviour: (n, _req, res) => {
        if (n > 0) return false;
        res.writeHead(200, { 'Content-Length': body.length });
        res.write(body.subarray(0, half), () => res.socket?.destroy());
        return true;
      },
    });
    const result = await fetchArchive(`${base}drop.zip`, { dir, ...fast });
    expect(result).toMatchObject({ status: 'downloaded', attempts: 2, resumed_bytes: half, bytes: body.length });
    expect(requests.map((r) => r.range)).toEqual([undefined, `bytes=${half}-`]);
    expect(fs.readFileSync(result.file).equals(body)).toBe(true);
  });

  it('retries a 500 and then succeeds', async () => {
    dir = tempDir('lct-fetch-');
    const body = await buildZip([{ name: 'a.csv', data: 'LEAID\n0100001\n' }]);
    routes.set('/ccd/Data/zip/flaky.zip', {
      body,
      behaviour: (n, _req, res) => (n === 0 ? (res.writeHead(500).end('busy'), true) : false),
    });
    const result = await fetchArchive(`${base}flaky.zip`, { dir, ...fast });
    expect(result).toMatchObject({ status: 'downloaded', attempts: 2 });
  });

  it('says a 404 may be a renamed file, and how to pass --url', async () => {
    dir = tempDir('lct-fetch-');
    const error = (await fetchArchive(`${base}gone.zip`, { dir, ...fast }).catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('gone.zip answered 404');
    expect(error.hint).toContain('renamed');
    expect(error.hint).toContain('--url');
    expect(requests.length).toBe(1);
  });

  it('times out a stalled server', async () => {
    dir = tempDir('lct-fetch-');
    routes.set('/ccd/Data/zip/stall.zip', {
      body: Buffer.alloc(0),
      behaviour: (_n, _req, res) => {
        res.writeHead(200, { 'Content-Length': 1000 });
        res.write(Buffer.alloc(10));
        return true; // and nothing more
      },
    });
    const error = (await fetchArchive(`${base}stall.zip`, { dir, timeoutMs: 200, retries: 1, retryDelayMs: 5 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toMatch(/after 2 attempts: no data for 0.2 s \(timed out\)/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.zip'))).toEqual([]);
  });
});

describe.each(ENGINES)('fetched archives imported on %s', (engine) => {
  // Each test counts rows from an empty database: a fresh one per test.
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(engine);
  });
  afterEach(() => t.destroy());

  it('a zip with a wrong CRC is refused: nothing in the cache, nothing in the database', async () => {
    dir = tempDir('lct-fetch-');
    await serveYear();
    const name = names.membership!;
    routes.set(`/ccd/Data/zip/${name}.zip`, { body: corruptFirstCrc(routes.get(`/ccd/Data/zip/${name}.zip`)!.body) });
    const error = (await fetchCcdArchives(catalogEntries('2023-24'), { dir, baseUrl: base, ...fast }).catch(
      (e: unknown) => e,
    )) as ZipError;
    expect(error).toBeInstanceOf(ZipError);
    expect(error.message).toMatch(/does not match its CRC-32.*refused and deleted/);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(name))).toEqual([]);
    // What did arrive imports on its own, without the refused file.
    expect((await t.db.query('SELECT count(*)::int AS n FROM grade_level_enrollment')).rows[0]).toEqual({ n: 0 });
  });

  it('imports the fetched archives as they are, with exact totals', async () => {
    dir = tempDir('lct-fetch-');
    await serveYear();
    await fetchCcdArchives(catalogEntries('2023-24'), { dir, baseUrl: base, ...fast });
    const summary = await importPaths(t.db, [dir]);
    expect(summary.files.map((f) => [f.file, f.table])).toEqual([
      ['ccd_lea_029_2324_w_1a_073124.csv', 'districts'],
      ['ccd_lea_029_2324_w_1a_073124.csv', 'district_directory'],
      ['ccd_lea_052_2324_l_1a_073124.csv', 'grade_level_enrollment'],
      ['ccd_lea_059_2324_l_1a_073124.csv', 'grade_level_staffing'],
    ]);
    const totals = await t.db.query(
      `SELECT (SELECT sum(enrollment)::int FROM grade_level_enrollment) AS students,
              (SELECT sum(fte_count)::float FROM grade_level_staffing WHERE category <> 'teachers_total') AS fte,
              (SELECT string_agg(nces_id || ':' || enrollment, ',' ORDER BY nces_id) FROM districts) AS k12`,
    );
    expect(totals.rows[0]).toEqual({
      students: 5 + 22 + 15 + 7 + 10 + 2,
      fte: 2.5 + 1 + 4.25 + 1,
      k12: '0100001:37,0100002:17',
    });
  });
});

describe('lct fetch ccd, as a user types it', () => {
  it('--list prints the catalog with where each name was seen', async () => {
    const result = await runCli(['fetch', 'ccd', '--list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2015-16  staff       wide    CCD_LEA_059_1516_W_1a_011717_csv');
    expect(result.stdout).toMatch(/2014-15 +directory +wide\/tab +ccd_lea_029_1415_w_0216161ar_txt/);
    expect(result.stdout).toContain('Sources:');
  });

  it('fetches a year from --base-url and imports it with --import', async () => {
    dir = tempDir('lct-fetch-');
    await serveYear();
    const result = await runCli([
      '--memory',
      'fetch',
      'ccd',
      '--year',
      '2023-24',
      '--base-url',
      base,
      '--dir',
      dir,
      '--import',
    ]);
    expect(result.stderr + result.stdout).toContain('downloaded');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ccd_lea_052_2324_l_1a_073124.csv → grade_level_enrollment: 7 rows, 7 inserted');
    expect(result.stdout).toMatch(/self-check: 2 districts checked against the file's own totals, 2 agree, 0 differ/);
  });

  it('lct start --fetch --year fetches into the cache root, imports and calculates', async () => {
    dir = tempDir('lct-fetch-');
    await serveYear();
    const result = await runCli(['--memory', 'start', '--fetch', '--year', '2023-24', '--base-url', base], {
      LCT_CACHE_DIR: dir,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'ccd')).sort()).toEqual([
      'ccd_lea_029_2324_w_1a_073124.zip',
      'ccd_lea_052_2324_l_1a_073124.zip',
      'ccd_lea_059_2324_l_1a_073124.zip',
    ]);
    expect(result.stdout).toContain('Fetched the NCES CCD files of 2023-24');
    expect(result.stdout).toContain('Districts processed: 2.');
  });

  // A network namespace of its own, with only loopback: no packet leaves this machine.
  it('says in one line that there is no network', () => {
    dir = tempDir('lct-fetch-');
    const result = spawnSync(
      'unshare',
      ['-n', 'bash', '-c', `ip link set lo up; "${process.execPath}" "${CLI}" fetch ccd --year 2023-24 --dir "${dir}"`],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^error: No network: cannot reach nces\.ed\.gov \((EAI_AGAIN|ENOTFOUND|ENETUNREACH)\)\.\n/,
    );
    expect(result.stderr).toContain(`lct import ccd ${dir}`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
