/**
 * `lct mcp` as an assistant's client meets it: the SDK's own Client spawns the built CLI over stdio, on
 * both engines (a data folder built here for the embedded one, a server database for the other), with the
 * query-utility fixture. Every tool is called; read answers equal the library functions' on the same data.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI } from './helpers/cli.js';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import type { Database, EngineName } from '../src/db/database.js';
import { PgliteDatabase } from '../src/db/pglite-engine.js';
import { refreshMaterializedViews } from '../src/db/refresh-views.js';
import { MIGRATION_FILES } from './helpers/migration-files.js';
import { listSchema } from '../src/db/schema.js';
import { ALL_SCOPES } from '../src/domain/scopes.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { getStateCampaignProgress } from '../src/queries/get-state-campaign-progress.js';
import { getLctSummaryByScope } from '../src/queries/get-lct-summary-by-scope.js';
import { getEnrichmentSummary } from '../src/queries/get-enrichment-summary.js';
import { getNextEnrichmentCandidates } from '../src/queries/get-next-enrichment-candidates.js';
import { searchDistricts } from '../src/queries/search-districts.js';
import { getDistrictDetails } from '../src/queries/get-district-details.js';
import { getDistrictProfile } from '../src/queries/get-district-profile.js';
import { summarizeLct } from '../src/queries/summarize-lct.js';
import { getRun } from '../src/calculate/get-run.js';
import { listRuns } from '../src/runs/list-runs.js';
import { diffRuns } from '../src/runs/diff-runs.js';
import { getDistrictTrend } from '../src/queries/get-district-trend.js';
import { getStateTrend } from '../src/queries/get-state-trend.js';
import { getNationalTrend } from '../src/queries/get-national-trend.js';
import { attemptDocument } from '../src/extract/attempt.js';
import { describeAttempt } from '../src/api/routes/extract.js';

const CLIENT_NAME = 'lct-test-client';
/** The query tool's timeout in these tests: short, so that a pg_sleep(60) is stopped quickly. */
const QUERY_TIMEOUT_MS = 400;

/** What JSON makes of a value (Dates become ISO 8601 text), as the structured content carries it. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

interface McpSession {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
}

async function startMcp(
  env: Record<string, string>,
  globalArgs: string[],
  mcpArgs: string[] = [],
): Promise<McpSession> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL') childEnv[k] = v;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...globalArgs, 'mcp', ...mcpArgs],
    env: { ...childEnv, ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr!.on('data', (d) => (stderr += d));
  const client = new Client({ name: CLIENT_NAME, version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The structured content of a successful call. */
async function structured(client: Client, name: string, args: Record<string, unknown> = {}): Promise<unknown> {
  const result = await call(client, name, args);
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  expect((result.content[0] as { type: string; text: string }).text.length).toBeGreaterThan(0);
  return result.structuredContent;
}

function errorText(result: CallToolResult): string {
  expect(result.isError).toBe(true);
  return (result.content[0] as { text: string }).text;
}

/** Row counts of the tables a write could touch. */
const COUNTS_SQL = `SELECT (SELECT count(*)::int FROM bell_schedules) AS bell_schedules,
        (SELECT count(*)::int FROM campaign_claims) AS campaign_claims,
        (SELECT count(*)::int FROM data_lineage) AS data_lineage,
        (SELECT count(*)::int FROM districts) AS districts`;

async function counts(db: Database): Promise<Record<string, number>> {
  return (await db.query<Record<string, number>>(COUNTS_SQL)).rows[0]!;
}

/** The same counts read by the server's own query tool (the embedded folder is the server's while it runs). */
async function countsThroughServer(client: Client): Promise<Record<string, number>> {
  const result = (await structured(client, 'query', { sql: COUNTS_SQL })) as {
    columns: { name: string }[];
    rows: number[][];
  };
  return Object.fromEntries(result.columns.map((column, i) => [column.name, result.rows[0]![i]!]));
}

const READ_TOOLS = [
  'query_campaign_progress',
  'query_lct_summary',
  'query_enrichment_summary',
  'query_next_candidates',
  'database_status',
  'search_districts',
  'lookup_district',
  'get_district_profile',
  'state_summary',
  'list_runs',
  'get_run',
  'diff_runs',
  'district_trend',
  'lct_trend',
  'lct_movers',
  'query',
];
const WRITE_TOOLS = ['add_bell_schedule', 'claim_district', 'release_claim'];
/** Reads a page; stores only when asked on a server that allows writes. */
const EXTRACT_TOOL = 'extract_bell_schedule';

const PAGE_FILE = 'middle-periods-passing.html';
const PAGE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'bell-schedules', PAGE_FILE), 'utf8');

/** A school site on this machine: the page, a page that refuses robots, no robots.txt. */
function startSite(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const page = new URL(req.url!, 'http://x').pathname;
    if (page === '/bell-schedule') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
    else if (page === '/forbidden') res.writeHead(403, { 'Content-Type': 'text/html' }).end('<h1>Forbidden</h1>');
    else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
      }),
    ),
  );
}

/** A database holding the query-utility fixture (views refreshed), for a spawned `lct mcp` to serve. */
interface ServedDatabase {
  /** The server database on the server engine; null on the embedded one. */
  server: TestDatabase | null;
  /** The embedded data folder (unused on the server engine). */
  pgdata: string;
  env: Record<string, string>;
  globalArgs: string[];
  /** The database, when nothing else has it open (the embedded folder takes one process at a time). */
  withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

async function serveFixture(engine: EngineName): Promise<ServedDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-mcp-'));
  const pgdata = path.join(dir, 'pgdata');
  let server: TestDatabase | null = null;
  const destroy = async () => {
    await server?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    let env: Record<string, string>;
    let globalArgs: string[];
    if (engine === 'postgres') {
      server = await createTestDatabase('postgres');
      env = { DATABASE_URL: server.url! };
      globalArgs = [];
    } else {
      // A data folder holding the migrated template, for the spawned server to open.
      const template = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
      await (await PgliteDatabase.open(pgdata, { loadDataDir: template })).close();
      env = {};
      globalArgs = ['--data-dir', pgdata];
    }
    const served = server;
    const withDb = async <T>(fn: (db: Database) => Promise<T>): Promise<T> => {
      if (served) return fn(served.db);
      const db = await PgliteDatabase.open(pgdata);
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    };
    await withDb(async (db) => {
      await db.execScript(QUERIES_FIXTURE);
      await refreshMaterializedViews(db);
    });
    return { server, pgdata, env, globalArgs, withDb, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}

describe.each(ENGINES)('lct mcp on %s', (engine: EngineName) => {
  /** Served to the tests that only read; a test that writes serves a database of its own. */
  let shared: ServedDatabase;
  let server: TestDatabase | null = null;
  let env: Record<string, string>;
  let globalArgs: string[];
  /** The library's answers on the data the server serves, computed before it starts. */
  const expected: Record<string, unknown> = {};

  beforeAll(async () => {
    shared = await serveFixture(engine);
    ({ server, env, globalArgs } = shared);
    await shared.withDb(async (db) => {
      expected.progress = { year: '2025-26', states: await getStateCampaignProgress(db, '2025-26') };
      expected.summary = { year: '2023-24', summaries: [await getLctSummaryByScope(db, 'teachers_only', '2023-24')] };
      expected.enrichment = await getEnrichmentSummary(db, '2025-26');
      expected.candidates = {
        state: 'AL',
        year: '2025-26',
        candidates: await getNextEnrichmentCandidates(db, 'AL', '2025-26', { limit: 3 }),
      };
      expected.search = await searchDistricts(db, { q: 'w', state: 'WI', per_page: 10 });
      expected.details = await getDistrictDetails(db, '0100001');
      expected.profile = await getDistrictProfile(db, '0100001');
      expected.stateLct = await summarizeLct(db, { year: '2023-24', state: 'WI', group_by: 'scope' });
      expected.wiProgress = (await getStateCampaignProgress(db, '2025-26')).find((p) => p.state === 'WI');
      expected.wiCandidates = await getNextEnrichmentCandidates(db, 'WI', '2025-26', { limit: 5 });
      expected.runs = await listRuns(db, { limit: 20 });
      expected.run = await getRun(db, 'r2');
      expected.diff = await diffRuns(db, 'r1', 'r2');
      expected.districtIds = (
        await db.query<{ nces_id: string }>('SELECT nces_id FROM districts ORDER BY nces_id')
      ).rows.map((r) => r.nces_id);
      expected.counts = await counts(db);
      expected.districtTrend = await getDistrictTrend(db, '0100001', { scope: 'teachers_only' });
      expected.nationTrend = await getNationalTrend(db, { scope: 'teachers_only' });
      expected.wiTrend = await getStateTrend(db, 'WI', { scope: 'instructional' });
    });
  });
  afterAll(async () => {
    await shared?.destroy();
  });

  describe('read-only (the default)', () => {
    let mcp: McpSession;
    beforeAll(async () => {
      mcp = await startMcp(env, globalArgs, ['--query-timeout', String(QUERY_TIMEOUT_MS), '--row-limit', '4']);
    });
    afterAll(async () => {
      await mcp?.close();
    });

    it('lists every tool, each with a description and input and output schemas, and the three resources', async () => {
      const { tools } = await mcp.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS, EXTRACT_TOOL].sort());
      for (const tool of tools) {
        expect(tool.description!.length, tool.name).toBeGreaterThan(60);
        expect(tool.inputSchema.type).toBe('object');
        expect(tool.outputSchema?.type, tool.name).toBe('object');
        expect(tool.annotations?.readOnlyHint, tool.name).toBe(!WRITE_TOOLS.includes(tool.name));
        expect(tool.annotations?.openWorldHint, tool.name).toBe(tool.name === EXTRACT_TOOL);
      }
      const { resources } = await mcp.client.listResources();
      expect(resources.map((r) => r.uri)).toEqual(['lct://schema', 'lct://methodology', 'lct://scopes']);
      expect(mcp.stderr()).toContain('lct mcp: serving');
    });

    it("answers the original server's five tools as the library does", async () => {
      const c = mcp.client;
      expect(await structured(c, 'query_campaign_progress', { year: '2025-26' })).toEqual(asJson(expected.progress));
      // Without a year: the latest year with bell schedules.
      expect(await structured(c, 'query_campaign_progress')).toEqual(asJson(expected.progress));
      expect(await structured(c, 'query_lct_summary', { scope: 'teachers_only', year: '2023-24' })).toEqual(
        asJson(expected.summary),
      );
      // Without arguments: every scope with results of the latest calculated year (only teachers_only here).
      expect(await structured(c, 'query_lct_summary')).toEqual(asJson(expected.summary));
      expect(await structured(c, 'query_enrichment_summary', { year: '2025-26' })).toEqual(asJson(expected.enrichment));
      expect(await structured(c, 'query_next_candidates', { state: 'al', year: '2025-26', limit: 3 })).toEqual(
        asJson(expected.candidates),
      );
      const status = (await structured(c, 'database_status')) as Record<string, unknown>;
      expect(status).toMatchObject({
        engine,
        migrations_applied: MIGRATION_FILES.length,
        migrations_pending: 0,
        writes_allowed: false,
        query_timeout_ms: QUERY_TIMEOUT_MS,
        query_row_limit: 4,
        data: {
          total_districts: 10,
          calculated_years: ['2023-24'],
          bell_schedule_years: [
            { year: '2025-26', schedules: 7 },
            { year: '2024-25', schedules: 1 },
          ],
          latest_run: { run_id: 'r3', year: '2023-24', status: 'failed', completed_at: null },
        },
      });
    });

    it('gives trends as the library does, and says why movers need two calculated years', async () => {
      const c = mcp.client;
      expect(await structured(c, 'district_trend', { district_id: '100001' })).toEqual(asJson(expected.districtTrend));
      expect(await structured(c, 'lct_trend')).toEqual(asJson(expected.nationTrend));
      expect(await structured(c, 'lct_trend', { state: 'wi', scope: 'instructional' })).toEqual(
        asJson(expected.wiTrend),
      );
      // The fixture has one calculated year: movers need two.
      expect(errorText(await call(c, 'lct_movers'))).toMatch(/two calculated years/);
      expect(errorText(await call(c, 'district_trend', { district_id: '9999999' }))).toMatch(/No district 9999999/);
      expect(errorText(await call(c, 'lct_trend', { from: '2023-24', to: '2019-20' }))).toMatch(/after/);
    });

    it('finds districts by name or id with their current LCT, and gives one district and its profile', async () => {
      const c = mcp.client;
      const search = (await structured(c, 'search_districts', { query: 'w', state: 'wi' })) as {
        items: { nces_id: string; lct: unknown[] }[];
      };
      const page = expected.search as { items: { nces_id: string }[]; total: number };
      expect(search).toMatchObject({ year: '2023-24', total: page.total, page: 1, per_page: 10 });
      expect(search.items.map(({ lct: _lct, ...d }) => d)).toEqual(asJson(page.items));
      // The fixture's current teachers_only values: W1 30 (run r1), W2 17; W3 and W4 were never calculated.
      expect(Object.fromEntries(search.items.map((d) => [d.nces_id, d.lct]))).toEqual({
        '5500001': [{ scope: 'teachers_only', lct_value: 30, valid: true }],
        '5500002': [{ scope: 'teachers_only', lct_value: 17, valid: true }],
        '5500003': [],
        '5500004': [],
      });
      // By id, with the leading zero lost.
      const byId = (await structured(c, 'search_districts', { query: '100001' })) as { items: { nces_id: string }[] };
      expect(byId.items.map((d) => d.nces_id)).toEqual(['0100001']);
      // A's current value is run r2's 14, not r1's 10.
      expect(await structured(c, 'lookup_district', { district_id: '100001' })).toEqual(asJson(expected.details));
      expect(await structured(c, 'get_district_profile', { district_id: '0100001' })).toEqual(asJson(expected.profile));
      expect(await structured(c, 'state_summary', { state: 'WI', year: '2023-24', campaign_year: '2025-26' })).toEqual(
        asJson({
          state: 'WI',
          name: 'Wisconsin',
          year: '2023-24',
          lct_by_scope: expected.stateLct,
          campaign_year: '2025-26',
          campaign: expected.wiProgress,
          next_candidates: expected.wiCandidates,
        }),
      );
    });

    it('lists runs, shows one, and diffs two', async () => {
      const c = mcp.client;
      expect(await structured(c, 'list_runs')).toEqual(asJson({ runs: expected.runs }));
      expect(await structured(c, 'get_run', { run_id: 'r2' })).toEqual(asJson(expected.run));
      expect(await structured(c, 'diff_runs', { run_a: 'r1', run_b: 'r2' })).toEqual(
        asJson({ ...(expected.diff as object), truncated: false }),
      );
      const cut = (await structured(c, 'diff_runs', { run_a: 'r1', run_b: 'r2', limit: 1 })) as {
        changes: unknown[];
        rows_changed: number;
        truncated: boolean;
      };
      expect([cut.changes.length, cut.rows_changed, cut.truncated]).toEqual([1, 2, true]);
    });

    it('query runs read-only SQL, cuts at the row limit and says so', async () => {
      const c = mcp.client;
      const all = (await structured(c, 'query', {
        sql: 'SELECT nces_id, name, nces_id FROM districts ORDER BY 1',
      })) as {
        columns: { name: string; type: string }[];
        rows: unknown[][];
        truncated: boolean;
        row_count: number;
      };
      expect(all.columns).toEqual([
        { name: 'nces_id', type: 'character varying' },
        { name: 'name', type: 'character varying' },
        { name: 'nces_id', type: 'character varying' },
      ]);
      const ids = expected.districtIds as string[];
      expect(all.rows.map((r) => r[0])).toEqual(ids.slice(0, 4));
      expect([all.row_count, all.truncated]).toEqual([4, true]);
      const result = await call(c, 'query', { sql: 'SELECT nces_id FROM districts ORDER BY 1', row_limit: 2 });
      expect((result.content[0] as { text: string }).text).toMatch(/Cut at 2 rows/);
      const few = (await structured(c, 'query', {
        sql: '-- the campaign\nWITH s AS (SELECT year, count(*) AS n FROM bell_schedules GROUP BY year) SELECT * FROM s ORDER BY year',
      })) as { rows: unknown[][]; truncated: boolean };
      expect(few).toMatchObject({
        rows: [
          ['2024-25', 1],
          ['2025-26', 7],
        ],
        truncated: false,
      });
      expect(await structured(c, 'query', { sql: 'SHOW TimeZone' })).toMatchObject({ rows: [['UTC']] });
    });

    it('query refuses every write: INSERT, UPDATE, DELETE, DDL, and writes the read-only transaction stops', async () => {
      const c = mcp.client;
      for (const sql of [
        "INSERT INTO districts (nces_id, name, state) VALUES ('0199999', 'Z', 'AL')",
        "UPDATE districts SET name = 'Z'",
        'DELETE FROM bell_schedules',
        'DROP TABLE districts',
        'CREATE TABLE x (a int)',
        'TRUNCATE campaign_claims',
        "COPY districts TO '/tmp/lct-mcp-copy.csv'",
      ])
        expect(errorText(await call(c, 'query', { sql })), sql).toMatch(/is not a read/);
      // Past the first keyword, the transaction itself is read only.
      for (const sql of [
        'EXPLAIN ANALYZE DELETE FROM districts',
        "SELECT nextval('bell_schedules_id_seq')",
        'WITH gone AS (DELETE FROM districts RETURNING *) SELECT count(*) FROM gone',
      ])
        expect(errorText(await call(c, 'query', { sql })), sql).toMatch(/read-only transaction|data-modifying/);
      // One statement only: a second one never runs.
      expect(errorText(await call(c, 'query', { sql: 'SELECT 1; DELETE FROM districts' }))).toMatch(
        /multiple commands|cannot insert multiple/,
      );
      expect(errorText(await call(c, 'query', { sql: 'SELECT * FROM no_such_table' }))).toMatch(
        /no_such_table.*does not exist/,
      );
      expect(await countsThroughServer(c)).toEqual(expected.counts);
    });

    it('query stops pg_sleep(60) at its timeout, and the server answers on', async () => {
      const text = errorText(await call(mcp.client, 'query', { sql: 'SELECT pg_sleep(60)' }));
      expect(text).toContain(`ran longer than ${QUERY_TIMEOUT_MS} ms and was stopped`);
      if (server) {
        // The server's backend really stopped sleeping (a client-side give-up would leave it running).
        const sleeping = await server.db.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(60)%' AND state = 'active' AND pid <> pg_backend_pid()`,
        );
        expect(sleeping.rows).toEqual([]);
      }
      expect(await structured(mcp.client, 'query_enrichment_summary', { year: '2025-26' })).toEqual(
        asJson(expected.enrichment),
      );
    });

    it('refuses writes without --allow-writes, changing nothing', async () => {
      const c = mcp.client;
      for (const [name, args] of [
        [
          'add_bell_schedule',
          { district_id: '100004', year: '2025-26', grade_level: 'high', instructional_minutes: 360 },
        ],
        ['claim_district', { state: 'AL', year: '2025-26' }],
        ['release_claim', { district_id: '100002' }],
      ] as const)
        expect(errorText(await call(c, name, args))).toMatch(/this server is read-only[\s\S]*--allow-writes/);
      expect(await countsThroughServer(c)).toEqual(expected.counts);
    });

    it('answers bad arguments with tool errors that say what to write, and keeps answering', async () => {
      const c = mcp.client;
      const cases: [string, Record<string, unknown>, RegExp][] = [
        ['query_lct_summary', { scope: 'teachers' }, /"teachers" is not an LCT scope\. Use one of: teachers_only/],
        ['query_lct_summary', { year: '2023' }, /"2023" is not a school year\. Write it like 2024-25/],
        ['query_next_candidates', {}, /state/],
        [
          'query_next_candidates',
          { state: 'ZZ' },
          /"ZZ" is not a state code NCES publishes districts for\. Use one of: AL, AK/,
        ],
        ['query_next_candidates', { state: 'WI', limit: 'ten' }, /limit/],
        ['query_next_candidates', { state: 'WI', limit: 2.5 }, /whole number/],
        ['lookup_district', { district_id: 5500001 }, /must be a string/],
        ['lookup_district', { district_id: 'WI-12' }, /"WI-12" is not an NCES district id/],
        ['lookup_district', { district_id: '0999999' }, /No district 0999999[\s\S]*search_districts/],
        ['lookup_district', { id: '0100001' }, /district_id|Unrecognized key/],
        ['get_district_profile', { district_id: '7299999' }, /No district 7299999/],
        ['get_run', { run_id: 'nope' }, /No calculation run "nope"[\s\S]*list_runs/],
        ['diff_runs', { run_a: 'r1', run_b: 'r3' }, /Run r3 is failed/],
        ['query', {}, /sql/],
        ['query', { sql: 42 }, /must be a string/],
        ['query', { sql: '   ' }, /No SQL statement given/],
        ['no_such_tool', {}, /no_such_tool not found/],
      ];
      for (const [name, args, message] of cases) {
        expect(errorText(await call(c, name, args)), `${name} ${JSON.stringify(args)}`).toMatch(message);
        // Still answering.
        expect(await structured(c, 'query_lct_summary', { scope: 'teachers_only', year: '2023-24' })).toEqual(
          asJson(expected.summary),
        );
      }
    });

    it('reads a bell schedule from pasted content and from a page, as the extractor does, storing nothing', async () => {
      const c = mcp.client;
      const fromContent = await structured(c, EXTRACT_TOOL, { content: PAGE, name: PAGE_FILE });
      const library = describeAttempt(await attemptDocument(new TextEncoder().encode(PAGE), PAGE_FILE));
      expect(fromContent).toEqual(asJson({ ...library, stored: null }));
      // The page's answer, as the extractor's own tests have it: a middle school's regular day.
      expect((fromContent as typeof library).answers).toMatchObject([
        { level: 'middle', start_time: '8:15 AM', end_time: '2:45 PM', lunch_duration: 30, instructional_minutes: 350 },
      ]);
      const site = await startSite();
      try {
        const fromUrl = (await structured(c, EXTRACT_TOOL, { url: `${site.url}/bell-schedule` })) as typeof library;
        expect(fromUrl).toMatchObject({ outcome: 'extracted', url: `${site.url}/bell-schedule`, stored: null });
        expect(fromUrl.answers).toEqual(
          asJson(library.answers).map((a: object) => ({ ...a, bell_schedule: expect.anything() })),
        );
        const blocked = await call(c, EXTRACT_TOOL, { url: `${site.url}/forbidden` });
        expect(blocked.isError).toBeFalsy();
        expect(blocked.structuredContent).toMatchObject({ outcome: 'blocked', answers: [] });
        expect((blocked.content[0] as { text: string }).text).toMatch(/blocked.*paste its text/);
      } finally {
        await site.close();
      }
      expect(errorText(await call(c, EXTRACT_TOOL, {}))).toMatch(/either url .* or content/);
      expect(errorText(await call(c, EXTRACT_TOOL, { url: 'https://x.example', content: 'x' }))).toMatch(/not both/);
      expect(errorText(await call(c, EXTRACT_TOOL, { url: 'ftp://x.example' }))).toMatch(/http\(s\) URL/);
      expect(
        errorText(await call(c, EXTRACT_TOOL, { content: PAGE, store: true, district_id: '100004', year: '2025-26' })),
      ).toMatch(/read-only[\s\S]*--allow-writes/);
      expect(await countsThroughServer(c)).toEqual(expected.counts);
    });

    it('serves the schema, the methodology and the scope definitions as resources', async () => {
      const read = async (uri: string) => {
        const { contents } = await mcp.client.readResource({ uri });
        return (contents[0] as { text: string }).text;
      };
      const schema = await read('lct://schema');
      for (const relation of listSchema()) {
        expect(schema).toContain(`## ${relation.name} (${relation.kind})`);
        for (const column of relation.columns) expect(schema).toContain(`| ${column.name} | ${column.type} |`);
      }
      expect(await read('lct://methodology')).toBe(
        fs.readFileSync(path.join(PACKAGE_ROOT, 'docs', 'calculation.md'), 'utf8'),
      );
      const scopes = await read('lct://scopes');
      for (const scope of ALL_SCOPES) expect(scopes).toContain(`| ${scope} |`);
      expect(scopes).toContain('- teachers_only < teachers_core');
    });
  });

  it('with --allow-writes, adds a schedule, claims and releases a district, each in data_lineage as mcp:<client>', async () => {
    // It writes: a database of its own, so the read-only tests see the fixture in any order.
    const own = await serveFixture(engine);
    try {
      const mcp = await startMcp(own.env, own.globalArgs, ['--allow-writes']);
      try {
        const c = mcp.client;
        const added = (await structured(c, 'add_bell_schedule', {
          district_id: '100004',
          year: '2025-26',
          grade_level: 'high',
          instructional_minutes: 365,
          source_urls: ['https://d.example/hours'],
        })) as { schedule: { id: number; district_id: string; instructional_minutes: number }; inserted: boolean };
        expect(added).toMatchObject({
          inserted: true,
          schedule: { district_id: '0100004', instructional_minutes: 365 },
        });
        // A refused schedule: the importer's validation, nothing written.
        expect(
          errorText(
            await call(c, 'add_bell_schedule', {
              district_id: '100004',
              year: '2020-21',
              grade_level: 'high',
              instructional_minutes: 365,
            }),
          ),
        ).toMatch(/COVID/);
        const claim = (await structured(c, 'claim_district', { state: 'AL', year: '2025-26' })) as {
          claim: { id: number; district_id: string; claimed_by: string; status: string };
        };
        // B (500) is AL's largest district without a real schedule (A has one, C only a fallback).
        expect(claim.claim).toMatchObject({
          district_id: '0100002',
          claimed_by: `mcp:${CLIENT_NAME}`,
          status: 'active',
        });
        const released = (await structured(c, 'release_claim', { district_id: '100002' })) as {
          released: { id: number; status: string }[];
        };
        expect(released.released).toMatchObject([{ id: claim.claim.id, status: 'released' }]);
        expect(errorText(await call(c, 'release_claim', { district_id: '100002' }))).toMatch(/has no active claim/);
        const extracted = (await structured(c, EXTRACT_TOOL, {
          content: PAGE,
          name: PAGE_FILE,
          store: true,
          district_id: '100003',
          year: '2025-26',
        })) as { stored: { attempt: { outcome: string; schedules_added: number }; added: { schedule: object }[] } };
        expect(extracted.stored.attempt).toMatchObject({ outcome: 'extracted', schedules_added: 1 });
        expect(extracted.stored.added[0]!.schedule).toMatchObject({
          district_id: '0100003',
          grade_level: 'middle',
          instructional_minutes: 350,
          method: 'automated_enrichment',
          created_by: `mcp:${CLIENT_NAME}`,
        });
        expect((await structured(c, 'database_status')) as object).toMatchObject({ writes_allowed: true });
      } finally {
        await mcp.close();
      }
      await own.withDb(async (db) => {
        const lineage = await db.query<{ table_name: string; operation: string; record_id: string; changes: unknown }>(
          `SELECT table_name, operation, record_id, changes FROM data_lineage WHERE source = $1 ORDER BY id`,
          [`mcp:${CLIENT_NAME}`],
        );
        expect(lineage.rows.map((r) => [r.table_name, r.operation])).toEqual([
          ['bell_schedules', 'insert'],
          ['campaign_claims', 'insert'],
          ['campaign_claims', 'update'],
          ['bell_schedules', 'insert'],
        ]);
        const attempts = await db.query(
          `SELECT district_id, year, document, outcome, schedules_added, attempted_by FROM campaign_attempts`,
        );
        expect(attempts.rows).toEqual([
          {
            district_id: '0100003',
            year: '2025-26',
            document: PAGE_FILE,
            outcome: 'extracted',
            schedules_added: 1,
            attempted_by: `mcp:${CLIENT_NAME}`,
          },
        ]);
        expect(lineage.rows[1]!.changes).toMatchObject({ after: { district_id: '0100002', status: 'active' } });
        expect(lineage.rows[2]!.changes).toMatchObject({
          before: { status: 'active', ended_at: null },
          after: { status: 'released' },
        });
        const schedule = await db.query(
          `SELECT instructional_minutes, source_urls FROM bell_schedules WHERE district_id = '0100004' AND year = '2025-26'`,
        );
        expect(schedule.rows).toEqual([{ instructional_minutes: 365, source_urls: ['https://d.example/hours'] }]);
      });
    } finally {
      await own.destroy();
    }
  });

  it('writes nothing but protocol messages on stdout, and stops when the client closes stdin', async () => {
    const child = spawn(process.execPath, [CLI, ...globalArgs, 'mcp', '--query-timeout', String(QUERY_TIMEOUT_MS)], {
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL')), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const answered = (id: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (stdout.split('\n').some((line) => line.includes(`"id":${id},`) || line.includes(`"id":${id}}`))) {
            child.stdout.off('data', onData);
            resolve();
          }
        };
        const onData = (d: Buffer) => {
          stdout += d;
          check();
        };
        child.stdout.on('data', onData);
        child.once('exit', () => reject(new Error(`lct mcp exited before answering ${id}:\n${stderr}`)));
        check();
      });
    const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
    });
    await answered(1);
    send({ method: 'notifications/initialized' });
    // A statement stopped at the timeout (on the embedded engine, its thread replaced), then more answers.
    send({ id: 2, method: 'tools/call', params: { name: 'query', arguments: { sql: 'SELECT pg_sleep(60)' } } });
    await answered(2);
    send({ id: 3, method: 'tools/call', params: { name: 'database_status', arguments: {} } });
    await answered(3);
    send({ id: 4, method: 'tools/call', params: { name: 'lookup_district', arguments: { district_id: 'x' } } });
    await answered(4);
    child.stdin.end();
    expect(await exited).toBe(0);
    const lines = stdout.split('\n').filter((line) => line.length > 0);
    expect(lines.length).toBe(4);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(JSON.parse(lines[1]!).result.isError).toBe(true);
    expect(JSON.parse(lines[2]!).result.structuredContent.engine).toBe(engine);
    expect(stderr).toContain('lct mcp: serving');
    // The embedded folder's lock went with the process.
    if (!server) expect(fs.existsSync(`${shared.pgdata}.lock`)).toBe(false);
  });
});

describe.runIf(ENGINES.includes('pglite'))('lct mcp refuses what it cannot serve', () => {
  it('a data folder that does not exist, and --memory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-mcp-none-'));
    try {
      const { runCli } = await import('./helpers/cli.js');
      const missing = await runCli(['--data-dir', path.join(dir, 'nothing'), 'mcp'], { DATABASE_URL: undefined });
      expect(missing.code).toBe(1);
      expect(missing.stdout).toBe('');
      expect(missing.stderr).toContain(`There is no embedded database at ${path.join(dir, 'nothing')}`);
      expect(fs.existsSync(path.join(dir, 'nothing'))).toBe(false);
      const memory = await runCli(['--memory', 'mcp'], { DATABASE_URL: undefined });
      expect(memory.code).toBe(1);
      expect(memory.stderr).toContain('a throwaway --memory database holds none');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
